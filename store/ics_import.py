"""Invitations (.ics from Outlook, Google, Thunderbird) become meeting notes.

One note per event (or per occurrence of a repeating meeting in a chosen window), keyed by
the event's UID, so importing the same invite again updates that note. The note's body
starts with the invitation's part (its description, location and organizer) and a marker
line; what the user writes below the marker is theirs and survives every re-import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from store.errors import UserError
from store.models import Note

if TYPE_CHECKING:
    from store.repository import Desk

MARKER = "--- end of invitation: write below this line, re-import keeps it ---"
WINDOW_DAYS = 28  # a window given only by --from (or only --to) is four weeks long


@dataclass
class Invite:
    """What a meeting note takes from one event (or occurrence)."""

    uid: str  # the event's UID; for a meeting of a series, with the occurrence's start
    title: str
    start: datetime  # naive, in the user's zone
    attendees: list[str]
    organizer: str
    location: str
    description: str
    cancelled: bool

    def body_head(self) -> str:
        """The invitation's part of the note body, the marker line included."""
        lines = [self.description.strip("\n")] if self.description.strip() else []
        if lines:
            lines.append("")
        if self.cancelled:
            lines.append("Status: cancelled by the organizer")
        if self.location:
            lines.append(f"Where: {self.location}")
        if self.organizer:
            lines.append(f"Organizer: {self.organizer}")
        return "\n".join([*lines, MARKER]) + "\n"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        total = self.created + self.updated + self.unchanged
        return (
            f"{total} meeting{'s' if total != 1 else ''} read: {self.created} new, "
            f"{self.updated} updated, {self.unchanged} unchanged"
        )


def window_of(start: date | None, end: date | None, today: date) -> tuple[date, date] | None:
    """The inclusive window of --from/--to: None without either; four weeks from one."""
    if start is None and end is None:
        return None
    start = start or min(today, end or today)
    end = end or start + timedelta(days=WINDOW_DAYS)
    if end < start:
        raise UserError(f"--to {end.isoformat()} is before --from {start.isoformat()}")
    return start, end


def read_invites(
    data: bytes, source: str, zone: str, window: tuple[date, date] | None = None
) -> list[Invite]:
    """The events of an .ics file as invites; a file that is not one raises UserError.

    With a `window`, repeating meetings are expanded into their occurrences in it (and
    events outside it left out); without one, each VEVENT in the file is one invite.
    """
    from icalendar import Calendar

    try:
        # Some mail programs put several VCALENDARs in one attachment.
        calendars = Calendar.from_ical(data, multiple=True)
        if not calendars or any(c.name != "VCALENDAR" for c in calendars):
            raise ValueError("no VCALENDAR in it")
        if not any(c.walk("VEVENT") for c in calendars):
            raise UserError(f"{source} holds no events")
        # Meetings of a series are keyed by occurrence, with or without a window, so the
        # same occurrence always finds the same note (expansion marks every copy with a
        # RECURRENCE-ID, single meetings too, so the series are known from the file).
        series = {
            str(e.get("UID", "")).strip()
            for c in calendars
            for e in c.walk("VEVENT")
            if "RRULE" in e or "RDATE" in e or "RECURRENCE-ID" in e
        }
        events = []
        for calendar in calendars:
            if window is None:
                events += calendar.walk("VEVENT")
                continue
            import recurring_ical_events

            end = window[1] + timedelta(days=1)
            events += recurring_ical_events.of(calendar).between(window[0], end)
        return [_invite(event, zone, series) for event in events]
    except UserError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        # icalendar's parse errors are ValueErrors; a broken value can surface as others.
        reason = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
        raise UserError(f"{source} is not a readable iCalendar file: {reason}") from None


def _invite(event: Any, zone: str, series: set[str]) -> Invite:
    uid = str(event.get("UID", "")).strip()
    if not uid:
        raise UserError(f"an event ({_summary(event)!r}) has no UID, so it cannot be kept")
    if "DTSTART" not in event:
        raise UserError(f"event {uid!r} ({_summary(event)!r}) has no start")
    start = _local(event.decoded("DTSTART"), zone)
    if uid in series:
        # Each occurrence of a series is its own meeting, keyed by its original start.
        original = event.decoded("RECURRENCE-ID" if "RECURRENCE-ID" in event else "DTSTART")
        uid = f"{uid}/{_key_time(original)}"
    return Invite(
        uid=uid,
        title=_summary(event) or "(no title)",
        start=start,
        attendees=[_person(a, with_mail=False) for a in _list(event.get("ATTENDEE"))],
        organizer=_person(event["ORGANIZER"], with_mail=True) if "ORGANIZER" in event else "",
        location=str(event.get("LOCATION", "")).strip(),
        description=str(event.get("DESCRIPTION", "")).replace("\r\n", "\n"),
        cancelled=str(event.get("STATUS", "")).upper() == "CANCELLED",
    )


def _summary(event: Any) -> str:
    return str(event.get("SUMMARY", "")).strip()


def _list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _person(address: Any, with_mail: bool) -> str:
    """An attendee as its name (CN), else its mail; the organizer as 'Name <mail>'."""
    mail = str(address).strip()
    if mail.lower().startswith("mailto:"):
        mail = mail[7:]
    name = str(getattr(address, "params", {}).get("CN", "")).strip().strip('"')
    if name and mail and with_mail and name != mail:
        return f"{name} <{mail}>"
    return name or mail


def _local(value: date | datetime, zone: str) -> datetime:
    """A start as naive local time in `zone` (notes keep local times); all-day at 00:00."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(second=0, microsecond=0)
        from zoneinfo import ZoneInfo

        local = value.astimezone(ZoneInfo(zone))
        return local.replace(tzinfo=None, second=0, microsecond=0)
    return datetime.combine(value, time(0, 0))


def _key_time(value: date | datetime) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.strftime("%Y%m%dT%H%M%S") + ("Z" if value.tzinfo else "")
    return value.strftime("%Y%m%d")


def merged_body(old: str, invite: Invite) -> str:
    """The new body: the invitation's part, then everything the user wrote below the
    marker. A body whose marker was removed is kept whole below the new part."""
    head = invite.body_head()
    if not old:
        return head
    lines = old.split("\n")
    if MARKER in lines:
        return head + "\n".join(lines[lines.index(MARKER) + 1 :])
    return head + old


def import_invites(desk: Desk, invites: list[Invite], today: date | None = None) -> ImportResult:
    """Create or update one note per invite, all in one change (one undo step)."""
    result = ImportResult()
    by_uid = {note.uid: note for note in desk.notes.all(include_archive=True) if note.uid}
    with desk.change(f"import {len(invites)} invitations"):
        for invite in invites:
            note = by_uid.get(invite.uid)
            fields = {
                "title": invite.title,
                "start": invite.start,
                "attendees": invite.attendees,
                "body": merged_body(note.body if note else "", invite),
                "uid": invite.uid,
            }
            try:
                if note is None:
                    by_uid[invite.uid] = desk.notes.save(Note(**fields), today=today)
                    result.created += 1
                elif any(getattr(note, key) != value for key, value in fields.items()):
                    by_uid[invite.uid] = desk.notes.save(note.copy(**fields), today=today)
                    result.updated += 1
                else:
                    result.unchanged += 1
            except UserError as error:  # an action line of the body: nothing is stored
                raise UserError(f"meeting {invite.title!r}: {error}") from None
    return result


def import_file(
    desk: Desk,
    data: bytes,
    source: str,
    config: dict[str, Any],
    window: tuple[date, date] | None = None,
    today: date | None = None,
) -> ImportResult:
    """Read all of `data` first, then store: a bad file stores nothing."""
    from store.ics_zone import zone_name

    invites = read_invites(data, source, zone_name(config.get("timezone")), window)
    return import_invites(desk, invites, today=today)
