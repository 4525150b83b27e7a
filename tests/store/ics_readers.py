"""Independent readers of an exported calendar, each giving the same plain shape back.

Every reader returns {uid: Event} for the events (repeating ones as their first instance),
so a test can assert that `ical` (strict), `vobject` (validating), `icalendar` and Mozilla's
`ical.js` all understood the same file the same way. `expand` lists the occurrences of a
window with recurring_ical_events, the way a calendar shows them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import recurring_ical_events
import vobject
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

JS_FOLDER = Path(__file__).resolve().parents[1] / "js"


@dataclass
class Event:
    summary: str
    start: date | datetime
    description: str = ""
    status: str = ""
    categories: list[str] = field(default_factory=list)


def _utc(value: date | datetime) -> date | datetime:
    """Aware times in UTC, so readers that keep the zone and those that convert compare."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    return value


def read_with_ical(data: bytes) -> dict[str, Event]:
    calendar = IcsCalendarStream.calendar_from_ics(data.decode())
    return {
        e.uid: Event(
            e.summary,
            _utc(e.dtstart),
            e.description or "",
            str(e.status.value) if e.status else "",
            list(e.categories),
        )
        for e in calendar.events
        if e.recurrence_id is None
    }


def read_with_vobject(data: bytes) -> dict[str, Event]:
    calendar = vobject.readOne(data.decode(), validate=True)
    events = {}
    for e in calendar.contents.get("vevent", []):
        if "recurrence-id" in e.contents:
            continue
        categories = [v for c in e.contents.get("categories", []) for v in c.value]
        events[e.uid.value] = Event(
            e.summary.value,
            _utc(e.dtstart.value),
            e.description.value if "description" in e.contents else "",
            e.status.value if "status" in e.contents else "",
            categories,
        )
    return events


def read_with_icalendar(data: bytes) -> dict[str, Event]:
    calendar = Calendar.from_ical(data)
    events = {}
    for e in calendar.walk("VEVENT"):
        if "RECURRENCE-ID" in e:
            continue
        categories = e.get("CATEGORIES")
        events[str(e["UID"])] = Event(
            str(e["SUMMARY"]),
            _utc(e.decoded("DTSTART")),
            str(e.get("DESCRIPTION", "")),
            str(e.get("STATUS", "")),
            [str(c) for c in categories.cats] if categories else [],
        )
    return events


def expand(data: bytes, start: date, end: date) -> list[tuple[str, date | datetime, str, str]]:
    """(uid, start in UTC, summary, status) of every occurrence in [start, end), sorted."""
    calendar = Calendar.from_ical(data)
    return sorted(
        (
            str(e["UID"]),
            _utc(e.decoded("DTSTART")),
            str(e["SUMMARY"]),
            str(e.get("STATUS", "")),
        )
        for e in recurring_ical_events.of(calendar).between(start, end)
    )


def read_with_icaljs(data: bytes, until: date = date(2030, 1, 1)) -> dict:
    """What Mozilla's ical.js (Thunderbird's reader) makes of the file; skips without node."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed: ical.js cannot run")
    if not (JS_FOLDER / "node_modules" / "ical.js").is_dir():
        pytest.skip("ical.js is not installed: run `npm ci --prefix tests/js` (.ci/run does)")
    result = subprocess.run(
        ["node", str(JS_FOLDER / "read.mjs"), until.isoformat()],
        input=data,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


ALL_READERS = (read_with_ical, read_with_vobject, read_with_icalendar)
