"""The weekly status report: what happened to each project in a period, and what comes next.

Pure functions of the records and the dates they are given: the same data and the same
`today` give the same report, byte for byte. store.report_format turns a Report into
markdown, plain text or HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from store.models import Action, Milestone, Note, Risk
from store.projects import Project

TOP_RISKS = 5
PLAN_DAYS = 7


@dataclass(frozen=True)
class Records:
    """Everything a report may draw on (working file and archive alike)."""

    projects: list[Project]
    actions: list[Action] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


@dataclass(frozen=True)
class MilestoneLine:
    milestone: Milestone
    state: str  # on track, slipped, late, done, cancelled
    moves: list[dict[str, Any]]  # the moves made in the period


@dataclass(frozen=True)
class RiskLine:
    risk: Risk
    trend: int  # +1 rose, -1 fell, 0 same, over the period
    before: tuple[int, int] | None  # probability and impact at the start of the period


@dataclass(frozen=True)
class Decision:
    day: date
    meeting: str
    text: str


@dataclass(frozen=True)
class Ask:
    action: Action
    since: date
    days: int


@dataclass(frozen=True)
class PlanItem:
    day: date
    kind: str  # action or milestone
    title: str
    owner: str


@dataclass(frozen=True)
class ProjectReport:
    project: Project
    health_changes: list[dict[str, Any]]
    done: list[tuple[date, str, str]]  # day, kind, title
    milestones: list[MilestoneLine]
    risks: list[RiskLine]
    decisions: list[Decision]
    plan: list[PlanItem]
    asks: list[Ask]

    @property
    def next_milestone(self) -> Milestone | None:
        upcoming = [m.milestone for m in self.milestones if m.milestone.status == "open"]
        return min(upcoming, key=lambda m: (m.forecast, m.id), default=None)


@dataclass(frozen=True)
class Report:
    since: date
    until: date
    today: date
    projects: list[ProjectReport]


def week_of(today: date) -> tuple[date, date]:
    """The default period: Monday of this week up to today."""
    return today - timedelta(days=today.weekday()), today


def local_day(value: datetime | date | str | None) -> date | None:
    """The local calendar day of a stored date or UTC time stamp."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).astimezone()
        return value.date()
    return value


def build_report(
    records: Records,
    since: date,
    until: date,
    today: date,
    names: list[str] | None = None,
) -> Report:
    """The report for the named projects (default: every active one) over since..until."""
    by_name = {p.name: p for p in records.projects}
    if names:
        chosen = [by_name[name] for name in dict.fromkeys(names)]
    else:
        chosen = [p for p in records.projects if p.is_active]
    chosen.sort(key=lambda p: p.name)
    return Report(
        since=since,
        until=until,
        today=today,
        projects=[_project_report(p, records, since, until, today) for p in chosen],
    )


def _within(day: date | None, since: date, until: date) -> bool:
    return day is not None and since <= day <= until


def _project_report(
    project: Project, records: Records, since: date, until: date, today: date
) -> ProjectReport:
    name = project.name
    actions = [a for a in records.actions if a.project == name]
    milestones = [m for m in records.milestones if m.project == name]
    risks = [r for r in records.risks if r.project == name]
    notes = [n for n in records.notes if n.project == name]
    return ProjectReport(
        project=project,
        health_changes=[
            h for h in project.health_history if _within(local_day(h.get("on")), since, until)
        ],
        done=_done(actions, milestones, since, until),
        milestones=_milestones(milestones, since, until, today),
        risks=_risks(risks, since, until),
        decisions=_decisions(notes, since, until),
        plan=_plan(actions, milestones, until),
        asks=_asks(actions, until),
    )


def _done(
    actions: list[Action], milestones: list[Milestone], since: date, until: date
) -> list[tuple[date, str, str]]:
    done = [
        (day, "action", a.title)
        for a in actions
        if a.status == "done" and _within(day := local_day(a.done_at), since, until)
    ]
    done += [
        (m.done_on, "milestone", m.title)
        for m in milestones
        if m.status == "done" and _within(m.done_on, since, until)
    ]
    return sorted(done, key=lambda item: (item[0], item[1] != "milestone", item[2]))


def _milestones(
    milestones: list[Milestone], since: date, until: date, today: date
) -> list[MilestoneLine]:
    """Open milestones, and those done or moved in the period, in date order."""
    lines = []
    for milestone in milestones:
        moves = [m for m in milestone.moves if _within(local_day(m.get("at")), since, until)]
        done_now = milestone.status == "done" and _within(milestone.done_on, since, until)
        if milestone.status == "open" or done_now or moves:
            lines.append(MilestoneLine(milestone, milestone.state(today), moves))
    return sorted(lines, key=lambda line: (line.milestone.forecast, line.milestone.id))


def _risks(risks: list[Risk], since: date, until: date) -> list[RiskLine]:
    """The open risks with the highest scores, with how their score moved in the period."""
    lines = []
    for risk in risks:
        if not risk.is_open:
            continue
        # Each history entry holds the scores a rescore replaced; the first one made in
        # the period holds the scores the risk had when the period began.
        in_period = [h for h in risk.history if _within(local_day(h.get("at")), since, until)]
        before = None
        trend = 0
        if in_period:
            before = (in_period[0]["probability"], in_period[0]["impact"])
            start_score = before[0] * before[1]
            trend = (risk.score > start_score) - (risk.score < start_score)
        lines.append(RiskLine(risk, trend, before))
    lines.sort(key=lambda line: (-line.risk.score, -line.trend, line.risk.id))
    return lines[:TOP_RISKS]


def _decisions(notes: list[Note], since: date, until: date) -> list[Decision]:
    found = [
        Decision(note.start.date(), note.title, text)
        for note in notes
        if _within(note.start.date(), since, until)
        for text in note.decisions
    ]
    return sorted(found, key=lambda d: (d.day, d.meeting))


def _plan(actions: list[Action], milestones: list[Milestone], until: date) -> list[PlanItem]:
    """What is due in the seven days after the period."""
    end = until + timedelta(days=PLAN_DAYS)
    items = [
        PlanItem(a.due_date, "action", a.title, a.owner)
        for a in actions
        if a.is_open and a.due_date is not None and until < a.due_date <= end
    ]
    items += [
        PlanItem(m.forecast, "milestone", m.title, m.owner)
        for m in milestones
        if m.status == "open" and until < m.forecast <= end
    ]
    return sorted(items, key=lambda item: (item.day, item.kind != "milestone", item.title))


def _asks(actions: list[Action], until: date) -> list[Ask]:
    """What the PM waits on from others, oldest first: who, what, since when."""
    asks = []
    for action in actions:
        if not action.is_waiting or not action.owner:
            continue
        since = local_day(action.created) or until
        if since > until:  # handed over after the period
            continue
        asks.append(Ask(action, since, max(0, (until - since).days)))
    return sorted(asks, key=lambda ask: (ask.since, ask.action.owner, ask.action.id))
