"""The user's config.toml: theme, key remapping, calendar auto-export."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from store.errors import UserError


def default_db_path() -> Path:
    """$OPSDESK_DB, else $XDG_DATA_HOME/opsdesk/opsdesk.json, else ~/.local/share/opsdesk/..."""
    if env := os.environ.get("OPSDESK_DB"):
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return base / "opsdesk" / "opsdesk.json"


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config")
    return Path(base) / "opsdesk"


def config_path() -> Path:
    return config_dir() / "config.toml"


# The settings the code reads as one type: anything else is named instead of crashing later.
SETTING_TYPES: dict[str, tuple[type, str]] = {
    "theme": (str, "text"),
    "ics_path": (str, "text (a file path)"),
    "alarm": (str, "text (an ISO duration such as -PT15M)"),
    "calendar_name": (str, "text"),
    "timezone": (str, "text (a zone such as Europe/Paris)"),
    "keys": (dict, "a table ([keys])"),
}


def load_config(path: Path | None = None) -> dict[str, Any]:
    """The config as a dict; a missing file is an empty config, a broken one a UserError."""
    path = path or config_path()
    try:
        file = open(path, "rb")
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise UserError(f"cannot read config {path}: {error}") from None
    import tomllib  # only with a config file: most CLI commands run without one

    try:
        with file:
            config = tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise UserError(f"cannot read config {path}: {error}") from None
    for key, kind in SETTING_TYPES.items():
        if key in config and not isinstance(config[key], kind[0]):
            raise UserError(f"config {path}: {key} must be {kind[1]}, not {config[key]!r}")
    return config


def save_setting(key: str, value: Any, path: Path | None = None) -> None:
    """Set one top-level key in place: the file's comments, order and layout stay as the
    person wrote them (tomlkit edits the document, it does not rewrite it)."""
    import tomlkit

    path = path or config_path()
    try:
        load_config(path)  # the same checks as at start
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        document = tomlkit.parse(text)
    except (UserError, OSError, UnicodeDecodeError, tomlkit.exceptions.TOMLKitError):
        return  # never overwrite a file the person must fix by hand
    document[key] = value  # a new top-level key goes above the first [table]
    # Private like the data, whatever the umask: the config names paths and calendars.
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        os.fchmod(file.fileno(), 0o600)
        file.write(tomlkit.dumps(document))
    os.replace(tmp, path)


def attach_autoexport(desk: Any, config: dict[str, Any]) -> None:
    """Rewrite the .ics file named by `ics_path` after every change to milestones."""
    target = config.get("ics_path")
    if not target:
        return
    from store.models import Milestone

    def export(model: type, ids: list[int]) -> None:
        if model is not Milestone:
            return
        path = Path(os.path.expanduser(target))
        try:
            write_calendar(desk, path, config)
        except UserError as error:
            # The change itself is stored: say so, and that only the calendar lags.
            desk.warn(f"the change is stored, but the calendar {path} was not updated: {error}")

    desk.listeners.append(export)


def write_calendar(desk: Any, path: Path, config: dict[str, Any], **options: Any) -> None:
    from store.ics import write_ics_atomic

    write_ics_atomic(path, calendar_bytes(desk, config, **options))


def calendar_bytes(
    desk: Any,
    config: dict[str, Any],
    *,
    actions: bool = False,
    project: str = "",
    today: date | None = None,
) -> bytes:
    """The calendar feed of the desk with the config's `calendar_name`, `alarm`, `timezone`
    and `calendar_grace_days`; deleted records come from the store's tombstones."""
    from store.ics import export_ics
    from store.ics_values import grace_days_of

    def wanted(record: Any) -> bool:
        return not project or record.project == project

    milestones = [m for m in desk.milestones.all() if wanted(m)]
    removed = [m for m in desk.milestones.deleted() if wanted(m)]
    dated = []
    if actions:
        dated = [a for a in desk.actions.all() if a.due and wanted(a)]
        removed += [a for a in desk.actions.deleted() if a.due and wanted(a)]
    return export_ics(
        milestones,
        dated,
        file_id=desk.db.file_id,
        name=config.get("calendar_name", "opsdesk"),
        alarm=config.get("alarm"),
        today=today,
        deleted=removed,
        timezone=config.get("timezone"),
        grace_days=grace_days_of(config),
    )
