"""config.toml is the person's file: a setting the app changes is edited in place."""

import tomllib
from pathlib import Path

from store.config import save_setting

CONFIG = """\
# My opsdesk settings.
theme = "opsdesk-light"   # light for the office

ics_path = "~/cal/opsdesk.ics"

# Keys I remapped
[keys]
"record.done" = "space"  # x is too far
"""


def test_choosing_a_theme_keeps_comments_and_layout(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    save_setting("theme", "opsdesk-ansi", path)
    assert path.read_text(encoding="utf-8") == CONFIG.replace(
        '"opsdesk-light"   # light', '"opsdesk-ansi"   # light'
    )


def test_a_new_setting_goes_above_the_tables(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG.replace('theme = "opsdesk-light"   # light for the office\n', ""))
    save_setting("theme", "opsdesk-dark", path)
    text = path.read_text(encoding="utf-8")
    assert tomllib.loads(text)["theme"] == "opsdesk-dark"
    assert tomllib.loads(text)["keys"] == {"record.done": "space"}
    assert "# Keys I remapped" in text and "# x is too far" in text


def test_a_missing_file_is_created(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    save_setting("theme", "opsdesk-dark", path)
    assert tomllib.loads(path.read_text())["theme"] == "opsdesk-dark"


def test_a_broken_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = \n# half typed", encoding="utf-8")
    save_setting("theme", "opsdesk-dark", path)
    assert path.read_text(encoding="utf-8") == "theme = \n# half typed"
