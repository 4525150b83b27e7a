"""Check every record of a data file when it loads, so a bad one is refused, not half-used.

The checks follow the model dataclasses (a field typed `date | None` must be null or an ISO
date), plus the few ranges the code relies on (statuses, priority 1-3, scores 1-5). A record
that fails names its table, id and field in one line. Keys the models do not know are left
alone: a newer minor version may have written them.
"""

from __future__ import annotations

import dataclasses
import functools
import typing
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from store import models, projects

Check = Callable[[Any], str | None]  # None when good, else what is wrong


class BadRecord(ValueError):
    """One line: `<table> record <id>: <field> <what is wrong>`."""


def _show(value: Any) -> str:
    """A value as it may appear in a message: repr escapes control characters; kept short."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) else f"is {_show(value)}, not text"


def _whole(low: int, high: int | None = None) -> Check:
    wanted = f"a whole number from {low} to {high}" if high is not None else "a whole number"
    if high is None and low > -(2**63):
        wanted = f"a whole number of at least {low}"

    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"is {_show(value)}, not {wanted}"
        if value < low or (high is not None and value > high):
            return f"is {value}, not {wanted}"
        return None

    return check


def _iso(value: Any, with_time: bool | None) -> str | None:
    """None if `value` is ISO date text (with_time False), date-time (True) or either (None)."""
    if not isinstance(value, str):
        return f"is {_show(value)}, not a date (YYYY-MM-DD)"
    has_time = "T" in value
    if with_time is False and has_time:
        return f"is {_show(value)}, not a day (YYYY-MM-DD without a time)"
    try:
        (datetime.fromisoformat if has_time else date.fromisoformat)(value)
    except ValueError:
        return f"is {_show(value)}, not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM)"
    return None


def _optional(check: Check) -> Check:
    return lambda value: None if value is None else check(value)


def _list_of(check: Check) -> Check:
    def each(value: Any) -> str | None:
        if not isinstance(value, list):
            return "is not a list"
        for number, item in enumerate(value, 1):
            if (problem := check(item)) is not None:
                return f"item {number} {problem}"
        return None

    return each


def _entries(**checks: Check) -> Check:
    """A list of small dicts (move or rescore history) whose known keys are checked."""

    def entry(value: Any) -> str | None:
        if not isinstance(value, dict):
            return f"is {_show(value)}, not a history entry"
        for key, check in checks.items():
            if key in value and (problem := check(value[key])) is not None:
                return f"({key}) {problem}"
        return None

    return _list_of(entry)


def _one_of(names: tuple[str, ...]) -> Check:
    return lambda value: None if value in names else f"is {value!r}, not one of {', '.join(names)}"


_ID = _optional(_whole(1))
_SCORE = _whole(1, 5)
# Checks that say more than the field's type.
_SPECIAL: dict[str, Check] = {
    "rev": _whole(0),
    "sequence": _whole(0),
    "priority": _optional(_whole(1, 3)),
    "probability": _SCORE,
    "impact": _SCORE,
    "review_days": _whole(1, 3650),
    "milestone_id": _ID,
    "series_id": _ID,
    "risk_id": _ID,
    "note_id": _ID,
    "action_ids": _list_of(_whole(1)),
    "moves": _entries(
        at=_optional(lambda v: _iso(v, None)),
        **{"from": lambda v: _iso(v, False), "to": lambda v: _iso(v, False)},
        reason=_optional(_text),
    ),
    "history": _entries(probability=_SCORE, impact=_SCORE),
    "health": _one_of(projects.HEALTHS),
    "phase": _one_of(projects.PHASES),
    "name": lambda value: None if isinstance(value, str) and value else "is empty",
}
_STATUSES = {
    models.Action: models.ACTION_STATUSES,
    models.Milestone: models.MILESTONE_STATUSES,
    models.Risk: models.RISK_STATUSES,
    projects.Project: projects.PROJECT_STATUSES,
}


_NONE = type(None)
Spec = tuple[frozenset[type], Check | None]  # the types a value may have, then a finer check


def _iso_check(with_time: bool | None) -> Check:
    return lambda value: _iso(value, with_time)


def _for_type(hint: Any) -> Spec | None:
    args = typing.get_args(hint)
    if _NONE in args:
        rest = tuple(a for a in args if a is not _NONE)
        inner = _for_type(rest[0] if len(rest) == 1 else typing.Union[rest])  # noqa: UP007
        if inner is None:
            return None
        if not inner[0]:  # the finer check takes any type: let it take None too
            return inner[0], _optional(inner[1])  # type: ignore[arg-type]
        return inner[0] | {_NONE}, inner[1]
    if set(args) == {date, datetime} or hint is datetime:  # a bare day reads as midnight
        return frozenset(), _iso_check(None)
    if hint is date:
        return frozenset(), _iso_check(False)
    if hint in (str, int, bool):
        return frozenset({hint}), None
    if typing.get_origin(hint) is list:
        item = args[0] if args else None
        if item in (str, int):
            return frozenset({list}), _list_of(_whole(-(2**63)) if item is int else _text)
        return frozenset({list}), None
    return None


def _special(check: Check) -> Spec:
    # Checked in full by `check`; the type set only lets everything through to it.
    return frozenset(), check


@functools.cache
def _specs(model: type[models.Record]) -> tuple[dict[str, Spec], frozenset[str]]:
    """How each field of `model` is checked, and the fields a record must have."""
    hints = typing.get_type_hints(model)
    specs: dict[str, Spec] = {"deleted": (frozenset({bool}), None)}
    required = set()
    for field in dataclasses.fields(model):
        if field.name == "id":
            continue
        spec = _special(_SPECIAL[field.name]) if field.name in _SPECIAL else None
        spec = spec or _for_type(hints[field.name])
        if spec is not None:
            specs[field.name] = spec
        if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            required.add(field.name)
    if model in _STATUSES:
        specs["status"] = _special(_one_of(_STATUSES[model]))
    return specs, frozenset(required)


def check_tables(data: dict[str, dict[str, Any]]) -> None:
    """Raise BadRecord for the first record of a known table that the code cannot use."""
    for table, docs in data.items():
        model = models.MODELS.get(table)
        if model is None:
            continue
        check = _checker(model)
        for doc_id, doc in docs.items():
            if (problem := check(doc)) is not None:
                raise BadRecord(f"{table} record {doc_id}: {problem}")


def check_record(model: type[models.Record], doc: dict[str, Any]) -> str | None:
    """What is wrong with one document of `model` (the field and why), or None."""
    return _checker(model)(doc)


@functools.cache
def _checker(model: type[models.Record]) -> Callable[[dict[str, Any]], str | None]:
    # Runs over every record of a large file at each load, so the common case (a value of
    # an allowed type that needs no finer check) costs one lookup and one set test.
    specs, required = _specs(model)
    types_of = {key: types for key, (types, _) in specs.items() if types}.get
    check_of = {key: check for key, (_, check) in specs.items() if check}.get

    def check(doc: dict[str, Any]) -> str | None:
        if not required <= doc.keys():
            return f"{min(required - doc.keys())} is missing"
        for key, value in doc.items():
            types = types_of(key)
            if types is not None and type(value) not in types:
                return f"{key} is {_show(value)}, not {_wrong_type(types)}"
            finer = check_of(key)
            if finer is not None and (problem := finer(value)):
                return f"{key} {problem}"
        return None

    return check


def _wrong_type(types: frozenset[type]) -> str:
    names = {str: "text", int: "a whole number", bool: "true or false", list: "a list"}
    wanted = " or ".join(sorted(names[t] for t in types if t in names))
    return wanted + (" or null" if _NONE in types else "")


@functools.cache
def checks_id() -> str:
    """An id of these checks: a checksum of the code that makes them (this module and the
    models and projects it reads), so that any change to them, an older or a newer opsdesk,
    has another id; empty when that code cannot be read."""
    import sys
    import zlib
    from pathlib import Path

    total = 0
    try:
        for module in (sys.modules[__name__], models, projects):
            total = zlib.crc32(Path(module.__file__ or "").read_bytes(), total)
    except OSError:
        return ""
    return f"{total:08x}"
