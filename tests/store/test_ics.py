"""The iCalendar export, read back by independent parsers and checked line by line."""

from __future__ import annotations

import os
import re
import stat
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream

from store import ics
from store.errors import UserError
from store.ics import calendar_uid, export_ics, write_ics_atomic
from store.models import Action, Milestone

UPDATED = datetime(2026, 3, 2, 8, 15, 0, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")
TODAY = date(2026, 3, 2)

TITLES = {
    "punctuation": r"Go-live, phase 1; cut-over \ rollback \n literally",
    "newlines": "Line one\nLine two\r\nLine three",
    "emoji": "Launch 🚀🎉 party 👩‍👩‍👧 family",
    "cjk": "倉庫移転の完了・検収 (東京)",
    "accented": "Réunion équipe: déménagement à Zürich, Ærø, Łódź",
    "long": ("Contract renegotiation with ACME, see §4; ✓ 日本 é " * 6)[:200],
}


def milestone(record_id: int = 1, **changes) -> Milestone:
    values = dict(
        id=record_id,
        title=f"Milestone {record_id}",
        forecast=date(2026, 12, 6),
        owner="alice",
        project="warehouse",
        updated=UPDATED,
    )
    return Milestone(**(values | changes))


def action(record_id: int = 100, **changes) -> Action:
    values = dict(id=record_id, title=f"Action {record_id}", due=date(2026, 5, 4), updated=UPDATED)
    return Action(**(values | changes))


def export(milestones=(), actions=(), **options) -> bytes:
    options = {"file_id": "file-a", "today": TODAY, "timezone": "Europe/Paris"} | options
    return export_ics(milestones, actions, **options)


def unfolded(data: bytes) -> list[str]:
    return data.decode().replace("\r\n ", "").split("\r\n")


def read_with_ical(data: bytes) -> dict[str, tuple]:
    calendar = IcsCalendarStream.calendar_from_ics(data.decode())
    return {e.uid: (e.summary, e.dtstart, e.dtend, e.description) for e in calendar.events}


def read_with_vobject(data: bytes) -> dict[str, tuple]:
    calendar = vobject.readOne(data.decode(), validate=True)
    return {
        e.uid.value: (e.summary.value, e.dtstart.value, e.dtend.value, e.description.value)
        for e in calendar.contents.get("vevent", [])
    }


def check_physical_lines(data: bytes) -> None:
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r" not in data.replace(b"\r\n", b"")
    for line in data[:-2].split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # raises if a fold split a character


@pytest.mark.parametrize("kind", sorted(TITLES))
def test_independent_parsers_read_back_every_event(kind: str) -> None:
    title = TITLES[kind]
    milestones = [milestone(1, title=title, description=title)]
    actions = [
        action(7, title=title, due=datetime(2026, 5, 4, 9, 30), notes=title),
        action(8, title=title, due=date(2026, 5, 5)),
    ]
    data = export(milestones, actions)
    text = title.replace("\r\n", "\n")
    expected = {
        calendar_uid("file-a", "milestone", 1): (text, date(2026, 12, 6), date(2026, 12, 7)),
        calendar_uid("file-a", "action", 7): (
            text,
            datetime(2026, 5, 4, 9, 30, tzinfo=PARIS),
            datetime(2026, 5, 4, 10, 0, tzinfo=PARIS),
        ),
        calendar_uid("file-a", "action", 8): (text, date(2026, 5, 5), date(2026, 5, 6)),
    }
    for read in (read_with_ical, read_with_vobject):
        events = read(data)
        assert {uid: event[:3] for uid, event in events.items()} == expected
        assert events[calendar_uid("file-a", "milestone", 1)][3].endswith("\n\n" + text)
    check_physical_lines(data)


def test_long_multibyte_text_is_folded_at_75_octets_without_splitting_characters() -> None:
    # Shift the multi-byte characters across every fold position.
    milestones = [
        milestone(n, title="x" * n + "日本語😀é" * 30, description="✓" * (n + 80))
        for n in range(1, 9)
    ]
    data = export(milestones, alarm="-P1D")
    check_physical_lines(data)
    assert data.count(b"\r\n ") > 30  # folding actually happened
    titles = {event[0] for event in read_with_vobject(data).values()}
    assert titles == {m.title for m in milestones}


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=120))
def test_any_title_gives_a_valid_file_that_reads_back(title: str) -> None:
    data = export([milestone(1, title=title)])
    check_physical_lines(data)
    expected = title.replace("\r\n", "\n").replace("\r", "\n")
    expected = "".join(c for c in expected if c in "\t\n" or not (ord(c) < 32 or ord(c) == 127))
    for read in (read_with_ical, read_with_vobject):
        ((summary, *_),) = read(data).values()
        assert summary == expected


def test_calendar_properties() -> None:
    data = export([milestone()], name="Ops, west\nteam", refresh="P1D")
    check_physical_lines(data)
    lines = unfolded(data)
    assert lines[:3] == ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{ics.PRODID}"]
    assert r"NAME:Ops\, west\nteam" in lines
    assert r"X-WR-CALNAME:Ops\, west\nteam" in lines
    assert vobject.readOne(data.decode()).x_wr_calname.value == "Ops, west\nteam"
    assert "REFRESH-INTERVAL;VALUE=DURATION:P1D" in lines
    assert "X-PUBLISHED-TTL:P1D" in lines
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in unfolded(export([milestone()]))


@pytest.mark.parametrize("option", [{"refresh": "hourly"}, {"refresh": "-PT1H"}, {"alarm": "1d"}])
def test_bad_durations_are_user_errors(option: dict) -> None:
    with pytest.raises(UserError, match=re.escape(next(iter(option.values())))):
        export([milestone()], **option)


def test_uids_are_stable_and_unique_per_data_file() -> None:
    uid = calendar_uid("file-a", "milestone", 1)
    assert uid == calendar_uid("file-a", "milestone", 1)
    assert uid.endswith("@opsdesk")
    assert uid != calendar_uid("file-b", "milestone", 1)
    assert uid != calendar_uid("file-a", "action", 1)
    assert uid != calendar_uid("file-a", "milestone", 2)

    before = read_with_ical(export([milestone(1), milestone(2)]))
    edited = read_with_ical(export([milestone(1), milestone(2, title="Renamed", sequence=3)]))
    assert set(before) == set(edited) == {uid, calendar_uid("file-a", "milestone", 2)}
    assert set(read_with_ical(export([milestone(1)], file_id="file-b"))) == {
        calendar_uid("file-b", "milestone", 1)
    }


def test_a_stored_milestone_uid_is_kept() -> None:
    data = export([milestone(1, uid="imported-123@example.com")])
    assert set(read_with_ical(data)) == {"imported-123@example.com"}


def test_a_move_raises_sequence_and_keeps_the_uid() -> None:
    first = milestone(1, sequence=2)
    moved = first.copy(forecast=date(2026, 12, 20), sequence=3, updated=UPDATED + timedelta(1))
    before, after = export([first]), export([moved])
    assert "SEQUENCE:2" in unfolded(before)
    assert "SEQUENCE:3" in unfolded(after)
    assert "LAST-MODIFIED:20260303T081500Z" in unfolded(after)
    events = read_with_ical(after)
    assert set(events) == set(read_with_ical(before))
    assert events[calendar_uid("file-a", "milestone", 1)][1] == date(2026, 12, 20)


def test_unchanged_data_exports_byte_identical_in_any_input_order() -> None:
    milestones = [milestone(n, forecast=date(2026, 6, 1 + n % 3)) for n in range(1, 7)]
    actions = [action(10), action(11, due=datetime(2026, 6, 1, 8, 0))]
    data = export(milestones, actions, alarm="-PT9H")
    assert export(milestones, actions, alarm="-PT9H") == data
    assert export(list(reversed(milestones)), list(reversed(actions)), alarm="-PT9H") == data


def test_events_are_sorted_by_date_then_uid() -> None:
    milestones = [milestone(n, forecast=date(2026, 6, 1 + n % 3)) for n in range(1, 7)]
    calendar = IcsCalendarStream.calendar_from_ics(export(milestones).decode())
    keys = [(event.dtstart, event.uid) for event in calendar.events]
    assert keys == sorted(keys)


def test_stamps_come_from_the_record_in_utc_not_the_clock() -> None:
    updated = datetime(2026, 1, 5, 10, 0, tzinfo=timezone(timedelta(hours=2)))
    lines = unfolded(export([milestone(updated=updated)]))
    assert "DTSTAMP:20260105T080000Z" in lines
    assert "LAST-MODIFIED:20260105T080000Z" in lines


@pytest.mark.parametrize("day", [date(2026, 12, 31), date(2028, 2, 28), date(2026, 3, 29)])
def test_all_day_events_end_the_next_day(day: date) -> None:
    data = export([milestone(forecast=day)], [action(due=day)])
    for read in (read_with_ical, read_with_vobject):
        for _summary, start, end, _description in read(data).values():
            assert (start, end) == (day, day + timedelta(days=1))
    assert "DTSTART;VALUE=DATE:" + day.strftime("%Y%m%d") in unfolded(data)


def test_a_deleted_milestone_is_left_out() -> None:
    kept, deleted = milestone(1, title="Kept"), milestone(2, title="Deleted")
    assert b"Deleted" in export([kept, deleted])
    data = export([kept])
    assert b"Deleted" not in data
    assert set(read_with_ical(data)) == {calendar_uid("file-a", "milestone", 1)}


def test_done_and_cancelled_milestones() -> None:
    data = export([milestone(1, title="Ship", status="done"), milestone(2, status="cancelled")])
    calendar = IcsCalendarStream.calendar_from_ics(data.decode())
    by_uid = {event.uid: event for event in calendar.events}
    done = by_uid[calendar_uid("file-a", "milestone", 1)]
    assert done.summary == "✓ Ship"
    assert done.status == "CONFIRMED"
    assert by_uid[calendar_uid("file-a", "milestone", 2)].status == "CANCELLED"


def test_description_and_categories() -> None:
    data = export(
        [milestone(description="Dock 4, ramp B", project="ops, west", baseline=date(2026, 12, 1))]
    )
    calendar = vobject.readOne(data.decode(), validate=True)
    event = calendar.vevent
    assert event.summary.value == "Milestone 1 (slipped 5 days)"
    assert event.description.value == (
        "Owner: alice\nStatus: open\nBaseline: 2026-12-01\nSlip: +5 days\n\nDock 4, ramp B"
    )
    assert event.categories.value == ["ops, west"]
    late = milestone(forecast=date(2026, 2, 1), baseline=date(2026, 2, 2), owner="")
    assert read_with_ical(export([late]))[calendar_uid("file-a", "milestone", 1)][3] == (
        "Status: open\nBaseline: 2026-02-02\nSlip: -1 day"
    )


def test_dated_actions_become_events_cancelled_ones_as_cancelled() -> None:
    actions = [
        action(1, due=datetime(2026, 5, 4, 9, 30)),
        action(2, due=date(2026, 5, 4), status="done", title="Filed"),
        action(3, due=None),
        action(4, status="cancelled"),
    ]
    data = export([], actions)
    events = read_with_ical(data)
    assert set(events) == {calendar_uid("file-a", "action", n) for n in (1, 2, 4)}
    assert events[calendar_uid("file-a", "action", 2)][0] == "✓ Filed"
    calendar = IcsCalendarStream.calendar_from_ics(data.decode())
    status = {event.uid: event.status for event in calendar.events}
    assert status[calendar_uid("file-a", "action", 4)] == "CANCELLED"
    lines = unfolded(data)
    # Local time in the user's zone, which the file defines.
    assert "DTSTART;TZID=Europe/Paris:20260504T093000" in lines
    assert "DTEND;TZID=Europe/Paris:20260504T100000" in lines
    assert "TZID:Europe/Paris" in lines


def test_action_sequence_is_its_revision() -> None:
    assert "SEQUENCE:7" in unfolded(export([], [action(rev=7)]))


def test_alarm() -> None:
    assert b"VALARM" not in export([milestone()])
    data = export([milestone()], alarm="-P1D")
    lines = unfolded(data)
    start = lines.index("BEGIN:VALARM")
    alarm_lines = lines[start : lines.index("END:VALARM")]
    assert "ACTION:DISPLAY" in alarm_lines
    assert "TRIGGER:-P1D" in alarm_lines
    assert "DESCRIPTION:Milestone 1" in alarm_lines
    calendar = IcsCalendarStream.calendar_from_ics(data.decode())
    assert calendar.events[0].alarm[0].trigger == timedelta(days=-1)


def test_write_ics_atomic_writes_a_private_new_file(tmp_path: Path) -> None:
    target = tmp_path / "opsdesk.ics"
    write_ics_atomic(target, b"new\r\n")
    assert target.read_bytes() == b"new\r\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["opsdesk.ics"]


def test_write_ics_atomic_keeps_the_mode_of_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "opsdesk.ics"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_ics_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_write_ics_atomic_writes_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "published.ics"
    real.write_bytes(b"old")
    link = tmp_path / "opsdesk.ics"
    link.symlink_to(real)
    write_ics_atomic(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_write_ics_atomic_failure_leaves_the_old_file(
    tmp_path: Path, monkeypatch, failing: str
) -> None:
    target = tmp_path / "opsdesk.ics"
    target.write_bytes(b"old")

    def full_disk(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ics.os, failing, full_disk)
    with pytest.raises(UserError, match=re.escape(str(target))):
        write_ics_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["opsdesk.ics"]  # no temp file left behind


def test_write_ics_atomic_into_a_missing_folder_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="missing"):
        write_ics_atomic(tmp_path / "missing" / "opsdesk.ics", b"data")
