"""Sample data: a small, readable desk for `opsdesk --demo`, and a large one for benchmarks."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from store.dates import today as current_day
from store.demo_projects import sample_projects
from store.errors import UserError
from store.models import Action, Milestone, Note, Record, Risk
from store.projects import Project
from store.storage import Database

PROJECTS = ("warehouse", "cutover", "vendor")
PEOPLE = ("alice", "bob", "chen", "dana", "emeka", "farah", "gus")
# How many days ago the sample handed these over: People shows the wait "since when".
HANDED_OVER = {"Floor plan sign-off": 9, "Signed NDA back from legal": 6}


def sample(today: date) -> dict[str, list[Record]]:
    """The demo desk: three projects of an operations PM, dated around `today`."""

    def day(offset: int) -> date:
        return today + timedelta(days=offset)

    actions = [
        Action(title="Confirm racking delivery slot", project="warehouse", priority=1, due=day(-2)),
        Action(title="Send weekly status report", project="", priority=2, due=day(0), recur="fri"),
        Action(title="Review cut-over runbook", project="cutover", priority=1, due=day(0)),
        Action(title="Book forklift training", project="warehouse", due=day(1), tags=["safety"]),
        Action(
            title="Draft data migration test plan",
            project="cutover",
            status="doing",
            priority=2,
            due=day(3),
        ),
        Action(
            title="Signed NDA back from legal",
            owner="dana",
            project="vendor",
            status="waiting",
            due=day(2),
        ),
        Action(title="Floor plan sign-off", owner="bob", project="warehouse", status="waiting"),
        Action(title="Price comparison for 3 carriers", project="vendor", priority=3, due=day(5)),
        Action(title="Schedule go/no-go meeting", project="cutover", priority=2, due=day(6)),
        Action(title="Update stakeholder map", project="vendor", due=day(12)),
        Action(title="Order safety signage", project="warehouse", status="done", due=day(-4)),
    ]
    milestones = [
        Milestone(
            title="Lease signed",
            project="warehouse",
            baseline=day(-30),
            forecast=day(-28),
            status="done",
            done_on=day(-28),
        ),
        Milestone(
            title="Racking installed",
            project="warehouse",
            baseline=day(5),
            forecast=day(12),
            owner="bob",
        ),
        Milestone(
            title="Stock transfer complete", project="warehouse", baseline=day(40), forecast=day(47)
        ),
        Milestone(title="Dress rehearsal", project="cutover", baseline=day(-1), forecast=day(-1)),
        Milestone(title="Go-live weekend", project="cutover", baseline=day(20), forecast=day(20)),
        Milestone(title="Hypercare ends", project="cutover", baseline=day(50), forecast=day(50)),
        Milestone(title="Shortlist vendors", project="vendor", baseline=day(8), forecast=day(8)),
        Milestone(title="Contract signed", project="vendor", baseline=day(35), forecast=day(42)),
    ]
    risks = [
        Risk(
            title="Racking supplier misses delivery",
            project="warehouse",
            probability=4,
            impact=4,
            owner="bob",
            mitigation="Weekly call with supplier",
            contingency="Rent temporary pallet racking",
            review=day(0),
        ),
        Risk(
            title="Data migration overruns window",
            project="cutover",
            probability=3,
            impact=5,
            owner="chen",
            mitigation="Two rehearsals with timings",
            contingency="Roll back to legacy ERP",
            review=day(-1),
        ),
        Risk(
            title="Key user on leave during go-live",
            project="cutover",
            probability=2,
            impact=3,
            owner="farah",
            review=day(9),
        ),
        Risk(
            title="Vendor price rise above budget",
            project="vendor",
            probability=3,
            impact=3,
            owner="dana",
            mitigation="Second quote",
            review=day(4),
        ),
        Risk(
            title="Forklift licences expire",
            project="warehouse",
            probability=1,
            impact=4,
            status="mitigating",
            review=day(20),
        ),
        Risk(title="Carrier strike", project="vendor", probability=2, impact=2, status="closed"),
    ]
    start = datetime.combine(day(-1), time(10, 0))
    notes = [
        Note(
            title="Cut-over weekly",
            project="cutover",
            start=start,
            attendees=["chen", "farah", "gus"],
            body="## Notes\nRehearsal ran 2h over.\n\nDecision: a second rehearsal on the 12th\n"
            "\n## Actions\n- [ ] Book rehearsal room @gus due:+5d +cutover\n",
        ),
        Note(
            title="Warehouse site walk",
            project="warehouse",
            start=datetime.combine(day(-3), time(14, 30)),
            attendees=["bob", "emeka"],
            body="Dock 3 door sticks.\n\nDecision: use dock 2 for inbound until fixed\n",
        ),
        Note(
            title="Vendor kick-off",
            project="vendor",
            start=datetime.combine(day(-8), time(9, 0)),
            attendees=["dana"],
            body="Scope agreed. Three vendors invited.\n",
        ),
    ]
    return {
        "actions": actions,
        "milestones": milestones,
        "risks": risks,
        "notes": notes,
        "projects": sample_projects(today),
    }


VERBS = ("Call", "Chase", "Review", "Draft", "Send", "Book", "Check", "Approve", "Update")
THINGS = ("invoice", "floor plan", "runbook", "PO", "contract", "test plan", "rota", "quote")
# The five-year set's pace of closed work per year, on top of the large set's open work.
CLOSED_PER_YEAR = {"actions": 10_000, "milestones": 100, "risks": 150, "notes": 400}


def large_sample(
    today: date, seed: int = 7, scale: int = 1, years: int = 0
) -> dict[str, list[Record]]:
    """The benchmark data sets.

    The large set: 10k actions, 500 milestones, 1k risks, 2k notes of ~1 KB, over ~2.5 years;
    `scale` multiplies every count. With `years`, the large set's open work plus that many
    years of closed work (10k actions, 100 milestones, 150 risks and 400 notes a year).
    Closed records carry the day they were closed, in the past, as real ones do.
    """
    rng = random.Random(seed)
    projects = [f"{name}-{n}" for n in range(1, 9) for name in PROJECTS]

    def when(spread: int) -> date:
        return today + timedelta(days=rng.randint(-spread, spread // 3))

    def past(spread: int) -> date:
        return today - timedelta(days=rng.randint(0, spread))

    def action(n: int, status: str, spread: int = 900) -> Action:
        closed = status in ("done", "cancelled")
        dated = rng.random() < 0.8
        due = (past(spread) if closed else when(spread)) if dated else None
        done_at = None
        if closed:  # around its due day, else any day of its span
            day = due + timedelta(days=rng.randint(-3, 10)) if due else past(spread)
            done_at = _stamp(min(day, today))
        return Action(
            title=f"{rng.choice(VERBS)} {rng.choice(THINGS)} #{n}",
            status=status,
            owner=rng.choice(PEOPLE) if status == "waiting" else "",
            project=rng.choice(projects),
            priority=rng.choice((None, None, 1, 2, 3)),
            due=due,
            done_at=done_at,
        )

    statuses = ("done", "todo", "doing", "waiting", "cancelled")
    weights = (70, 18, 4, 6, 2)
    actions = [action(n, rng.choices(statuses, weights)[0]) for n in range(10_000 * scale)]
    if years:  # the open work stays, the closed work is years of it
        actions = [a for a in actions if a.is_open]
        spread = 365 * years
        actions += [
            action(len(actions) + n, rng.choices(("done", "cancelled"), (97, 3))[0], spread)
            for n in range(CLOSED_PER_YEAR["actions"] * years)
        ]
    milestones = []
    for n in range(500 * scale + CLOSED_PER_YEAR["milestones"] * years):
        baseline = when(365 * years if n >= 500 * scale else 900)
        forecast = baseline + timedelta(days=rng.choice((0, 0, 0, 3, 7, 14, -2)))
        done = forecast < today and rng.random() < 0.9
        milestones.append(
            Milestone(
                title=f"Milestone {n}: {rng.choice(THINGS)} ready",
                project=rng.choice(projects),
                baseline=baseline,
                forecast=forecast,
                status="done" if done else "open",
                done_on=forecast if done else None,
            )
        )
    risks = []
    for n in range(1_000 * scale + CLOSED_PER_YEAR["risks"] * years):
        status = rng.choice(("open", "open", "mitigating", "closed"))
        if n >= 1_000 * scale:
            status = "closed"
        risks.append(
            Risk(
                title=f"Risk {n}: {rng.choice(THINGS)} late",
                project=rng.choice(projects),
                probability=rng.randint(1, 5),
                impact=rng.randint(1, 5),
                owner=rng.choice(PEOPLE),
                status=status,
                # a closed risk was last reviewed when it closed
                review=past(365 * years or 900) if status == "closed" else when(60),
            )
        )
    filler = "Discussed progress, blockers and next steps with the team. " * 14
    note_count = 2_000 * scale if not years else CLOSED_PER_YEAR["notes"] * years
    notes = [
        Note(
            title=f"Weekly sync {n}",
            project=rng.choice(projects),
            start=datetime.combine(when(365 * years or 900), time(rng.randint(8, 17), 0)),
            attendees=rng.sample(PEOPLE, 3),
            body=filler + f"\nDecision: item {n}\n",
        )
        for n in range(note_count)
    ]
    return {
        "actions": actions,
        "milestones": milestones,
        "risks": risks,
        "notes": notes,
        "projects": [Project(name=name, start=today - timedelta(days=900)) for name in projects],
    }


def _stamp(day: date) -> datetime:
    return datetime.combine(day, time(16, 0), UTC)


def _dated(record: Record, now: datetime) -> Record:
    """A record as stored on the day it was last changed: closed ones when they closed."""
    when = getattr(record, "done_at", None) or getattr(record, "done_on", None)
    if isinstance(when, date) and not isinstance(when, datetime):
        when = _stamp(when)
    if when is None and getattr(record, "status", "") == "closed":
        review = getattr(record, "review", None)
        when = _stamp(review) if review else None
    if when is None and isinstance(record, Note):  # written up on the day of the meeting
        when = _stamp(record.start.date())
    stamp = min(when or now, now)
    return record.copy(created=stamp, updated=stamp, rev=1)


def write_demo(
    path: Path,
    large: bool = False,
    today: date | None = None,
    *,
    scale: int = 1,
    years: int = 0,
) -> None:
    """Write a data set to a new file; an existing file is refused, never overwritten.

    The large sets (`large`, `scale`, `years`) are then split as opsdesk keeps them: the old
    closed records in the archive beside the file."""
    from store.archive import Archive
    from store.repository import Desk

    if path.exists():
        raise UserError(f"{path} already exists; choose a new file")
    today = today or current_day()
    large = large or scale > 1 or years > 0
    records = large_sample(today, scale=scale, years=years) if large else sample(today)
    notes = [] if large else records.pop("notes")
    db = Database(path)
    # Stamped on the desk's today (`--today`), at the time of day it is: what the sample
    # says was handed over a week ago is a week old on that day, not on the calendar's.
    stamp = datetime.combine(today, datetime.now(UTC).time(), UTC).replace(microsecond=0)
    with db.transaction():
        for table, items in records.items():
            docs = [_dated(r, stamp).to_doc() if large else _fresh(r, stamp) for r in items]
            db.table(table).insert_multiple(docs)
    desk = Desk(db)
    for note in notes:  # through the repository, so their action lines become actions
        _stamp_as_met(db, desk.notes.save(note, today=today))
    if large:
        archive = Archive(desk)
        archive.archive_old(today)
        archive.close()
    db.close()


def _fresh(record: Record, stamp: datetime) -> dict:
    created = stamp - timedelta(days=HANDED_OVER.get(getattr(record, "title", ""), 0))
    return record.copy(created=created, updated=created, rev=1).to_doc()


def _stamp_as_met(db: Database, note: Note) -> None:
    """A sample note and the actions it made are dated at the meeting, not when written."""
    met = note.start.astimezone(UTC).isoformat()
    stamps = {"created": met, "updated": met}
    db.put_documents("notes", {str(note.id): {**db.documents("notes")[str(note.id)], **stamps}})
    actions = db.documents("actions")
    db.put_documents("actions", {str(i): {**actions[str(i)], **stamps} for i in note.action_ids})
