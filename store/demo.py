"""Sample data: a small, readable desk for `opsdesk --demo`, and a large one for benchmarks."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from store.demo_projects import sample_projects
from store.errors import UserError
from store.models import Action, Milestone, Note, Record, Risk
from store.projects import Project
from store.storage import Database

PROJECTS = ("warehouse", "cutover", "vendor")
PEOPLE = ("alice", "bob", "chen", "dana", "emeka", "farah", "gus")


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


def large_sample(today: date, seed: int = 7) -> dict[str, list[Record]]:
    """Years of history: 10k actions, 500 milestones, 1k risks, 2k notes of ~1 KB."""
    rng = random.Random(seed)
    projects = [f"{name}-{n}" for n in range(1, 9) for name in PROJECTS]
    verbs = ("Call", "Chase", "Review", "Draft", "Send", "Book", "Check", "Approve", "Update")
    things = ("invoice", "floor plan", "runbook", "PO", "contract", "test plan", "rota", "quote")

    def when(spread: int) -> date:
        return today + timedelta(days=rng.randint(-spread, spread // 3))

    actions = []
    for n in range(10_000):
        status = rng.choices(("done", "todo", "doing", "waiting", "cancelled"), (70, 18, 4, 6, 2))[
            0
        ]
        actions.append(
            Action(
                title=f"{rng.choice(verbs)} {rng.choice(things)} #{n}",
                status=status,
                owner=rng.choice(PEOPLE) if status == "waiting" else "",
                project=rng.choice(projects),
                priority=rng.choice((None, None, 1, 2, 3)),
                due=when(900) if rng.random() < 0.8 else None,
            )
        )
    milestones = []
    for n in range(500):
        baseline = when(900)
        forecast = baseline + timedelta(days=rng.choice((0, 0, 0, 3, 7, 14, -2)))
        milestones.append(
            Milestone(
                title=f"Milestone {n}: {rng.choice(things)} ready",
                project=rng.choice(projects),
                baseline=baseline,
                forecast=forecast,
                status="done" if forecast < today and rng.random() < 0.9 else "open",
            )
        )
    risks = [
        Risk(
            title=f"Risk {n}: {rng.choice(things)} late",
            project=rng.choice(projects),
            probability=rng.randint(1, 5),
            impact=rng.randint(1, 5),
            owner=rng.choice(PEOPLE),
            status=rng.choice(("open", "open", "mitigating", "closed")),
            review=when(60),
        )
        for n in range(1_000)
    ]
    filler = "Discussed progress, blockers and next steps with the team. " * 14
    notes = [
        Note(
            title=f"Weekly sync {n}",
            project=rng.choice(projects),
            start=datetime.combine(when(900), time(rng.randint(8, 17), 0)),
            attendees=rng.sample(PEOPLE, 3),
            body=filler + f"\nDecision: item {n}\n",
        )
        for n in range(2_000)
    ]
    return {
        "actions": actions,
        "milestones": milestones,
        "risks": risks,
        "notes": notes,
        "projects": [Project(name=name, start=today - timedelta(days=900)) for name in projects],
    }


def write_demo(path: Path, large: bool = False, today: date | None = None) -> None:
    """Write a data set to a new file; an existing file is refused, never overwritten."""
    from store.repository import Desk

    if path.exists():
        raise UserError(f"{path} already exists; choose a new file")
    today = today or date.today()
    records = large_sample(today) if large else sample(today)
    notes = [] if large else records.pop("notes")
    db = Database(path)
    stamp = datetime.now(UTC).replace(microsecond=0)
    with db.transaction():
        for table, items in records.items():
            docs = [r.copy(created=stamp, updated=stamp, rev=1).to_doc() for r in items]
            db.table(table).insert_multiple(docs)
    desk = Desk(db)
    for note in notes:  # through the repository, so their action lines become actions
        desk.notes.save(note, today=today)
    db.close()
