"""Theme files: the built-ins load and apply in an app; bad user files are named, not fatal."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from themes import (
    APP_VARIABLE_DEFAULTS,
    BUILTIN_DIR,
    DEFAULT_THEME,
    ThemeFileError,
    load_theme_file,
    load_themes,
)
from tui.widgets.virtual_list import Column, Row, VirtualList

BUILTIN_NAMES = {"opsdesk-dark", "opsdesk-light", "opsdesk-high-contrast", "opsdesk-ansi"}
GOOD = 'name = "mine"\nprimary = "#336699"\n\n[variables]\nrisk-high = "#ff0000 80%"\n'


class ThemedApp(App[None]):
    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(APP_VARIABLE_DEFAULTS)

    def compose(self) -> ComposeResult:
        vlist = VirtualList([Column("title", "Title")])
        vlist.set_rows([Row("r", [("High", "vlist--risk-high")], style="vlist--done")])
        yield vlist


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_builtins_cover_the_shipped_names_and_app_variables() -> None:
    themes, errors = load_themes(None)
    assert errors == []
    assert {theme.name for theme in themes} == BUILTIN_NAMES
    assert DEFAULT_THEME in BUILTIN_NAMES
    for theme in themes:
        assert set(APP_VARIABLE_DEFAULTS) <= set(theme.variables), theme.name
    ansi = next(theme for theme in themes if theme.name == "opsdesk-ansi")
    colours = [ansi.primary, ansi.secondary, ansi.warning, ansi.error, ansi.success, ansi.accent]
    colours += [ansi.foreground, ansi.background, ansi.surface, ansi.panel]
    colours += [ansi.variables[name] for name in APP_VARIABLE_DEFAULTS]
    assert ansi.ansi and all(colour.startswith("ansi_") for colour in colours)


async def test_each_builtin_registers_and_applies() -> None:
    themes, _errors = load_themes(None)
    app = ThemedApp()
    async with app.run_test(size=(80, 24)) as pilot:
        vlist = app.query_one(VirtualList)
        for theme in themes:
            app.register_theme(theme)
            app.theme = theme.name
            await pilot.pause()
            assert app.current_theme is theme
            variables = app.get_css_variables()
            assert variables["risk-high"] == theme.variables["risk-high"]
            assert vlist.render_line(1).text.strip() == "High"


async def test_app_defaults_fill_in_for_a_theme_without_app_variables(tmp_path: Path) -> None:
    theme = load_theme_file(write(tmp_path, "bare.toml", 'name = "bare"\nprimary = "#336699"\n'))
    app = ThemedApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.register_theme(theme)
        app.theme = "bare"
        await pilot.pause()
        assert app.get_css_variables()["overdue"] == APP_VARIABLE_DEFAULTS["overdue"]


def test_a_good_file_loads_with_its_fields(tmp_path: Path) -> None:
    text = GOOD.replace("[variables]", "dark = false\nluminosity_spread = 1\n\n[variables]")
    theme = load_theme_file(write(tmp_path, "mine.toml", text))
    assert (theme.name, theme.primary, theme.dark) == ("mine", "#336699", False)
    assert theme.luminosity_spread == 1.0 and isinstance(theme.luminosity_spread, float)
    assert theme.variables == {"risk-high": "#ff0000 80%"}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('name = "x"\nprimary = "#336699\n', "bad TOML"),
        ('name = "x"\nprimary = "#336699"\nprimray = "#fff"\n', "unknown key 'primray'"),
        ('name = "x"\nprimary = "#33669"\n', "bad colour '#33669' for primary"),
        ('name = "x"\nprimary = "#336699"\naccent = "blurple"\n', "bad colour 'blurple'"),
        ('primary = "#336699"\n', "missing name"),
        ('name = "x"\n', "missing primary"),
        ('name = "x"\nprimary = "#336699"\ndark = "yes"\n', "dark must be true or false"),
        ('name = "x"\nprimary = "#336699"\n[variables]\noverdue = "nope"\n', "'overdue'"),
        (
            'name = "x"\nprimary = "#336699"\n[variables]\nblock-cursor-text-style = "loud"\n',
            "bad text style 'loud'",
        ),
    ],
)
def test_a_bad_file_names_itself_and_the_problem(tmp_path: Path, text: str, problem: str) -> None:
    path = write(tmp_path, "broken.toml", text)
    with pytest.raises(ThemeFileError) as caught:
        load_theme_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and problem in message
    assert "\n" not in message


def test_load_themes_keeps_the_good_and_reports_the_bad(tmp_path: Path) -> None:
    write(tmp_path, "mine.toml", GOOD)
    write(tmp_path, "bad-toml.toml", "name = [\n")
    write(tmp_path, "bad-key.toml", 'name = "k"\nprimary = "#000"\ncolour = "#fff"\n')
    write(tmp_path, "bad-colour.toml", 'name = "c"\nprimary = "not-a-colour"\n')
    write(tmp_path, "ignored.txt", "not a theme")
    override = (BUILTIN_DIR / "opsdesk-dark.toml").read_text(encoding="utf-8")
    write(tmp_path, "my-dark.toml", override.replace('"#4C9BE8"', '"#FF00FF"', 1))
    themes, errors = load_themes(tmp_path)
    names = [theme.name for theme in themes]
    assert sorted(names) == sorted(BUILTIN_NAMES | {"mine"})
    assert next(t for t in themes if t.name == "opsdesk-dark").primary == "#FF00FF"
    assert sorted(error.split(":")[0] for error in errors) == [
        str(tmp_path / "bad-colour.toml"),
        str(tmp_path / "bad-key.toml"),
        str(tmp_path / "bad-toml.toml"),
    ]


def test_missing_user_dir_is_not_an_error(tmp_path: Path) -> None:
    themes, errors = load_themes(tmp_path / "nowhere")
    assert errors == [] and {theme.name for theme in themes} == BUILTIN_NAMES


@pytest.mark.parametrize(
    ("environ", "config", "expected"),
    [
        ({"TERM": "xterm"}, {}, "opsdesk-ansi"),
        ({"TERM": "screen"}, {}, "opsdesk-ansi"),
        ({"TERM": "linux"}, {}, "opsdesk-ansi"),
        ({"TERM": "xterm"}, {"theme": "opsdesk-light"}, "opsdesk-light"),  # the user chose
        ({"TERM": "xterm-256color"}, {}, DEFAULT_THEME),
        ({"TERM": "xterm", "COLORTERM": "truecolor"}, {}, DEFAULT_THEME),
        ({"TERM": "tmux-256color"}, {}, DEFAULT_THEME),
    ],
)
async def test_a_16_colour_terminal_gets_the_ansi_theme_unless_one_was_chosen(
    environ: dict[str, str], config: dict, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store.repository import Desk
    from store.storage import Database
    from tui.app import OpsDesk

    monkeypatch.delenv("COLORTERM", raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    app = OpsDesk(Desk(Database(None)), config=config, remember_theme=False)
    async with app.run_test(size=(80, 24)):
        assert app.theme == expected


@pytest.mark.parametrize("name", sorted(BUILTIN_NAMES))
async def test_the_chosen_theme_is_styled_at_start_with_one_parse(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The theme from config.toml colours the desk from its first styling, and the rules are
    parsed once: not first with Textual's default theme, then again for this one."""
    from textual.color import Color
    from textual.css.stylesheet import Stylesheet

    from store.repository import Desk
    from store.storage import Database
    from tui.app import OpsDesk

    reparsed = []
    monkeypatch.setattr(Stylesheet, "reparse", lambda self: reparsed.append(self))
    app = OpsDesk(Desk(Database(None)), config={"theme": name}, remember_theme=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        theme = app.get_theme(name)
        assert app.theme == name and reparsed == []
        background = app.screen.styles.background
        assert background == Color.parse(app.theme_variables["background"])
        assert app.theme_variables["background"] == theme.to_color_system().generate()["background"]
        app.theme = "opsdesk-dark" if name != "opsdesk-dark" else "opsdesk-light"
        await pilot.pause()
        assert reparsed  # a theme changed later is applied as Textual does it
