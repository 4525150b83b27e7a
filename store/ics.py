"""iCalendar export: milestones (and dated actions) as a feed calendars subscribe to or import.

The feed is safe to re-import and re-subscribe: UIDs are stable for the life of a record,
SEQUENCE comes from the record, and DTSTAMP / LAST-MODIFIED come from the record's `updated`
time rather than the clock, so exporting unchanged data gives a byte-identical file. Nothing
in it depends on the day it is written (no "late" or "on track"): a subscribed copy never
goes stale between changes. The one exception is removal: cancelled and deleted records stay
in the feed as STATUS:CANCELLED (so a calendar that imported them learns they are gone) for
`grace_days` after the change, and are then left out.

Milestones and undated-time actions are all-day events with an exclusive end (the day after);
actions due at a time are in the user's zone (TZID, with its VTIMEZONE). A repeating action is
one series: a single UID, an RRULE from its next open occurrence on, and its earlier
occurrences as RDATEs, each with an override that marks it done (or cancelled).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid5

from store.dates import as_date
from store.dates import today as current_day
from store.errors import UserError
from store.ics_lines import basic, escaped, folded, text_value, utc_stamp, when
from store.ics_values import GRACE_DAYS, duration, ical_duration, reminder_trigger, rrule_of
from store.models import Action, Milestone

# Fixed forever: changing it would give every exported record a new UID, and every
# subscribed calendar would show each event twice.
NAMESPACE = UUID("6f1c9a52-3e0b-5d7e-9c41-0a2b8d4e7f13")
PRODID = "-//opsdesk//opsdesk calendar export//EN"
DONE_MARK = "✓ "
TIMED_ACTION_LENGTH = timedelta(minutes=30)
_DAY = timedelta(days=1)
_SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)

Key = tuple[str, str, str]
Event = tuple[Key, list[str]]


def calendar_uid(file_id: str, kind: str, record_id: int) -> str:
    """The UID of a record's event: the same on every export, distinct across data files."""
    return f"{uuid5(NAMESPACE, f'{file_id}/{kind}/{record_id}')}@opsdesk"


def _days(count: int) -> str:
    signed = f"{count:+d}" if count else "0"
    return f"{signed} day" if abs(count) == 1 else f"{signed} days"


def _slip_words(milestone: Milestone) -> str:
    """What a calendar grid shows of a slip: ' (slipped 9 days)' or ' (2 days early)'."""
    slip = milestone.slip_days
    if slip == 0:
        return ""
    count = abs(slip)
    days = "1 day" if count == 1 else f"{count} days"
    return f" (slipped {days})" if slip > 0 else f" ({days} early)"


def _milestone_description(milestone: Milestone, status: str) -> str:
    # Only what the record holds: "late" would depend on the day the feed was written.
    lines = [f"Owner: {milestone.owner}"] if milestone.owner else []
    lines.append(f"Status: {status}")
    if milestone.baseline:
        lines.append(f"Baseline: {milestone.baseline.isoformat()}")
    lines.append(f"Slip: {_days(milestone.slip_days)}")
    if milestone.done_on:
        lines.append(f"Done: {milestone.done_on.isoformat()}")
    if milestone.description:
        lines += ["", milestone.description]
    return "\n".join(lines)


def _action_description(action: Action, status: str) -> str:
    lines = [f"Owner: {action.owner}"] if action.owner else []
    lines.append(f"Status: {status}")
    if action.notes:
        lines += ["", action.notes]
    return "\n".join(lines)


class _Feed:
    """What every event of one export shares."""

    def __init__(self, file_id: str, zone: str, trigger: str | None, removed: set) -> None:
        self.file_id = file_id
        self.zone = zone
        self.trigger = trigger
        self.removed = removed  # (kind, id) of deleted records
        self.timed_years: set[int] = set()
        self.repeats_timed = False

    def status(self, record: Milestone | Action) -> str:
        """The stored status, or "deleted" for a record removed from the store."""
        return "deleted" if (record.KIND, record.id) in self.removed else record.status

    def value(self, start: date | datetime) -> str:
        if isinstance(start, datetime):
            self.timed_years.add(start.year)
        return when(start, self.zone)

    def event(
        self,
        *,
        uid: str,
        title: str,
        status: str,
        start: date | datetime,
        end: date | datetime,
        updated: datetime,
        sequence: int,
        description: str,
        project: str,
        extra: Iterable[str] = (),
    ) -> list[str]:
        """The content lines of one VEVENT, unfolded, in icalendar's property order."""
        stamp = utc_stamp(updated)  # the record's own time: unchanged records, same bytes
        summary = text_value((DONE_MARK if status == "done" else "") + title)
        lines = [
            "BEGIN:VEVENT",
            f"SUMMARY:{summary}",
            f"DTSTART{self.value(start)}",
            f"DTEND{self.value(end)}",
            f"DTSTAMP:{stamp}",
            f"UID:{escaped(uid)}",  # ours, or a stored one from an import: no controls
            *extra,
            f"SEQUENCE:{sequence}",
        ]
        if project:
            lines.append(f"CATEGORIES:{text_value(project)}")
        gone = status in ("cancelled", "deleted")
        lines += [
            f"DESCRIPTION:{text_value(description)}",
            f"LAST-MODIFIED:{stamp}",
            "STATUS:CANCELLED" if gone else "STATUS:CONFIRMED",
            # Milestones and reminders mark a day, they do not make a person busy.
            "TRANSP:TRANSPARENT",
        ]
        if self.trigger is not None and status != "done" and not gone:
            lines += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                f"DESCRIPTION:{summary}",
                f"TRIGGER:{self.trigger}",
                "END:VALARM",
            ]
        lines.append("END:VEVENT")
        return lines

    def milestone(self, m: Milestone) -> Event:
        uid = m.uid or calendar_uid(self.file_id, "milestone", m.id)
        status = self.status(m)
        lines = self.event(
            uid=uid,
            title=m.title + _slip_words(m),
            status=status,
            start=m.forecast,
            end=m.forecast + timedelta(days=1),
            updated=m.updated,
            # A deletion changes nothing the record counts, but calendars must take it.
            sequence=m.sequence + (status == "deleted"),
            description=_milestone_description(m, status),
            project=m.project,
        )
        return (m.forecast.isoformat(), uid, ""), lines

    def action(
        self,
        a: Action,
        uid: str,
        start: date | datetime,
        extra: Iterable[str] = (),
        updated: datetime | None = None,
        sequence: int | None = None,
    ) -> list[str]:
        """An action's event; a series passes its own stamp and SEQUENCE for every part."""
        status = self.status(a)
        length = TIMED_ACTION_LENGTH if isinstance(start, datetime) else _DAY
        return self.event(
            uid=uid,
            title=a.title,
            status=status,
            start=start,
            end=start + length,
            updated=a.updated if updated is None else updated,
            sequence=a.rev + (status == "deleted") if sequence is None else sequence,
            description=_action_description(a, status),
            project=a.project,
            extra=extra,
        )

    def single(self, a: Action) -> Event:
        uid = calendar_uid(self.file_id, "action", a.id)
        assert a.due is not None
        return (a.due.isoformat(), uid, ""), self.action(a, uid, a.due)

    def series(self, series_id: int, occurrences: list[Action]) -> list[Event]:
        """One repeating series: the open occurrence with the rule, the earlier ones as
        RDATEs with an override each, all under the UID of the series' first action."""
        uid = calendar_uid(self.file_id, "action", series_id)
        occurrences.sort(key=lambda a: (str(a.due), a.id))
        live = [a for a in occurrences if a.is_open and (a.KIND, a.id) not in self.removed]
        head = live[-1] if live else occurrences[-1]
        rule = rrule_of(head.recur) if live and head.recur else None
        head_due = head.due
        assert head_due is not None

        def instance(a: Action) -> date | datetime:
            # An occurrence as an instance of the series: the series' kind of date.
            if isinstance(head_due, datetime):
                if isinstance(a.due, datetime):
                    return a.due
                return datetime.combine(as_date(a.due), head_due.time())
            return as_date(a.due)

        start = instance(head)
        others: dict[date | datetime, Action] = {}
        for a in occurrences:
            if a is not head and instance(a) != start:
                others[instance(a)] = a  # one override an instance: the latest record
        rdates = sorted(others)
        extra = []
        if rule is not None:
            text, weekdays = rule
            if weekdays is not None and as_date(start).weekday() not in weekdays:
                # DTSTART off its rule is undefined in RFC 5545: the due day becomes an
                # RDATE and the series starts on the rule's next day.
                from store.dates import next_occurrence

                rdates = sorted([*rdates, start])
                start = next_occurrence(head.recur, start)
            extra.append(f"RRULE:{text}")
            self.repeats_timed |= isinstance(start, datetime)
        if rdates:
            values = ",".join(basic(value) for value in rdates)
            extra.append(f"RDATE{self.value(rdates[0]).rsplit(':', 1)[0]}:{values}")
            for value in rdates[1:]:
                self.value(value)
        # Any change to any occurrence is a change of the series, and completing one adds a
        # record. A count of revisions would fall when old done occurrences move to the
        # archive (and could then repeat a number an importer has seen), so the series'
        # SEQUENCE is the time of its latest change, in seconds: it only ever rises.
        updated = max(a.updated for a in occurrences)
        sequence = int((updated - _SEQUENCE_EPOCH).total_seconds())
        shared = dict(updated=updated, sequence=sequence)
        key = start.isoformat()
        events = [((key, uid, ""), self.action(head, uid, start, extra=extra, **shared))]
        for value, a in others.items():
            recurrence = [f"RECURRENCE-ID{self.value(value)}"]
            lines = self.action(a, uid, value, extra=recurrence, **shared)
            events.append(((key, uid, value.isoformat()), lines))
        return events


def _kept(record: Milestone | Action, feed: _Feed, cutoff: date) -> bool:
    """Removed and cancelled records stay (as cancelled) until the grace period is over."""
    if record.status == "cancelled" or (record.KIND, record.id) in feed.removed:
        return record.updated.astimezone(UTC).date() >= cutoff
    return True


def export_ics(
    milestones: Iterable[Milestone],
    actions: Iterable[Action] = (),
    *,
    file_id: str,
    name: str = "opsdesk",
    alarm: str | None = None,
    refresh: str = "PT1H",
    today: date | None = None,
    deleted: Iterable[Milestone | Action] = (),
    timezone: str | None = None,
    grace_days: int = GRACE_DAYS,
) -> bytes:
    """The calendar as bytes: milestones and dated actions as events.

    `deleted` are records removed from the store, with `updated` the time of removal; they
    and cancelled records are written as cancelled for `grace_days` after `today`'s date
    minus that many days, then left out. `alarm` is an ISO duration relative to the start
    ("-P1D"), None for no reminder; `refresh` how often subscribers should reload;
    `timezone` the zone of timed actions (None: the system's).
    """
    from store.ics_zone import vtimezone, zone_name

    trigger = reminder_trigger(alarm) if alarm is not None else None
    interval = duration(refresh, "refresh interval", "PT1H or P1D")
    if interval <= timedelta(0):
        raise UserError(f"refresh interval {refresh!r} must be longer than zero")
    cutoff = (today or current_day()) - timedelta(days=grace_days)
    removed = list(deleted)
    actions = [*actions, *(r for r in removed if isinstance(r, Action))]
    milestones = [*milestones, *(r for r in removed if isinstance(r, Milestone))]
    dated = [a for a in actions if a.due is not None]
    feed = _Feed(file_id, "", trigger, {(r.KIND, r.id) for r in removed})
    if any(isinstance(a.due, datetime) for a in dated):
        feed.zone = zone_name(timezone)

    events = [feed.milestone(m) for m in milestones if _kept(m, feed, cutoff)]
    series: dict[int, list[Action]] = {}
    for a in dated:
        if not _kept(a, feed, cutoff):
            continue
        if a.recur or a.series_id:
            series.setdefault(a.series_id or a.id, []).append(a)
        else:
            events.append(feed.single(a))
    for series_id, occurrences in series.items():
        events += feed.series(series_id, occurrences)
    # All-day events sort before timed ones on the same day ("2026-05-01" < "2026-05-01T09:00").
    events.sort(key=lambda event: event[0])

    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        # No METHOD: a subscription feed is not an iTIP message (libical checks one for an
        # ORGANIZER). NAME is RFC 7986's; Google reads only X-WR-CALNAME.
        f"NAME:{text_value(name)}",
        f"X-WR-CALNAME:{text_value(name)}",
        # RFC 7986 requires VALUE=DURATION here.
        f"REFRESH-INTERVAL;VALUE=DURATION:{ical_duration(interval)}",
        f"X-PUBLISHED-TTL:{ical_duration(interval)}",
    ]
    text = "".join(folded(line) + "\r\n" for line in head)
    if feed.timed_years:
        last = max(feed.timed_years) + (5 if feed.repeats_timed else 0)
        text += vtimezone(feed.zone, min(feed.timed_years), last)
    body = "".join(folded(line) + "\r\n" for _, lines in events for line in lines)
    return (text + body + "END:VCALENDAR\r\n").encode()


def write_ics_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` all at once: a reader sees the old file or the new one.

    A new file is private (0600); an existing one keeps its mode, so a file a web server
    publishes stays readable.
    """
    _refuse_foreign_symlink(path)
    target = Path(os.path.realpath(path))  # through a symlink, not over it
    temp_name = None
    try:
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o600
        fd, temp_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
        with os.fdopen(fd, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fchmod(temp.fileno(), mode)
            os.fsync(temp.fileno())
        os.replace(temp_name, target)
        temp_name = None
        _fsync_dir(target.parent)
    except OSError as err:
        raise UserError(f"cannot write {path}: {err.strerror or err}") from err
    finally:
        if temp_name is not None:
            Path(temp_name).unlink(missing_ok=True)


def _refuse_foreign_symlink(path: Path) -> None:
    """A symlink someone else planted (in /tmp, say) must not aim our write at their pick."""
    try:
        link = os.lstat(path)
    except OSError:
        return
    if stat.S_ISLNK(link.st_mode) and link.st_uid != os.geteuid():
        raise UserError(
            f"will not write {path}: it is a symlink owned by another user (uid {link.st_uid})"
        )


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; some file systems refuse to sync a folder, which is fine.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
