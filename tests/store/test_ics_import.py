"""Invitations become meeting notes: from an invite built with icalendar and from one
hand-written in Outlook's shape; the same invite twice is one note; bad files store nothing."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event, vCalAddress, vText

from store.errors import UserError
from store.ics_import import MARKER, import_file, window_of
from store.repository import Desk
from store.storage import Database

CONFIG = {"timezone": "America/New_York"}
TODAY = date(2026, 3, 2)

# Hand-written in the shape Outlook sends: METHOD:REQUEST, a Windows zone name with its
# own VTIMEZONE, quoted TZID, CN on attendees with ROLE/PARTSTAT/RSVP, folded lines.
OUTLOOK = (
    b"BEGIN:VCALENDAR\r\n"
    b"METHOD:REQUEST\r\n"
    b"PRODID:Microsoft Exchange Server 2010\r\n"
    b"VERSION:2.0\r\n"
    b"BEGIN:VTIMEZONE\r\n"
    b"TZID:W. Europe Standard Time\r\n"
    b"BEGIN:STANDARD\r\n"
    b"DTSTART:16010101T030000\r\n"
    b"TZOFFSETFROM:+0200\r\n"
    b"TZOFFSETTO:+0100\r\n"
    b"RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\r\n"
    b"END:STANDARD\r\n"
    b"BEGIN:DAYLIGHT\r\n"
    b"DTSTART:16010101T020000\r\n"
    b"TZOFFSETFROM:+0100\r\n"
    b"TZOFFSETTO:+0200\r\n"
    b"RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\r\n"
    b"END:DAYLIGHT\r\n"
    b"END:VTIMEZONE\r\n"
    b"BEGIN:VEVENT\r\n"
    b"ORGANIZER;CN=Dana Whitfield:mailto:dana.whitfield@example.com\r\n"
    b"ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Alice Bo\r\n"
    b" nd:mailto:alice@example.com\r\n"
    b"ATTENDEE;CN=Chen Li;ROLE=REQ-PARTICIPANT:mailto:chen@example.com\r\n"
    b"ATTENDEE;ROLE=OPT-PARTICIPANT;RSVP=TRUE:mailto:ops-list@example.com\r\n"
    b"DESCRIPTION;LANGUAGE=en-US:Agenda:\\n1. Dock 4\\, ramp B\\; C:\\\\New\\n2. Cut-ov\r\n"
    b" er plan\\n\r\n"
    b"UID:040000008200E00074C5B7101A82E00800000000B0C1A4F2@example.com\r\n"
    b"SUMMARY;LANGUAGE=en-US:Warehouse cut-over sync\r\n"
    b"DTSTART;TZID=W. Europe Standard Time:20260715T140000\r\n"
    b"DTEND;TZID=W. Europe Standard Time:20260715T150000\r\n"
    b"CLASS:PUBLIC\r\n"
    b"PRIORITY:5\r\n"
    b"DTSTAMP:20260301T101500Z\r\n"
    b"TRANSP:OPAQUE\r\n"
    b"STATUS:CONFIRMED\r\n"
    b"SEQUENCE:0\r\n"
    b"LOCATION;LANGUAGE=en-US:Room 4.12\\, Building B\r\n"
    b"X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE\r\n"
    b"END:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)
OUTLOOK_UID = "040000008200E00074C5B7101A82E00800000000B0C1A4F2@example.com"


def built_invite(**changes) -> bytes:
    """A weekly meeting as icalendar (and so Google-like producers) writes one."""
    calendar = Calendar()
    calendar.add("prodid", "-//Google Inc//Google Calendar 70.9054//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", changes.get("uid", "weekly-ops@google.com"))
    event.add("summary", changes.get("summary", "Weekly ops; vendors, too"))
    paris = ZoneInfo("Europe/Paris")
    event.add("dtstart", changes.get("start", datetime(2026, 3, 2, 9, 30, tzinfo=paris)))
    event.add("dtend", datetime(2026, 3, 2, 10, 0, tzinfo=paris))
    event.add("dtstamp", datetime(2026, 2, 1, 8, 0, tzinfo=ZoneInfo("UTC")))
    event.add("rrule", {"freq": "weekly", "byday": "MO"})
    event.add("exdate", datetime(2026, 3, 16, 9, 30, tzinfo=paris))
    organizer = vCalAddress("mailto:bob@example.com")
    organizer.params["cn"] = vText("Bob Stone")
    event["organizer"] = organizer
    attendee = vCalAddress("mailto:alice@example.com")
    attendee.params["cn"] = vText("Alice Bond")
    event.add("attendee", attendee, encode=0)
    event.add("attendee", "mailto:chen@example.com")
    event.add("location", "https://meet.example.com/abc-defg")
    event.add("description", changes.get("description", "Standing agenda\nRisks first"))
    calendar.add_component(event)
    moved = Event()
    moved.add("uid", "weekly-ops@google.com")
    moved.add("recurrence-id", datetime(2026, 3, 9, 9, 30, tzinfo=paris))
    moved.add("summary", "Weekly ops (moved to 11:00)")
    moved.add("dtstart", datetime(2026, 3, 9, 11, 0, tzinfo=paris))
    moved.add("dtend", datetime(2026, 3, 9, 11, 30, tzinfo=paris))
    moved.add("dtstamp", datetime(2026, 2, 1, 8, 0, tzinfo=ZoneInfo("UTC")))
    calendar.add_component(moved)
    return calendar.to_ical()


@pytest.fixture
def desk(tmp_path):
    desk = Desk(Database(tmp_path / "desk.json"))
    yield desk
    desk.db.close()


def test_an_outlook_invite_becomes_a_meeting_note(desk) -> None:
    result = import_file(desk, OUTLOOK, "invite.ics", CONFIG, today=TODAY)
    assert (result.created, result.updated) == (1, 0)
    (note,) = desk.notes.all()
    assert note.title == "Warehouse cut-over sync"
    assert note.start == datetime(2026, 7, 15, 8, 0)  # 14:00 in Berlin is 08:00 in New York
    assert note.attendees == ["Alice Bond", "Chen Li", "ops-list@example.com"]
    assert note.uid == OUTLOOK_UID
    assert note.body.split("\n") == [
        "Agenda:",
        "1. Dock 4, ramp B; C:\\New",
        "2. Cut-over plan",
        "",
        "Where: Room 4.12, Building B",
        "Organizer: Dana Whitfield <dana.whitfield@example.com>",
        MARKER,
        "",
    ]


def test_an_icalendar_invite_without_a_window_is_one_note_per_event(desk) -> None:
    import_file(desk, built_invite(), "weekly.ics", CONFIG, today=TODAY)
    notes = sorted(desk.notes.all(), key=lambda n: n.start)
    assert [(n.title, n.start) for n in notes] == [
        ("Weekly ops; vendors, too", datetime(2026, 3, 2, 3, 30)),
        ("Weekly ops (moved to 11:00)", datetime(2026, 3, 9, 6, 0)),
    ]
    first = notes[0]
    assert first.attendees == ["Alice Bond", "chen@example.com"]
    assert first.body.startswith("Standing agenda\nRisks first\n\nWhere: https://meet")
    assert "Organizer: Bob Stone <bob@example.com>" in first.body


def test_a_window_expands_the_series_without_its_exceptions(desk) -> None:
    window = window_of(date(2026, 3, 1), date(2026, 3, 29), TODAY)
    import_file(desk, built_invite(), "weekly.ics", CONFIG, window=window, today=TODAY)
    notes = sorted(desk.notes.all(), key=lambda n: n.start)
    assert [(n.title, n.start.date()) for n in notes] == [
        ("Weekly ops; vendors, too", date(2026, 3, 2)),
        ("Weekly ops (moved to 11:00)", date(2026, 3, 9)),
        # 16 March is an EXDATE
        ("Weekly ops; vendors, too", date(2026, 3, 23)),
    ]
    assert len({n.uid for n in notes}) == 3
    again = import_file(desk, built_invite(), "weekly.ics", CONFIG, window=window, today=TODAY)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert len(desk.notes.all()) == 3


def test_the_same_invite_twice_updates_its_note_and_keeps_the_users_text(desk) -> None:
    import_file(desk, OUTLOOK, "invite.ics", CONFIG, today=TODAY)
    (note,) = desk.notes.all()
    mine = "Chen: dock ready by Friday\n- [ ] Book forklift @chen due:2026-07-10\n"
    desk.notes.save(note.copy(body=note.body + mine), today=TODAY)
    moved = OUTLOOK.replace(b"20260715T14", b"20260716T16").replace(b"Dock 4", b"Dock 5")
    result = import_file(desk, moved, "invite.ics", CONFIG, today=TODAY)
    assert (result.created, result.updated) == (0, 1)
    (note,) = desk.notes.all()
    assert note.start == datetime(2026, 7, 16, 10, 0)
    assert "Dock 5" in note.body and "Dock 4" not in note.body
    assert note.body.endswith(MARKER + "\n" + mine)
    assert [a.title for a in desk.actions.all()] == ["Book forklift"]  # not a second one

    # A body whose marker the user removed is kept whole.
    desk.notes.save(note.copy(body="All mine\n"), today=TODAY)
    import_file(desk, OUTLOOK, "invite.ics", CONFIG, today=TODAY)
    (note,) = desk.notes.all()
    assert note.body.endswith(MARKER + "\nAll mine\n")
    assert "Dock 4" in note.body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "invite.ics is not a readable iCalendar file"),
        (b"hello world\n", "invite.ics is not a readable iCalendar file"),
        (b"\xff\xfe\x00garbage", "invite.ics is not a readable iCalendar file"),
        (OUTLOOK[:400], "invite.ics is not a readable iCalendar file"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "invite.ics holds no events"),
        (
            built_invite() + OUTLOOK.replace(b"DTSTART;TZID=W. Europe Standard Time:2026", b"X:"),
            "has no start",
        ),
    ],
    ids=["empty", "text", "binary", "cut short", "no events", "an event without start"],
)
def test_bad_files_are_one_clear_error_and_store_nothing(desk, data, message) -> None:
    import_file(desk, built_invite(uid="other@example.com"), "ok.ics", CONFIG, today=TODAY)
    before = desk.notes.all()
    with pytest.raises(UserError, match=message) as error:
        import_file(desk, data, "invite.ics", CONFIG, today=TODAY)
    assert "\n" not in str(error.value)
    assert desk.notes.all() == before


def test_a_bad_action_line_in_an_invite_stores_none_of_the_file(desk) -> None:
    both = OUTLOOK + built_invite(description="- [ ] Call vendor due:someday")
    with pytest.raises(UserError, match="someday"):
        import_file(desk, both, "invite.ics", CONFIG, today=TODAY)
    assert desk.notes.all() == [] and desk.actions.all() == []


def test_window_defaults() -> None:
    assert window_of(None, None, TODAY) is None
    assert window_of(date(2026, 3, 1), None, TODAY) == (date(2026, 3, 1), date(2026, 3, 29))
    assert window_of(None, date(2026, 3, 10), TODAY) == (TODAY, date(2026, 3, 10))
    with pytest.raises(UserError, match="before"):
        window_of(date(2026, 3, 10), date(2026, 3, 1), TODAY)


def test_with_or_without_a_window_a_meeting_finds_the_same_note(desk) -> None:
    window = window_of(date(2026, 3, 1), date(2026, 3, 10), TODAY)
    import_file(desk, OUTLOOK + built_invite(), "both.ics", CONFIG, today=TODAY)
    assert len(desk.notes.all()) == 3  # Outlook's meeting, the series' first and its move
    outlook_window = window_of(date(2026, 7, 1), date(2026, 7, 31), TODAY)
    again = import_file(desk, OUTLOOK, "invite.ics", CONFIG, window=outlook_window, today=TODAY)
    assert (again.created, again.unchanged) == (0, 1)
    weekly = import_file(desk, built_invite(), "weekly.ics", CONFIG, window=window, today=TODAY)
    assert (weekly.created, weekly.unchanged) == (0, 2)  # 2 and 9 March
