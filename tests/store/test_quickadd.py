"""The quick-add grammar: each marker, the edge cases, and properties over arbitrary lines."""

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.dates import DateError
from store.errors import UserError
from store.quickadd import QuickAdd, QuickAddError, describe, parse_quickadd

FRIDAY = date(2026, 11, 20)
MARKERS = ("@", "+", "#", "!", "due:", "every:")


def test_the_example_line_from_the_product_brief():
    q = parse_quickadd(
        "Call vendor about PO @alice +warehouse #contract !high due:fri every:mon", today=FRIDAY
    )
    assert q == QuickAdd(
        title="Call vendor about PO",
        owner="alice",
        project="warehouse",
        tags=["contract"],
        priority=1,
        due=date(2026, 11, 27),
        recur="mon",
    )


def test_a_plain_line_is_all_title_with_whitespace_collapsed():
    q = parse_quickadd("  Book   the\tloading dock \n ", today=FRIDAY)
    assert q == QuickAdd(title="Book the loading dock")
    assert q.tags == []


def test_markers_may_come_anywhere_and_the_title_keeps_its_order():
    q = parse_quickadd("#ops Ask @bob for +move the floor plan #urgent", today=FRIDAY)
    assert q.title == "Ask for the floor plan"
    assert (q.owner, q.project, q.tags) == ("bob", "move", ["ops", "urgent"])


def test_tags_repeat_and_a_repeated_tag_is_kept_once():
    q = parse_quickadd("Audit #a #b #a #B", today=FRIDAY)
    assert q.tags == ["a", "b", "B"]


@pytest.mark.parametrize(
    ("token", "priority"),
    [
        ("!high", 1),
        ("!HIGH", 1),
        ("!1", 1),
        ("!med", 2),
        ("!medium", 2),
        ("!Medium", 2),
        ("!2", 2),
        ("!low", 3),
        ("!3", 3),
    ],
)
def test_priorities(token, priority):
    assert parse_quickadd(f"Renew lease {token}", today=FRIDAY).priority == priority


@pytest.mark.parametrize("token", ["!urgent", "!4", "!0", "!hi", "!!high", "!high!"])
def test_an_unknown_priority_is_an_error_naming_it(token):
    with pytest.raises(QuickAddError) as caught:
        parse_quickadd(f"Renew lease {token}", today=FRIDAY)
    assert str(caught.value) == f"unknown priority {token!r} (use !high, !med, !low or !1-!3)"


@pytest.mark.parametrize(
    ("token", "due"),
    [
        ("due:today", FRIDAY),
        ("due:fri", date(2026, 11, 27)),
        ("DUE:Fri", date(2026, 11, 27)),
        ("due:+2w", date(2026, 12, 4)),
        ("due:eow", FRIDAY),
        ("due:eom", date(2026, 11, 30)),
        ("due:2026-12-01", date(2026, 12, 1)),
        ("due:2026-12-01T14:00", datetime(2026, 12, 1, 14, 0)),
        ("due:dec5", date(2026, 12, 5)),
        ("due:12/5", date(2026, 12, 5)),
    ],
)
def test_due_dates(token, due):
    assert parse_quickadd(f"Ship samples {token}", today=FRIDAY).due == due


def test_a_bad_due_date_raises_the_date_error_naming_the_date():
    with pytest.raises(DateError, match="cannot read date 'frid'"):
        parse_quickadd("Ship samples due:frid", today=FRIDAY)


@pytest.mark.parametrize(
    ("token", "recur"),
    [
        ("every:mon", "mon"),
        ("every:daily", "day"),
        ("EVERY:Thu,Mon", "mon,thu"),
        ("every:2w", "2w"),
    ],
)
def test_repeat_rules_are_normalised(token, recur):
    assert parse_quickadd(f"Status report {token}", today=FRIDAY).recur == recur


def test_a_bad_repeat_rule_names_the_rule():
    with pytest.raises(DateError, match="cannot read repeat rule 'fortnightly'"):
        parse_quickadd("Status report every:fortnightly", today=FRIDAY)


@pytest.mark.parametrize(
    ("line", "token", "example"),
    [
        ("Call @", "@", "@alice"),
        ("Call + now", "+", "+warehouse"),
        ("Call #", "#", "#contract"),
        ("Call !", "!", "!high"),
        ("Call due:", "due:", "due:fri"),
        ("Call Due:", "Due:", "due:fri"),
        ("Call every:", "every:", "every:mon"),
    ],
)
def test_a_marker_with_nothing_after_it_is_an_error_naming_it(line, token, example):
    with pytest.raises(QuickAddError) as caught:
        parse_quickadd(line, today=FRIDAY)
    assert str(caught.value) == f"{token!r} needs something after it, like {example}"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Call due:fri due:mon", "two due dates: 'due:fri' and 'due:mon' (give one)"),
        ("Call due:fri due:fri", "two due dates: 'due:fri' and 'due:fri' (give one)"),
        ("Call @alice @bob", "two owners: '@alice' and '@bob' (give one)"),
        ("Call +a +b", "two projects: '+a' and '+b' (give one)"),
        ("Call !high !low", "two priorities: '!high' and '!low' (give one)"),
        ("Call every:mon every:day", "two repeat rules: 'every:mon' and 'every:day' (give one)"),
    ],
)
def test_a_second_single_valued_marker_is_an_error_naming_both(line, message):
    with pytest.raises(QuickAddError) as caught:
        parse_quickadd(line, today=FRIDAY)
    assert str(caught.value) == message


@pytest.mark.parametrize("line", ["", "   ", "@alice +ops #x !low due:fri every:mon", "\t\n"])
def test_an_empty_title_is_an_error(line):
    with pytest.raises(QuickAddError, match="^nothing to add: the title is empty$"):
        parse_quickadd(line, today=FRIDAY)


def test_only_a_token_starting_with_a_marker_counts():
    q = parse_quickadd("mail bob@example.com re C++ issue#4 overdue:yes wow!", today=FRIDAY)
    assert q.title == "mail bob@example.com re C++ issue#4 overdue:yes wow!"
    assert q == QuickAdd(title=q.title)


def test_a_backslash_keeps_a_token_literal():
    q = parse_quickadd(r"reply on \#12 to \@team \due:soon \\x \ ok #ops", today=FRIDAY)
    assert q.title == r"reply on #12 to @team due:soon \x \ ok"
    assert q.tags == ["ops"]


def test_unicode_titles_and_names():
    q = parse_quickadd("Réunion café ☕ avec @zoë +déménagement #日本 — 東京", today=FRIDAY)
    assert q.title == "Réunion café ☕ avec — 東京"
    assert (q.owner, q.project, q.tags) == ("zoë", "déménagement", ["日本"])


def test_unicode_whitespace_separates_tokens():
    q = parse_quickadd("Order\u00a0pallets\u3000@ann\u2003#ops", today=FRIDAY)
    assert (q.title, q.owner, q.tags) == ("Order pallets", "ann", ["ops"])


def test_errors_are_user_errors():
    assert issubclass(QuickAddError, UserError)


def test_describe_the_full_line():
    q = parse_quickadd(
        "Call vendor about PO @alice +warehouse #contract !high due:fri every:mon", today=FRIDAY
    )
    assert (
        describe(q, today=FRIDAY)
        == "Call vendor about PO · @alice · +warehouse · #contract · !high · due Fri 27 Nov"
        " · every mon"
    )


@pytest.mark.parametrize(
    ("line", "preview"),
    [
        ("Book dock", "Book dock"),
        ("Book dock !3 #a #b", "Book dock · #a · #b · !low"),
        ("Book dock !medium due:today", "Book dock · !med · due today"),
        ("Book dock due:2027-01-04T08:30", "Book dock · due 2027-01-04 08:30"),
        ("Book dock every:weekdays", "Book dock · every weekday"),
    ],
)
def test_describe_shows_only_what_was_given(line, preview):
    assert describe(parse_quickadd(line, today=FRIDAY), today=FRIDAY) == preview


# -- properties -----------------------------------------------------------------

TOKENS = st.one_of(
    st.text(min_size=1, max_size=12).filter(lambda t: not t.isspace()),
    st.builds(lambda m, v: m + v, st.sampled_from(MARKERS), st.text(max_size=8)),
    st.sampled_from(
        ["!high", "!2", "due:fri", "due:dec5", "every:mon", "@", "\\", "\\#x", "due:dec", "5"]
        + ["14:00", "2027", "dec", "due:-1d", "due:yesterday", "9am", "5th"]
    ),
)
LINES = st.one_of(
    st.text(max_size=60),
    st.lists(TOKENS, max_size=8).map(" ".join),
)


@given(LINES)
@settings(deadline=None)
def test_parse_quickadd_raises_only_user_errors(line):
    try:
        q = parse_quickadd(line, today=FRIDAY)
    except UserError:
        return
    assert q.title
    assert q.title == " ".join(q.title.split())  # no stray whitespace
    assert describe(q, today=FRIDAY).startswith(q.title)


@given(LINES.filter(lambda line: "\\" not in line))
@settings(deadline=None)
def test_the_title_never_contains_a_marker_token(line):
    try:
        q = parse_quickadd(line, today=FRIDAY)
    except UserError:
        return
    for word in q.title.split():
        assert not word.startswith(("@", "+", "#", "!"))
        assert not word.lower().startswith(("due:", "every:"))


@given(
    st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzé日", min_size=1, max_size=6), max_size=4),
    st.lists(st.text(alphabet="abcxyz-_.", min_size=1, max_size=6), max_size=4),
)
def test_title_words_and_tags_survive_in_order(words, tags):
    line = " ".join(["Do", *(f"#{tag}" for tag in tags), *words])
    q = parse_quickadd(line, today=FRIDAY)
    assert q.title == " ".join(["Do", *words])
    assert q.tags == list(dict.fromkeys(tags))


# -- dates written with spaces after due: ---------------------------------------------


@pytest.mark.parametrize(
    ("line", "title", "due"),
    [
        ("Ship samples due:dec 5", "Ship samples", date(2026, 12, 5)),
        ("Ship due:Dec 5th samples", "Ship samples", date(2026, 12, 5)),
        ("Ship due:5 dec samples", "Ship samples", date(2026, 12, 5)),
        ("Ship due:dec 5 2027", "Ship", date(2027, 12, 5)),
        ("Ship due:dec 5 14:00", "Ship", datetime(2026, 12, 5, 14, 0)),
        ("Call due:fri 14:00 @bob", "Call", datetime(2026, 11, 27, 14, 0)),
        ("Call due:14:00", "Call", datetime(2026, 11, 20, 14, 0)),
        ("Call due:tomorrow 9am re lease", "Call re lease", datetime(2026, 11, 21, 9, 0)),
        ("Log due:yesterday", "Log", date(2026, 11, 19)),
        ("Log due:-1d", "Log", date(2026, 11, 19)),
        # a following word that is no part of a date stays in the title
        ("Order due:fri 3 pallets", "Order 3 pallets", date(2026, 11, 27)),
        ("Order due:dec5 5 pallets", "Order 5 pallets", date(2026, 12, 5)),
        ("Order due:dec 5 #ops", "Order", date(2026, 12, 5)),
    ],
)
def test_a_due_date_may_run_over_the_following_words(line, title, due):
    q = parse_quickadd(line, today=FRIDAY)
    assert (q.title, q.due) == (title, due)


def test_describe_keeps_a_spaced_date_readable():
    q = parse_quickadd("Ship due:dec 5", today=FRIDAY)
    assert describe(q, today=FRIDAY) == "Ship · due Sat 5 Dec"


@pytest.mark.parametrize(
    ("line", "token", "example"),
    [
        ("Ship due:frid", "due:frid", "due:fri"),
        ("Ship due:dec", "due:dec", "due:dec 5"),
        ("Ship due:dec 45", "due:dec 45", "due:dec 5"),
        ("Ship due:soon", "due:soon", "due:+3d"),
    ],
)
def test_a_bad_due_date_names_the_token_and_shows_one_that_works(line, token, example):
    with pytest.raises(DateError) as caught:
        parse_quickadd(line, today=FRIDAY)
    message = str(caught.value)
    assert repr(token) in message
    assert example in message
    # the example really works
    assert parse_quickadd(f"Ship {example}", today=FRIDAY).due is not None
