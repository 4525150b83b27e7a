"""The capture grammar as the README teaches it: every date and repeat rule it lists, and its
quick-add example, read as it says (so the README cannot drift from the parser)."""

from __future__ import annotations

import re
import shlex
from datetime import date
from pathlib import Path

import pytest

from store.quickadd import parse_quickadd

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
TODAY = date(2026, 11, 20)  # a Friday


def listed(after: str, before: str | None = None) -> list[str]:
    """The `code` items of the README's quick-add paragraph from one word to another."""
    paragraph = README[README.index("Quick-add: ") :].split("\n\n")[0]
    part = paragraph[paragraph.index(after) :]
    return re.findall(r"`([^`]+)`", part[: part.index(before)] if before else part)


DATES = listed("Dates:", "Rules:")
RULES = listed("Rules:")


def test_the_readme_lists_dates_and_rules() -> None:
    assert {"today", "fri", "dec 5"} <= set(DATES) and len(DATES) >= 10
    assert {"week", "mon,thu", "2w"} <= set(RULES)


@pytest.mark.parametrize("text", DATES)
def test_every_date_the_readme_lists_reads_after_due(text: str) -> None:
    parsed = parse_quickadd(f"Call the carrier due:{text} #ops", TODAY)
    assert parsed.due is not None
    assert (parsed.title, parsed.tags) == ("Call the carrier", ["ops"])


@pytest.mark.parametrize("rule", RULES)
def test_every_repeat_rule_the_readme_lists_reads_after_every(rule: str) -> None:
    parsed = parse_quickadd(f"Send the report due:fri every:{rule}", TODAY)
    assert parsed.recur and parsed.title == "Send the report"


def test_the_readme_quick_add_example_says_what_it_shows() -> None:
    line = next(x for x in README.splitlines() if x.startswith("opsdesk add Call vendor"))
    words = shlex.split(line.split("#  ")[0])[2:]  # after `opsdesk add`, as the shell passes
    parsed = parse_quickadd(" ".join(words), TODAY)
    assert (parsed.title, parsed.owner, parsed.project) == (
        "Call vendor about PO",
        "alice",
        "warehouse",
    )
    assert (parsed.tags, parsed.priority, parsed.due) == (["contract"], 1, date(2026, 11, 27))
    assert parsed.recur
