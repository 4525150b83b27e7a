"""Plain-text lines for records, as the command line prints them."""

from __future__ import annotations

from datetime import date

from store.dates import format_date
from store.models import PRIORITY_NAMES, Action, Milestone, Note, Record, Risk
from store.projects import Project


def is_current(record: Record) -> bool:
    """Whether a listing shows the record without --all."""
    if isinstance(record, Action):
        return record.is_open
    if isinstance(record, Milestone):
        return record.status == "open"
    if isinstance(record, Risk):
        return record.is_open
    if isinstance(record, Project):
        return record.is_active
    return True


def sort_records(records: list) -> list:
    def key(record: Record) -> tuple:
        if isinstance(record, Action):
            return (record.priority or 4, record.due_date or date.max, record.id)
        if isinstance(record, Milestone):
            return (record.forecast, record.id)
        if isinstance(record, Risk):
            return (-record.score, record.id)
        if isinstance(record, Note):
            return (-record.start.timestamp(), -record.id)
        if isinstance(record, Project):
            return (record.name, record.id)
        return (record.id,)

    return sorted(records, key=key)


def record_line(record: Record, today: date) -> str:
    if isinstance(record, Action):
        parts = [f"{record.id:>4}", f"[{record.status}]", record.title]
        if record.owner:
            parts.append(f"@{record.owner}")
        if record.project:
            parts.append(f"+{record.project}")
        parts += [f"#{tag}" for tag in record.tags]
        if record.priority:
            parts.append(f"!{PRIORITY_NAMES[record.priority]}")
        if record.due:
            parts.append(f"due {format_date(record.due, today)}")
        if record.recur:
            parts.append(f"every {record.recur}")
        return " ".join(parts)
    if isinstance(record, Milestone):
        project = f" +{record.project}" if record.project else ""
        return (
            f"{record.id:>4} {record.forecast.isoformat()} {record.title}{project}"
            f"  baseline {record.baseline.isoformat()}  slip {record.slip_days:+d}d"
            f"  [{record.state(today)}]"
        )
    if isinstance(record, Risk):
        review = f"  review {format_date(record.review, today)}" if record.review else ""
        owner = f" @{record.owner}" if record.owner else ""
        return (
            f"{record.id:>4} {record.score:>2} (P{record.probability} I{record.impact}) "
            f"{record.title}{owner}  [{record.status}]{review}"
        )
    if isinstance(record, Note):
        who = f"  ({', '.join(record.attendees)})" if record.attendees else ""
        return f"{record.id:>4} {record.start:%Y-%m-%d %H:%M} {record.title}{who}"
    if isinstance(record, Project):
        target = f"  target {format_date(record.target, today)}" if record.target else ""
        title = f"  {record.title}" if record.title else ""
        return (
            f"{record.id:>4} +{record.name}  {record.health.upper()}  {record.phase}"
            f"  [{record.status}]{target}{title}"
        )
    return str(record)
