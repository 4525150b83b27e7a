"""Load opsdesk themes: TOML data files whose keys are the fields of `textual.theme.Theme`.

The built-in themes sit next to this module; users may add their own `*.toml` files in a
directory of their choice. A bad user file is reported, never fatal.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.css.constants import VALID_STYLE_FLAGS
from textual.theme import Theme

BUILTIN_DIR: Path = Path(__file__).resolve().parent
DEFAULT_THEME = "opsdesk-dark"
FEW_COLOURS_THEME = "opsdesk-ansi"

APP_VARIABLE_DEFAULTS: dict[str, str] = {
    "risk-high": "#D9453B",
    "risk-medium": "#D08C1A",
    "risk-low": "#3E9E5A",
    "overdue": "#E0453A",
    "slipped": "#B05CC0",
    "on-track": "#3E9E5A",
    "today-line": "#3A86D8",
    "done": "#888888",
}
"""Colours the app's CSS uses beyond Textual's own; a theme may override any of them."""


def has_few_colours(environ: Mapping[str, str]) -> bool:
    """True on a terminal that shows only the 16 ANSI colours (TERM=xterm, screen, linux).

    There the dark theme's hex colours are rounded to the nearest of 16 and priority and
    slip colours both come out grey; the ANSI theme names the 16 colours themselves.
    """
    if environ.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return False
    term = environ.get("TERM", "").lower()
    return bool(term) and not any(mark in term for mark in ("256", "direct", "truecolor"))


_FIELDS = {field.name: field for field in dataclasses.fields(Theme)}
_COLOUR_FIELDS = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
_BOOL_FIELDS = ("dark", "ansi")
_FLOAT_FIELDS = ("luminosity_spread", "text_alpha")
# Textual variables may carry an opacity ("#81a1c1 35%") or, for colours, "auto".
_ALPHA_SUFFIX = re.compile(r"\s+\d+(\.\d+)?%$")


class ThemeFileError(ValueError):
    """A theme file that cannot be used; the message is one line naming the file."""


def _check_colour(value: str) -> str | None:
    """Why `value` is not a colour, or None when it is one."""
    colour = _ALPHA_SUFFIX.sub("", value.strip())
    if colour == "auto":
        return None
    try:
        Color.parse(colour)
    except ColorParseError:
        return f"bad colour {value!r}"
    return None


def _check_variable(name: str, value: Any) -> str | None:
    if not isinstance(value, str):
        return f"variable {name!r} must be a string"
    if name.endswith("-style"):
        unknown = [flag for flag in value.split() if flag not in VALID_STYLE_FLAGS]
        return f"bad text style {value!r} for variable {name!r}" if unknown else None
    problem = _check_colour(value)
    return f"{problem} for variable {name!r}" if problem else None


def _theme_problem(data: dict[str, Any]) -> str | None:
    """The first reason `data` is not a valid theme, or None."""
    for key in data:
        if key not in _FIELDS:
            return f"unknown key {key!r}"
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        return "missing name"
    if "primary" not in data:
        return "missing primary"
    for key in _COLOUR_FIELDS:
        if key in data:
            value = data[key]
            if not isinstance(value, str):
                return f"{key} must be a colour string"
            if problem := _check_colour(value):
                return f"{problem} for {key}"
    for key in _BOOL_FIELDS:
        if key in data and not isinstance(data[key], bool):
            return f"{key} must be true or false"
    for key in _FLOAT_FIELDS:
        value = data.get(key, 0.0)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{key} must be a number"
    variables = data.get("variables", {})
    if not isinstance(variables, dict):
        return "variables must be a table"
    for name, value in variables.items():
        if problem := _check_variable(name, value):
            return problem
    return None


def load_theme_file(path: Path) -> Theme:
    """Read one theme file.

    Raises:
        ThemeFileError: the file is unreadable, not TOML, or not a valid theme.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ThemeFileError(f"{path}: cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ThemeFileError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        detail = " ".join(str(error).split())
        raise ThemeFileError(f"{path}: bad TOML: {detail}") from None
    if problem := _theme_problem(data):
        raise ThemeFileError(f"{path}: {problem}")
    fields = dict(data)
    fields["variables"] = dict(data.get("variables", {}))
    for key in _FLOAT_FIELDS:
        if key in fields:
            fields[key] = float(fields[key])
    return Theme(**fields)


def load_themes(user_dir: Path | None) -> tuple[list[Theme], list[str]]:
    """The built-in themes, then those in `user_dir/*.toml`, and a message per bad user file.

    A user theme with a built-in's name replaces it (the user's copy wins).
    """
    themes: dict[str, Theme] = {}
    for path in sorted(BUILTIN_DIR.glob("*.toml")):
        theme = load_theme_file(path)
        themes[theme.name] = theme
    errors: list[str] = []
    if user_dir is not None and user_dir.is_dir():
        try:
            paths = sorted(user_dir.glob("*.toml"))
        except OSError as error:
            return list(themes.values()), [f"{user_dir}: cannot list: {error.strerror}"]
        for path in paths:
            try:
                theme = load_theme_file(path)
            except ThemeFileError as error:
                errors.append(str(error))
                continue
            themes[theme.name] = theme
    return list(themes.values()), errors
