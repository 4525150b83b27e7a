"""The feed as subscribers see it: exact text, repeating actions, time zones, removals,
reminders, and a feed that does not depend on the day it was written."""

from __future__ import annotations

import re
import string
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ics_readers import (
    ALL_READERS,
    expand,
    read_with_ical,
    read_with_icalendar,
    read_with_icaljs,
)

from store.config import calendar_bytes
from store.errors import UserError
from store.ics import calendar_uid, export_ics
from store.models import Action, Milestone
from store.repository import Desk
from store.storage import Database

UPDATED = datetime(2026, 3, 2, 8, 15, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)
SHARE = r"Share \\NAS01\Nightly and C:\New"


def unfolded(data: bytes) -> list[str]:
    return data.decode().replace("\r\n ", "").split("\r\n")


def export(milestones=(), actions=(), **options) -> bytes:
    options = {"file_id": "file-a", "today": TODAY, "timezone": "Europe/Paris"} | options
    return export_ics(milestones, actions, **options)


def milestone(record_id: int = 1, **changes) -> Milestone:
    values = dict(id=record_id, title=f"M{record_id}", forecast=date(2026, 12, 6), updated=UPDATED)
    return Milestone(**(values | changes))


def action(record_id: int = 100, **changes) -> Action:
    values = dict(id=record_id, title=f"A{record_id}", due=date(2026, 5, 4), updated=UPDATED)
    return Action(**(values | changes))


@pytest.fixture
def desk(tmp_path):
    desk = Desk(Database(tmp_path / "desk.json"))
    yield desk
    desk.db.close()


# -- 1. text is exactly what was typed ----------------------------------------------------


def test_backslash_n_stays_a_backslash_and_an_n_everywhere() -> None:
    data = export(
        [milestone(1, title=SHARE, description=SHARE, project=SHARE)],
        [action(2, title=SHARE, notes=SHARE)],
        name=SHARE,
    )
    for read in ALL_READERS:
        event = read(data)[calendar_uid("file-a", "milestone", 1)]
        assert event.summary == SHARE
        assert event.description.endswith("\n\n" + SHARE)
        assert event.categories == [SHARE]
        assert read(data)[calendar_uid("file-a", "action", 2)].summary == SHARE
    assert f"X-WR-CALNAME:{SHARE.replace(chr(92), chr(92) * 2)}" in unfolded(data)
    seen = read_with_icaljs(data)
    assert seen["name"] == SHARE
    assert {e["summary"] for e in seen["events"]} == {SHARE}
    assert all(e["categories"] in ([], [SHARE]) for e in seen["events"])


BACKSLASHED = st.text(
    alphabet=st.sampled_from(["\\", ",", ";", ":", "\n", " ", "é", "日", *string.ascii_letters]),
    min_size=1,
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(BACKSLASHED, BACKSLASHED)
def test_backslashes_before_any_letter_read_back_exactly(title: str, project: str) -> None:
    data = export([milestone(1, title=title, project=project, description=title)], name=title)
    for read in ALL_READERS:
        event = read(data)[calendar_uid("file-a", "milestone", 1)]
        assert event.summary == title
        assert event.description.endswith("\n\n" + title)
        # `ical` splits CATEGORIES at every comma, escaped or not (its own bug): the
        # other readers check those.
        if read is not read_with_ical or "," not in project:
            assert event.categories == [project]


# -- 2. repeating actions ------------------------------------------------------------------


def test_a_repeating_action_is_one_series_with_every_occurrence(desk) -> None:
    desk.actions.add_quick("Weekly ops review due:2026-01-05 every:mon", today=TODAY)
    data = calendar_bytes(desk, {"timezone": "UTC"}, actions=True, today=TODAY)
    occurrences = expand(data, date(2026, 1, 1), date(2026, 4, 1))
    assert len(occurrences) == 13
    assert {uid for uid, *_ in occurrences} == {calendar_uid(desk.db.file_id, "action", 1)}
    assert [start.weekday() for _, start, *_ in occurrences] == [0] * 13
    assert "RRULE:FREQ=WEEKLY;BYDAY=MO" in unfolded(data)
    (event,) = read_with_icaljs(data, until=date(2026, 4, 1))["events"]
    assert event["recurring"] is True
    assert len(event["occurrences"]) == 13


def test_completing_occurrences_keeps_one_series_and_marks_them_done(desk, monkeypatch) -> None:
    ticks = iter(range(10_000))  # a clock a minute a change: changes in one second are rare
    for module in ("store.repo", "store.action_repo"):  # where the repositories read the clock
        monkeypatch.setattr(f"{module}.utcnow", lambda: UPDATED + timedelta(minutes=next(ticks)))
    first = desk.actions.add_quick("Weekly ops review due:2026-01-05 every:mon", today=TODAY)
    desk.actions.complete(first.id, today=date(2026, 1, 5))
    second = desk.actions.all()[-1]
    desk.actions.complete(second.id, today=date(2026, 1, 12))
    before = calendar_bytes(desk, {}, actions=True, today=TODAY)
    occurrences = expand(before, date(2026, 1, 1), date(2026, 2, 1))
    uid = calendar_uid(desk.db.file_id, "action", first.id)
    assert [(u, s, summary) for u, s, summary, _ in occurrences] == [
        (uid, date(2026, 1, 5), "✓ Weekly ops review"),
        (uid, date(2026, 1, 12), "✓ Weekly ops review"),
        (uid, date(2026, 1, 19), "Weekly ops review"),
        (uid, date(2026, 1, 26), "Weekly ops review"),
    ]
    (event,) = read_with_icaljs(before, until=date(2026, 2, 1))["events"]
    assert [(o["start"]["text"], o["summary"]) for o in event["occurrences"]] == [
        ("2026-01-05", "✓ Weekly ops review"),
        ("2026-01-12", "✓ Weekly ops review"),
        ("2026-01-19", "Weekly ops review"),
        ("2026-01-26", "Weekly ops review"),
    ]
    # Each completion is a change subscribers must take: the series' SEQUENCE rises.
    third = desk.actions.all()[-1]
    desk.actions.complete(third.id, today=date(2026, 1, 19))
    after = calendar_bytes(desk, {}, actions=True, today=TODAY)

    def sequence(data: bytes) -> int:
        return max(int(line[9:]) for line in unfolded(data) if line.startswith("SEQUENCE:"))

    assert sequence(after) > sequence(before)


@pytest.mark.parametrize(
    ("rule", "due", "expected"),
    [
        ("day", date(2026, 1, 5), "FREQ=DAILY"),
        ("2w", date(2026, 1, 5), "FREQ=WEEKLY;INTERVAL=2"),
        ("month", date(2026, 1, 5), "FREQ=MONTHLY"),
        ("year", date(2026, 1, 5), "FREQ=YEARLY"),
        ("weekday", date(2026, 1, 5), "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("mon,thu", date(2026, 1, 5), "FREQ=WEEKLY;BYDAY=MO,TH"),
    ],
)
def test_repeat_rules_become_rrules(rule: str, due: date, expected: str) -> None:
    data = export([], [action(1, due=due, recur=rule)])
    assert f"RRULE:{expected}" in unfolded(data)
    assert len(expand(data, date(2026, 1, 1), date(2028, 1, 1))) > 1


def test_a_series_due_off_its_rule_still_starts_on_the_due_day() -> None:
    # due on a Wednesday, every Monday: the Wednesday and then the Mondays.
    data = export([], [action(1, due=date(2026, 1, 7), recur="mon")])
    starts = [start for _, start, *_ in expand(data, date(2026, 1, 1), date(2026, 1, 20))]
    assert starts == [date(2026, 1, 7), date(2026, 1, 12), date(2026, 1, 19)]


# -- 3. timed actions carry the user's zone ---------------------------------------------


@pytest.mark.parametrize(
    ("due", "utc"),
    [
        (datetime(2026, 1, 15, 8, 45), datetime(2026, 1, 15, 13, 45, tzinfo=UTC)),
        (datetime(2026, 7, 15, 8, 45), datetime(2026, 7, 15, 12, 45, tzinfo=UTC)),
    ],
)
def test_timed_actions_are_in_the_configured_zone(due: datetime, utc: datetime) -> None:
    data = export([], [action(1, due=due)], timezone="America/New_York")
    lines = unfolded(data)
    assert f"DTSTART;TZID=America/New_York:{due:%Y%m%dT%H%M%S}" in lines
    assert "BEGIN:VTIMEZONE" in lines and "TZID:America/New_York" in lines
    for read in (read_with_ical, read_with_icalendar):
        assert read(data)[calendar_uid("file-a", "action", 1)].start == utc
    (event,) = read_with_icaljs(data)["events"]
    assert event["start"]["utc"] == utc.timestamp()


def test_without_a_configured_zone_the_system_zone_is_used(monkeypatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    data = export([], [action(1, due=datetime(2026, 1, 15, 9, 0))], timezone=None)
    assert "DTSTART;TZID=Asia/Tokyo:20260115T090000" in unfolded(data)
    assert read_with_ical(data)[calendar_uid("file-a", "action", 1)].start == datetime(
        2026, 1, 15, 0, 0, tzinfo=UTC
    )


def test_an_unknown_zone_is_a_user_error() -> None:
    with pytest.raises(UserError, match="Mars/Base"):
        export([], [action(1, due=datetime(2026, 1, 15, 9, 0))], timezone="Mars/Base")


# -- 4. removals reach calendars that import -----------------------------------------------


def test_cancelled_and_deleted_records_stay_cancelled_for_the_grace_period(desk) -> None:
    kept = desk.milestones.add(Milestone(title="Kept", forecast=date(2026, 6, 1)))
    gone = desk.milestones.add(Milestone(title="Gone", forecast=date(2026, 6, 2)))
    dropped = desk.actions.add(Action(title="Dropped", due=date(2026, 6, 3)))
    removed = desk.actions.add(Action(title="Removed", due=date(2026, 6, 4)))
    desk.milestones.delete(gone.id)
    desk.actions.update(desk.actions.get(dropped.id).copy(status="cancelled"))
    desk.actions.delete(removed.id)
    today = datetime.now(UTC).date()
    data = calendar_bytes(desk, {}, actions=True, today=today)
    file_id = desk.db.file_id
    for read in ALL_READERS:
        events = read(data)
        assert events[calendar_uid(file_id, "milestone", kept.id)].status == "CONFIRMED"
        for kind, record_id in (("milestone", gone.id), ("action", dropped.id)):
            assert events[calendar_uid(file_id, kind, record_id)].status == "CANCELLED"
        assert events[calendar_uid(file_id, "action", removed.id)].status == "CANCELLED"
    text = data.decode().replace("\r\n ", "")
    gone_event = text[text.index("SUMMARY:Gone") :].split("END:VEVENT")[0]
    assert "SEQUENCE:1" in gone_event  # one more than the milestone had
    later = calendar_bytes(desk, {}, actions=True, today=today + timedelta(days=31))
    assert set(read_with_ical(later)) == {calendar_uid(file_id, "milestone", kept.id)}
    custom = calendar_bytes(desk, {"calendar_grace_days": 60}, today=today + timedelta(days=31))
    assert b"Gone" in custom


@pytest.mark.parametrize("value", [-1, "30", 1.5, True])
def test_a_bad_grace_period_is_a_user_error(desk, value) -> None:
    with pytest.raises(UserError, match="calendar_grace_days"):
        calendar_bytes(desk, {"calendar_grace_days": value})


# -- 5. the feed does not depend on the day it is written ---------------------------------


def test_the_feed_is_the_same_whatever_the_day_and_shows_the_slip() -> None:
    moved = milestone(1, forecast=date(2026, 4, 10), baseline=date(2026, 4, 1))
    early = milestone(2, forecast=date(2026, 4, 10), baseline=date(2026, 4, 12))
    records = [moved, early, milestone(3, forecast=date(2026, 4, 10))]
    feeds = {export(records, today=day) for day in (date(2026, 3, 1), date(2026, 5, 1))}
    assert len(feeds) == 1
    (data,) = feeds
    events = read_with_ical(data)
    first = events[calendar_uid("file-a", "milestone", 1)]
    assert first.summary == "M1 (slipped 9 days)"
    assert "Baseline: 2026-04-01\nSlip: +9 days" in first.description
    assert events[calendar_uid("file-a", "milestone", 2)].summary == "M2 (2 days early)"
    assert events[calendar_uid("file-a", "milestone", 3)].summary == "M3"
    assert not re.search(r"late|on track", data.decode())


# -- 6-8. reminders, METHOD, alarm values ---------------------------------------------------


def test_no_reminders_for_done_or_cancelled_items() -> None:
    data = export(
        [milestone(1), milestone(2, status="done"), milestone(3, status="cancelled")],
        [action(4), action(5, status="done"), action(6, status="cancelled")],
        alarm="-P1D",
    )
    text = data.decode()
    with_alarm = {
        event.split("UID:")[1].split("\r\n")[0]
        for event in text.split("BEGIN:VEVENT")[1:]
        if "BEGIN:VALARM" in event
    }
    uid = calendar_uid
    assert with_alarm == {uid("file-a", "milestone", 1), uid("file-a", "action", 4)}


def test_no_method_in_a_subscription_feed() -> None:
    assert not any(line.startswith("METHOD") for line in unfolded(export([milestone()])))


@pytest.mark.parametrize("alarm", ["P", "PT", "P1D", "PT15M", "+P1D"])
def test_empty_and_positive_alarms_are_refused(alarm: str) -> None:
    with pytest.raises(UserError, match=re.escape(repr(alarm))):
        export([milestone()], alarm=alarm)


@pytest.mark.parametrize("alarm", ["-P1D", "-PT15M", "PT0S", "-P1W"])
def test_reminders_before_or_at_the_start_are_accepted(alarm: str) -> None:
    assert b"BEGIN:VALARM" in export([milestone()], alarm=alarm)


def test_a_backslash_before_every_letter_reads_back() -> None:
    title = " ".join("\\" + letter for letter in string.ascii_letters)
    data = export([milestone(1, title=title, description=title)], [action(2, notes=title)])
    for read in ALL_READERS:
        event = read(data)[calendar_uid("file-a", "milestone", 1)]
        assert event.summary == title
        assert read(data)[calendar_uid("file-a", "action", 2)].description.endswith(title)
    summaries = {e["summary"] for e in read_with_icaljs(data)["events"]}
    assert title in summaries


def test_a_series_sequence_does_not_fall_when_old_occurrences_leave_the_feed() -> None:
    # Old done occurrences move to the archive, out of the feed: SEQUENCE must not fall.
    done = [
        action(n, due=date(2026, 1, 5 + 7 * n), recur="mon", status="done", rev=3, series_id=1)
        for n in range(1, 4)
    ]
    head = action(9, due=date(2026, 1, 26), recur="mon", series_id=1, updated=UPDATED, rev=1)

    def sequence(data: bytes) -> int:
        return max(int(line[9:]) for line in unfolded(data) if line.startswith("SEQUENCE:"))

    assert sequence(export([], [*done[1:], head])) >= sequence(export([], [*done, head]))


def test_a_new_baseline_changes_the_title_and_raises_the_sequence(desk) -> None:
    added = desk.milestones.add(Milestone(title="Go-live", forecast=date(2026, 6, 10)))
    changed = desk.milestones.update(added.copy(baseline=date(2026, 6, 1)))
    assert changed.sequence == added.sequence + 1
    data = calendar_bytes(desk, {}, today=TODAY)
    assert read_with_ical(data)[calendar_uid(desk.db.file_id, "milestone", added.id)].summary == (
        "Go-live (slipped 9 days)"
    )
