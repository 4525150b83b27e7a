"""A fixed desk for the report tests: one working week (Mon 16 to Fri 20 Nov 2026) with
things that happened in it and just before it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from store.models import Action, Milestone, Note, Risk
from store.projects import Project
from store.report import Records

TODAY = date(2026, 11, 20)  # a Friday


def noon(day: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, 12, 0, tzinfo=UTC)


def stamp(day: int, month: int = 11) -> str:
    return noon(day, month).isoformat()


def records() -> Records:
    created = {"created": noon(2, 11), "updated": noon(2, 11), "rev": 1}
    projects = [
        Project(
            id=1,
            name="warehouse",
            title="Warehouse move",
            goal="All shipping from Dock Road by January",
            measures=[
                {"name": "Pallet positions ready", "target": "2400", "current": "1650", "unit": ""},
                {"name": "Avg. response time", "target": "24", "current": "31", "unit": "h"},
            ],
            health="amber",
            health_reason="Racking is a week late",
            health_history=[
                {"on": "2026-11-09", "from": "red", "to": "green", "reason": "budget approved"},
                {"on": "2026-11-17", "from": "green", "to": "amber", "reason": "racking late"},
            ],
            phase="executing",
            **created,
        ),
        Project(id=2, name="vendor", title="Carrier contract", phase="planning", **created),
        Project(id=3, name="oldsite", title="Old site exit", status="closed", **created),
        Project(id=4, name="paused", status="on hold", **created),
    ]
    actions = [
        Action(
            id=1,
            title="Order safety signage",
            project="warehouse",
            status="done",
            done_at=noon(18),
            **created,
        ),
        Action(
            id=2,
            title="Count old stock",
            project="warehouse",
            status="done",
            done_at=noon(12),
            **created,
        ),
        Action(
            id=3,
            title="Floor plan sign-off",
            project="warehouse",
            owner="bob",
            status="waiting",
            **{**created, "created": noon(10)},
        ),
        Action(
            id=4,
            title="Book forklift training",
            project="warehouse",
            due=date(2026, 11, 24),
            **created,
        ),
        Action(
            id=5, title="Renew insurance", project="warehouse", due=date(2026, 12, 15), **created
        ),
        Action(
            id=6,
            title="Quote | <b>bold</b> \x1b[31mred *now*",
            project="vendor",
            owner="dana",
            status="waiting",
            **{**created, "created": noon(19)},
        ),
        Action(id=7, title="Hand back keys", project="oldsite", due=date(2026, 11, 23), **created),
    ]
    milestones = [
        Milestone(
            id=1,
            title="Site survey",
            project="warehouse",
            baseline=date(2026, 11, 17),
            forecast=date(2026, 11, 17),
            status="done",
            done_on=date(2026, 11, 17),
            **created,
        ),
        Milestone(
            id=2,
            title="Racking installed",
            project="warehouse",
            baseline=date(2026, 11, 25),
            forecast=date(2026, 12, 2),
            moves=[
                {
                    "at": stamp(18),
                    "from": "2026-11-25",
                    "to": "2026-12-02",
                    "reason": "supplier short of uprights",
                }
            ],
            **created,
        ),
        Milestone(
            id=3,
            title="Stock transfer",
            project="warehouse",
            baseline=date(2026, 12, 20),
            forecast=date(2026, 12, 27),
            moves=[
                {
                    "at": stamp(10),
                    "from": "2026-12-20",
                    "to": "2026-12-27",
                    "reason": "earlier slip",
                }
            ],
            **created,
        ),
        Milestone(
            id=4,
            title="Safety walk",
            project="warehouse",
            baseline=date(2026, 11, 26),
            forecast=date(2026, 11, 26),
            **created,
        ),
    ]
    risks = [
        Risk(
            id=1,
            title="Racking supplier misses delivery",
            project="warehouse",
            probability=4,
            impact=4,
            owner="bob",
            mitigation="Weekly supplier call",
            history=[{"at": stamp(18), "probability": 3, "impact": 3}],
            **created,
        ),
        Risk(
            id=2,
            title="Forklift licences expire",
            project="warehouse",
            probability=1,
            impact=4,
            **created,
        ),
        Risk(
            id=3,
            title="Strike at the port",
            project="warehouse",
            probability=5,
            impact=5,
            status="closed",
            **created,
        ),
        Risk(
            id=4,
            title="Carrier price rise",
            project="vendor",
            probability=3,
            impact=3,
            history=[{"at": stamp(17), "probability": 4, "impact": 3}],
            **created,
        ),
    ]
    notes = [
        Note(
            id=1,
            title="Warehouse weekly",
            project="warehouse",
            start=datetime(2026, 11, 19, 10, 0),
            attendees=["bob", "emeka"],
            decisions=["use dock 2 for inbound until the door is fixed"],
            **created,
        ),
        Note(
            id=2,
            title="Warehouse weekly",
            project="warehouse",
            start=datetime(2026, 11, 12, 10, 0),
            decisions=["an older decision"],
            **created,
        ),
    ]
    return Records(projects, actions, milestones, risks, notes)
