"""The status report as markdown, plain text (for a mail) or one self-contained HTML file.

The report is first laid out as a few kinds of blocks (headings, labelled lines, tables,
lists); each format renders those blocks and escapes every piece of text itself, so a
title holding `|`, `<b>` or an escape sequence is shown as typed and never breaks a table,
a tag or the terminal.
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from store.errors import UserError
from store.report import ProjectReport, Report
from store.text import safe_text

FORMATS = ("markdown", "text", "html")
HEALTH_COLOURS = {"green": "#2e7d32", "amber": "#b26a00", "red": "#c62828"}


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Line:
    label: str
    text: str
    health: str = ""  # colours the first word in HTML


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]


@dataclass(frozen=True)
class Bullets:
    items: list[str]


@dataclass(frozen=True)
class Nothing:
    text: str


Block = Heading | Line | Table | Bullets | Nothing


def _day(day: date | None) -> str:
    return day.strftime("%a %d %b %Y") if day else "-"


def _slip(days: int) -> str:
    return f"{days:+d}d" if days else "0d"


def layout(report: Report) -> list[Block]:
    """The blocks of the report, in the order a reader meets them."""
    blocks: list[Block] = [
        Heading(1, f"Status report {report.since.isoformat()} to {report.until.isoformat()}"),
        Line("Period", f"{_day(report.since)} to {_day(report.until)}"),
    ]
    if not report.projects:
        return [*blocks, Nothing("No active projects.")]
    summary = []
    for part in report.projects:
        project, upcoming = part.project, part.next_milestone
        next_text = f"{upcoming.title} ({upcoming.forecast.isoformat()})" if upcoming else "-"
        summary.append(
            (
                project.label,
                project.health.upper(),
                project.phase,
                next_text,
                project.health_reason or "-",
            )
        )
    blocks.append(Table(("Project", "Health", "Phase", "Next milestone", "Why"), summary))
    for part in report.projects:
        blocks += _project_blocks(part)
    return blocks


def _project_blocks(part: ProjectReport) -> list[Block]:
    project = part.project
    title = f"{project.label} (+{project.name})" if project.title else f"+{project.name}"
    health = project.health.upper()
    blocks: list[Block] = [
        Heading(2, title),
        Line(
            "Health",
            f"{health}: {project.health_reason}" if project.health_reason else health,
            project.health,
        ),
    ]
    for change in part.health_changes:
        reason = f": {change.get('reason')}" if change.get("reason") else ""
        blocks.append(
            Line(
                "Health changed",
                f"{change.get('on')} {str(change.get('from', '')).upper()} → "
                f"{str(change.get('to', '')).upper()}{reason}",
            )
        )
    if project.goal:
        blocks.append(Line("Goal", project.goal))
    if project.measures:
        blocks.append(
            Table(
                ("Measure", "Target", "Current"),
                [
                    (
                        str(m.get("name", "")),
                        _with_unit(m.get("target"), m.get("unit")),
                        _with_unit(m.get("current"), m.get("unit")),
                    )
                    for m in project.measures
                ],
            )
        )
    blocks.append(Heading(3, "Done this period"))
    if part.done:
        blocks.append(
            Bullets([f"{day.isoformat()} {kind}: {text}" for day, kind, text in part.done])
        )
    else:
        blocks.append(Nothing("Nothing finished in this period."))
    blocks += _milestone_blocks(part)
    blocks.append(Heading(3, "Top risks"))
    if part.risks:
        rows = []
        for line in part.risks:
            risk = line.risk
            arrow = {1: "↑ rose", -1: "↓ fell", 0: "→ same"}[line.trend]
            change = "-"
            if line.before is not None:
                change = f"P{line.before[0]} I{line.before[1]} → P{risk.probability} I{risk.impact}"
            rows.append(
                (
                    str(risk.score),
                    arrow,
                    risk.title,
                    risk.owner or "-",
                    change,
                    risk.mitigation or "-",
                )
            )
        blocks.append(Table(("Score", "Trend", "Risk", "Owner", "Change", "Mitigation"), rows))
    else:
        blocks.append(Nothing("No open risks."))
    blocks.append(Heading(3, "Decisions"))
    if part.decisions:
        blocks.append(
            Bullets([f"{d.day.isoformat()} {d.meeting}: {d.text}" for d in part.decisions])
        )
    else:
        blocks.append(Nothing("No decisions recorded in this period."))
    blocks.append(Heading(3, "Next 7 days"))
    if part.plan:
        blocks.append(
            Bullets(
                [
                    f"{item.day.isoformat()} {item.kind}: {item.title}"
                    + (f" (@{item.owner})" if item.owner else "")
                    for item in part.plan
                ]
            )
        )
    else:
        blocks.append(Nothing("Nothing due in the next 7 days."))
    blocks.append(Heading(3, "Asks"))
    if part.asks:
        rows = [
            (ask.action.owner, ask.action.title, ask.since.isoformat(), str(ask.days))
            for ask in part.asks
        ]
        blocks.append(Table(("Who", "What", "Since", "Days"), rows))
    else:
        blocks.append(Nothing("Waiting on nobody."))
    return blocks


def _milestone_blocks(part: ProjectReport) -> list[Block]:
    blocks: list[Block] = [Heading(3, "Milestones")]
    if not part.milestones:
        return [*blocks, Nothing("No open milestones.")]
    rows = [
        (
            line.milestone.title,
            line.milestone.baseline.isoformat() if line.milestone.baseline else "-",
            line.milestone.forecast.isoformat(),
            _slip(line.milestone.slip_days),
            line.state,
        )
        for line in part.milestones
    ]
    blocks.append(Table(("Milestone", "Baseline", "Forecast", "Slip", "State"), rows))
    moves = [
        f"{line.milestone.title}: {move.get('from')} → {move.get('to')}"
        + (f" ({move['reason']})" if move.get("reason") else " (no reason given)")
        for line in part.milestones
        for move in line.moves
    ]
    if moves:
        blocks += [Line("Moved this period", ""), Bullets(moves)]
    return blocks


def _with_unit(value: object, unit: object) -> str:
    text = "" if value is None else str(value)
    return f"{text} {unit}".strip() if unit and text else text or "-"


# -- the three formats ---------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~#!])")


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", safe_text(text))


def to_markdown(report: Report) -> str:
    out: list[str] = []
    for block in layout(report):
        if isinstance(block, Heading):
            out.append(f"{'#' * block.level} {_md(block.text)}")
        elif isinstance(block, Line):
            out.append(f"**{_md(block.label)}:** {_md(block.text)}".rstrip())
        elif isinstance(block, Table):
            out.append(
                "\n".join(
                    [
                        "| " + " | ".join(_md(h) for h in block.headers) + " |",
                        "|" + "|".join("---" for _ in block.headers) + "|",
                        *("| " + " | ".join(_md(c) for c in row) + " |" for row in block.rows),
                    ]
                )
            )
        elif isinstance(block, Bullets):
            out.append("\n".join(f"- {_md(item)}" for item in block.items))
        else:
            out.append(f"_{_md(block.text)}_")
    return "\n\n".join(out) + "\n"


def to_text(report: Report) -> str:
    out: list[str] = []
    for block in layout(report):
        if isinstance(block, Heading):
            text = safe_text(block.text)
            underline = {1: "=", 2: "=", 3: "-"}[block.level] * len(text)
            out.append(f"{text.upper() if block.level == 1 else text}\n{underline}")
        elif isinstance(block, Line):
            out.append(f"{safe_text(block.label)}: {safe_text(block.text)}".rstrip())
        elif isinstance(block, Table):
            out.append(_text_table(block))
        elif isinstance(block, Bullets):
            out.append("\n".join(f"  - {safe_text(item)}" for item in block.items))
        else:
            out.append(f"  ({safe_text(block.text)})")
    return "\n\n".join(out) + "\n"


def _text_table(table: Table) -> str:
    rows = [tuple(safe_text(c) for c in table.headers)] + [
        tuple(safe_text(c) for c in row) for row in table.rows
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(table.headers))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


_CELL = "border:1px solid #c8c8c8;padding:3px 8px;text-align:left;vertical-align:top"


def _h(text: str) -> str:
    return html.escape(safe_text(text), quote=True)


def to_html(report: Report) -> str:
    title = _h(f"Status report {report.since.isoformat()} to {report.until.isoformat()}")
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        f'<head><meta charset="utf-8"><title>{title}</title></head>',
        '<body style="font-family:Helvetica,Arial,sans-serif;font-size:14px;color:#202020;'
        'max-width:60em;margin:1em">',
    ]
    for block in layout(report):
        if isinstance(block, Heading):
            size = {1: "22px", 2: "18px", 3: "15px"}[block.level]
            out.append(
                f'<h{block.level} style="font-size:{size};margin:1em 0 0.4em">'
                f"{_h(block.text)}</h{block.level}>"
            )
        elif isinstance(block, Line):
            text = _h(block.text)
            if block.health:
                colour = HEALTH_COLOURS.get(block.health, "#202020")
                word, _, rest = text.partition(":")
                text = f'<span style="color:{colour};font-weight:bold">{word}</span>'
                text += f":{rest}" if rest else ""
            out.append(f'<p style="margin:0.3em 0"><strong>{_h(block.label)}:</strong> {text}</p>')
        elif isinstance(block, Table):
            head = "".join(
                f'<th style="{_CELL};background:#f0f0f0">{_h(h)}</th>' for h in block.headers
            )
            body = "".join(
                "\n<tr>" + "".join(f'<td style="{_CELL}">{_h(c)}</td>' for c in row) + "</tr>"
                for row in block.rows
            )
            out.append(
                '<table style="border-collapse:collapse;margin:0.4em 0">'
                f"\n<tr>{head}</tr>{body}\n</table>"
            )
        elif isinstance(block, Bullets):
            items = "".join(f"<li>{_h(item)}</li>" for item in block.items)
            out.append(f'<ul style="margin:0.3em 0">{items}</ul>')
        else:
            out.append(f'<p style="margin:0.3em 0;color:#606060"><em>{_h(block.text)}</em></p>')
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def render(report: Report, format: str) -> str:
    return {"markdown": to_markdown, "text": to_text, "html": to_html}[format](report)


def desk_report(
    desk: Any, since: date, until: date, today: date, names: list[str], format: str
) -> str:
    """The report of a desk (working file and archive) as the CLI and the TUI produce it;
    an unknown project name is a UserError."""
    from store.report import Records, build_report

    projects = desk.projects.all(include_archive=True)
    known = {p.name for p in projects}
    names = [name.strip().lstrip("+") for name in names]
    for name in names:
        if name not in known:
            raise UserError(f"no project named {name!r}")
    records = Records(
        projects=projects,
        actions=desk.actions.all(include_archive=True),
        milestones=desk.milestones.all(include_archive=True),
        risks=desk.risks.all(include_archive=True),
        notes=desk.notes.all(include_archive=True, bodies=False),  # decisions, not text
    )
    return render(build_report(records, since, until, today, names or None), format)


def write_report(path: Path, text: str) -> None:
    """Write the whole file or nothing: a temp file beside it, renamed over it."""
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise UserError(f"cannot write {path}: {exc.strerror}") from None
