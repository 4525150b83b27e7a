"""The weekly status report: golden files per format, and what each section holds."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from report_data import TODAY, records

from store.report import build_report, week_of
from store.report_format import FORMATS, render

GOLDEN = Path(__file__).parent / "golden"
SUFFIX = {"markdown": "md", "text": "txt", "html": "html"}


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Stored times are UTC and the report counts local days: pin the zone."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def week_report(names: list[str] | None = None):
    since, until = week_of(TODAY)
    return build_report(records(), since, until, TODAY, names)


def section(text: str, project: str, heading: str) -> str:
    """The markdown of one `### heading` of one project."""
    part = text.split(f"## {project}", 1)[1].split("\n## ", 1)[0]
    return part.split(f"### {heading}\n", 1)[1].split("\n### ", 1)[0]


@pytest.mark.parametrize("format", FORMATS)
def test_the_report_matches_its_reviewed_golden_file(format: str) -> None:
    output = render(week_report(), format)
    golden = GOLDEN / f"report.{SUFFIX[format]}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")
    assert render(week_report(), format) == output  # byte for byte, every time


def test_the_default_period_is_monday_to_today() -> None:
    assert week_of(date(2026, 11, 20)) == (date(2026, 11, 16), date(2026, 11, 20))
    assert week_of(date(2026, 11, 16)) == (date(2026, 11, 16), date(2026, 11, 16))
    assert week_of(date(2026, 11, 22)) == (date(2026, 11, 16), date(2026, 11, 22))


def test_only_active_projects_unless_named() -> None:
    assert [p.project.name for p in week_report().projects] == ["vendor", "warehouse"]
    named = week_report(["oldsite", "warehouse", "oldsite"])
    assert [p.project.name for p in named.projects] == ["oldsite", "warehouse"]
    assert "Hand back keys" in render(named, "markdown")


def test_a_milestone_moved_in_the_period_is_listed_with_its_reason() -> None:
    text = section(render(week_report(), "markdown"), "Warehouse move", "Milestones")
    assert "Racking installed: 2026-11-25 → 2026-12-02 (supplier short of uprights)" in text
    assert "| Racking installed | 2026-11-25 | 2026-12-02 | +7d | slipped |" in text
    assert "earlier slip" not in text  # moved before the period: in the table, not a move
    assert "| Stock transfer |" in text


def test_decisions_of_the_period_and_not_those_before() -> None:
    text = section(render(week_report(), "markdown"), "Warehouse move", "Decisions")
    assert "2026-11-19 Warehouse weekly: use dock 2 for inbound until the door is fixed" in text
    assert "older decision" not in text


def test_a_risk_whose_score_rose_shows_the_rise_and_the_change() -> None:
    text = section(render(week_report(), "markdown"), "Warehouse move", "Top risks")
    rows = [line for line in text.splitlines() if line.startswith("| ")][1:]
    assert rows[0] == (
        "| 16 | ↑ rose | Racking supplier misses delivery | bob | P3 I3 → P4 I4 "
        "| Weekly supplier call |"
    )
    assert "Strike at the port" not in text  # closed
    vendor = section(render(week_report(), "markdown"), "Carrier contract", "Top risks")
    assert "| 9 | ↓ fell | Carrier price rise | - | P4 I3 → P3 I3 |" in vendor


def test_done_health_plan_and_asks() -> None:
    text = render(week_report(), "markdown")
    done = section(text, "Warehouse move", "Done this period")
    assert done.strip().split("\n\n")[0].splitlines() == [
        "- 2026-11-17 milestone: Site survey",
        "- 2026-11-18 action: Order safety signage",
    ]
    assert "**Health changed:** 2026-11-17 GREEN → AMBER: racking late" in text
    assert "budget approved" not in text  # a change before the period
    plan = section(text, "Warehouse move", "Next 7 days")
    assert "2026-11-24 action: Book forklift training" in plan
    assert "Renew insurance" not in plan  # due after the next seven days
    asks = section(text, "Warehouse move", "Asks")
    assert "| bob | Floor plan sign-off | 2026-11-10 | 10 |" in asks


def test_the_markdown_renders_as_tables_and_headings() -> None:
    tokens = MarkdownIt("commonmark").enable("table").parse(render(week_report(), "markdown"))
    kinds = [t.type for t in tokens]
    assert kinds.count("table_open") == 7
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[:3] == [
        "Status report 2026-11-16 to 2026-11-20",
        "Carrier contract (+vendor)",
        "Done this period",
    ]
    html = MarkdownIt("commonmark").enable("table").render(render(week_report(), "markdown"))
    # a hostile title stays one cell, shown as typed, and the escape character is not sent
    assert "<td>Quote | &lt;b&gt;bold&lt;/b&gt; ␛[31mred *now*</td>" in html
    assert "\x1b" not in html


@pytest.mark.parametrize("format", FORMATS)
def test_no_control_character_reaches_the_output(format: str) -> None:
    output = render(week_report(), format)
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", output)
    assert "␛" in output  # shown as text, as safe_text shows it everywhere else


def test_the_html_is_one_self_contained_file_with_inline_styles() -> None:
    output = render(week_report(), "html")
    tags: list[str] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list) -> None:
            tags.append(tag)
            assert tag not in ("link", "script", "style", "img"), tag

    Collect().feed(output)
    assert output.startswith("<!DOCTYPE html>") and tags.count("table") == 7
    assert "b" not in tags  # the <b> of a title is text
    assert "Quote | &lt;b&gt;bold&lt;/b&gt;" in output
    assert 'style="color:#b26a00;font-weight:bold">AMBER</span>' in output


def test_a_period_with_nothing_in_it_says_so() -> None:
    report = build_report(records(), date(2025, 1, 6), date(2025, 1, 10), date(2025, 1, 10))
    text = render(report, "text")
    assert "(Nothing finished in this period.)" in text
    assert "(No decisions recorded in this period.)" in text
    assert "Floor plan sign-off" not in text  # handed over after that period
