"""safe_text: the one door user text leaves by; control characters are shown, never sent."""

from __future__ import annotations

import pytest
from hostile import HOSTILE, HUGE, MARKUP, OSC52, SCRIPTS, terminal_safe

from store.text import is_safe, safe_text


def test_escape_sequences_are_shown_not_sent() -> None:
    shown = safe_text(f"Pay {OSC52} invoice \x1b[2J")
    assert "\x1b" not in shown and "\x07" not in shown
    assert shown == "Pay ␛]52;c;cHduZWQ=␇ invoice ␛[2J"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_nothing_in_the_corpus_survives(name: str) -> None:
    assert terminal_safe(safe_text(HOSTILE[name]), newlines=False) == []


def test_c1_del_and_bidi_overrides_are_visible() -> None:
    assert safe_text("a\x9b2Jb\x7fc") == "a<U+009B>2Jb␡c"
    assert safe_text("x\u202ey") == "x<U+202E>y"


def test_newlines_stay_only_where_lines_are_shown() -> None:
    assert safe_text("one\ntwo") == "one␊two"
    assert safe_text("one\ntwo\r", lines=True) == "one\ntwo␍"


def test_a_tab_stays_only_where_the_widget_lays_tabs_out() -> None:
    assert safe_text("a\tb\n\x1b", lines=True) == "a␉b\n␛"
    assert safe_text("a\tb\n\x1b", lines=True, tabs=True) == "a\tb\n␛"


@pytest.mark.parametrize("name", [*MARKUP, *SCRIPTS])
def test_plain_markup_rtl_and_wide_text_pass_unchanged(name: str) -> None:
    text = HOSTILE[name] if name != "bidi-override" else "plain"
    assert safe_text(text) == text
    assert is_safe(text)


def test_a_megabyte_keeps_its_length_in_characters_but_loses_its_escapes() -> None:
    shown = safe_text(HUGE, lines=True)
    assert terminal_safe(shown) == []
    assert len(shown) == len(HUGE)


def test_any_value_becomes_text() -> None:
    assert safe_text(42) == "42"
