"""One data set holding everything a feed can hold, read back by parsers nobody here wrote:
`ical` (strict), `vobject` (validating), `icalendar`, recurring_ical_events, and Mozilla's
ical.js when node is present."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from ics_readers import ALL_READERS, expand, read_with_icaljs

from store.config import calendar_bytes
from store.ics import calendar_uid
from store.models import Action, Milestone
from store.repository import Desk
from store.storage import Database

HOSTILE = "Dock 4, ramp B; C:\\New\\Nightly \\N \\n\r\nsecond line\rthird"
LONG = ("倉庫移転の完了・検収 Zürich Łódź 🚀 " * 40)[:1000]
TODAY = datetime.now(UTC).date()
CONFIG = {"timezone": "America/New_York", "calendar_name": "Ops; west, \\N team"}


@pytest.fixture(scope="module")
def feed(tmp_path_factory) -> tuple[bytes, dict[str, str]]:
    desk = Desk(Database(tmp_path_factory.mktemp("feed") / "desk.json"))
    milestones = desk.milestones
    hostile = milestones.add(
        Milestone(
            title=HOSTILE, forecast=date(2026, 6, 1), project="ops, west", description=HOSTILE
        )
    )
    long = milestones.add(Milestone(title=LONG, forecast=date(2026, 6, 2)))
    moved = milestones.add(Milestone(title="Cut-over", forecast=date(2026, 6, 3)))
    milestones.move(moved.id, date(2026, 6, 17), "vendor late")
    done = milestones.add(Milestone(title="Kick-off", forecast=date(2026, 5, 1)))
    milestones.complete(done.id, date(2026, 5, 1))
    cancelled = milestones.add(Milestone(title="Pilot", forecast=date(2026, 6, 5)))
    milestones.update(milestones.get(cancelled.id).copy(status="cancelled"))
    deleted = milestones.add(Milestone(title="Dropped", forecast=date(2026, 6, 6)))
    milestones.delete(deleted.id)

    actions = desk.actions
    timed = actions.add(Action(title=HOSTILE, due=datetime(2026, 1, 15, 8, 45)))
    all_day = actions.add(Action(title=LONG, due=date(2026, 6, 8), notes=HOSTILE))
    weekly = actions.add_quick("Ops review due:2026-06-01T09:30 every:mon", today=TODAY)
    actions.complete(weekly.id, today=date(2026, 6, 1))
    off = actions.add(Action(title="Called off", due=date(2026, 6, 9)))
    actions.update(actions.get(off.id).copy(status="cancelled"))
    gone = actions.add(Action(title="Gone", due=date(2026, 6, 10)))
    actions.delete(gone.id)
    data = calendar_bytes(desk, CONFIG, actions=True, today=TODAY)
    uid = desk.db.file_id

    def m(record):
        return calendar_uid(uid, "milestone", record.id)

    def a(record):
        return calendar_uid(uid, "action", record.id)

    uids = {
        "hostile": m(hostile), "long": m(long), "moved": m(moved), "done": m(done),
        "cancelled": m(cancelled), "deleted": m(deleted), "timed": a(timed),
        "all_day": a(all_day), "weekly": a(weekly), "off": a(off), "gone": a(gone),
    }  # fmt: skip
    desk.db.close()
    return data, uids


@pytest.mark.parametrize("read", ALL_READERS, ids=lambda read: read.__name__[10:])
def test_every_reader_sees_every_event_as_written(feed, read) -> None:
    data, uids = feed
    events = read(data)
    assert set(events) == set(uids.values())
    clean = HOSTILE.replace("\r\n", "\n").replace("\r", "\n")
    assert events[uids["hostile"]].summary == clean
    assert events[uids["hostile"]].description.endswith("\n\n" + clean)
    assert events[uids["long"]].summary == LONG
    assert events[uids["moved"]].summary == "Cut-over (slipped 14 days)"
    assert events[uids["moved"]].start == date(2026, 6, 17)
    assert events[uids["done"]].summary == "✓ Kick-off"
    for name in ("cancelled", "deleted", "off", "gone"):
        assert events[uids[name]].status == "CANCELLED", name
    assert events[uids["timed"]].start == datetime(2026, 1, 15, 13, 45, tzinfo=UTC)
    assert events[uids["all_day"]].start == date(2026, 6, 8)


def test_recurring_ical_events_expands_the_series_with_its_done_occurrence(feed) -> None:
    data, uids = feed
    weekly = [
        o for o in expand(data, date(2026, 6, 1), date(2026, 6, 29)) if o[0] == uids["weekly"]
    ]
    starts = [start for _, start, *_ in weekly]
    assert starts == [datetime(2026, 6, d, 13, 30, tzinfo=UTC) for d in (1, 8, 15, 22)]
    assert [summary for _, _, summary, _ in weekly] == ["✓ Ops review"] + ["Ops review"] * 3


def test_icaljs_reads_the_same_feed(feed) -> None:
    data, uids = feed
    seen = read_with_icaljs(data, until=date(2026, 6, 29))
    assert seen["name"] == CONFIG["calendar_name"]
    events = {event["uid"]: event for event in seen["events"]}
    assert set(events) == set(uids.values())
    clean = HOSTILE.replace("\r\n", "\n").replace("\r", "\n")
    assert events[uids["hostile"]]["summary"] == clean
    assert events[uids["long"]]["summary"] == LONG
    assert (
        events[uids["timed"]]["start"]["utc"]
        == datetime(2026, 1, 15, 13, 45, tzinfo=UTC).timestamp()
    )
    for name in ("cancelled", "deleted", "off", "gone"):
        assert events[uids[name]]["status"] == "CANCELLED", name
        assert events[uids[name]]["alarms"] == 0
    weekly = events[uids["weekly"]]
    assert weekly["recurring"] is True
    assert [o["summary"] for o in weekly["occurrences"]] == ["✓ Ops review"] + ["Ops review"] * 3
    first = datetime(2026, 6, 1, 13, 30, tzinfo=UTC)
    assert [o["start"]["utc"] for o in weekly["occurrences"]] == [
        (first + timedelta(weeks=n)).timestamp() for n in range(4)
    ]
