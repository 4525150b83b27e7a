"""The date and recurrence language: every form, good and bad, against fixed days."""

import re
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.dates import (
    DateError,
    format_date,
    next_occurrence,
    parse_date,
    parse_recurrence,
)
from store.errors import UserError

FRIDAY = date(2026, 11, 20)
WEDNESDAY = date(2026, 11, 25)
SUNDAY = date(2026, 11, 22)
NEW_YEARS_EVE = date(2026, 12, 31)  # a Thursday


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("today", FRIDAY, FRIDAY),
        ("TODAY", FRIDAY, FRIDAY),
        ("  tomorrow ", FRIDAY, date(2026, 11, 21)),
        ("tomorrow", NEW_YEARS_EVE, date(2027, 1, 1)),
        # weekdays are strictly after today: fri on a Friday is a week later
        ("fri", FRIDAY, date(2026, 11, 27)),
        ("friday", FRIDAY, date(2026, 11, 27)),
        ("Fri", WEDNESDAY, date(2026, 11, 27)),
        ("sat", FRIDAY, date(2026, 11, 21)),
        ("mon", FRIDAY, date(2026, 11, 23)),
        ("MONDAY", SUNDAY, date(2026, 11, 23)),
        ("sun", SUNDAY, date(2026, 11, 29)),
        ("thu", FRIDAY, date(2026, 11, 26)),
        ("thurs", FRIDAY, date(2026, 11, 26)),
        ("tues", FRIDAY, date(2026, 11, 24)),
        ("wednesday", WEDNESDAY, date(2026, 12, 2)),
        ("fri", NEW_YEARS_EVE, date(2027, 1, 1)),
        ("+0d", FRIDAY, FRIDAY),
        ("+3d", FRIDAY, date(2026, 11, 23)),
        ("+2w", FRIDAY, date(2026, 12, 4)),
        ("+1m", FRIDAY, date(2026, 12, 20)),
        ("+1M", date(2027, 1, 31), date(2027, 2, 28)),
        ("+1y", date(2028, 2, 29), date(2029, 2, 28)),
        ("+12d", NEW_YEARS_EVE, date(2027, 1, 12)),
        # eow is Friday, the end of the working week; today when today is Friday
        ("eow", FRIDAY, FRIDAY),
        ("EOW", WEDNESDAY, date(2026, 11, 27)),
        ("eow", date(2026, 11, 21), date(2026, 11, 27)),
        ("eow", SUNDAY, date(2026, 11, 27)),
        ("eow", date(2026, 11, 23), date(2026, 11, 27)),
        ("eom", FRIDAY, date(2026, 11, 30)),
        ("eom", date(2026, 11, 30), date(2026, 11, 30)),
        ("eom", date(2028, 2, 3), date(2028, 2, 29)),
        ("eom", date(2027, 2, 3), date(2027, 2, 28)),
        ("2026-12-01", FRIDAY, date(2026, 12, 1)),
        ("2020-01-01", FRIDAY, date(2020, 1, 1)),  # a past ISO date is taken as written
        # dateutil forms: without a year, the next occurrence on or after today
        ("dec 5", FRIDAY, date(2026, 12, 5)),
        ("Dec 5th", FRIDAY, date(2026, 12, 5)),
        ("nov 20", FRIDAY, FRIDAY),
        ("nov 19", FRIDAY, date(2027, 11, 19)),
        ("jan 4", FRIDAY, date(2027, 1, 4)),
        ("5 dec 2026", FRIDAY, date(2026, 12, 5)),
        ("5 December 2030", FRIDAY, date(2030, 12, 5)),
        ("12/5", FRIDAY, date(2026, 12, 5)),
        ("feb 29", FRIDAY, date(2028, 2, 29)),
        ("feb 29", date(2028, 1, 10), date(2028, 2, 29)),
    ],
)
def test_parse_date_forms(text, today, expected):
    value = parse_date(text, today=today)
    assert value == expected
    assert type(value) is date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01T14:00", datetime(2026, 12, 1, 14, 0)),
        ("2026-12-01 14:00", datetime(2026, 12, 1, 14, 0)),
        ("2026-12-01T00:00", datetime(2026, 12, 1, 0, 0)),
        ("dec 5 2pm", datetime(2026, 12, 5, 14, 0)),
        ("nov 19 9:30", datetime(2027, 11, 19, 9, 30)),
        ("5 dec 2026 14:15", datetime(2026, 12, 5, 14, 15)),
    ],
)
def test_parse_date_with_a_time_gives_a_naive_datetime(text, expected):
    value = parse_date(text, today=FRIDAY)
    assert value == expected
    assert isinstance(value, datetime)
    assert value.tzinfo is None


def test_today_defaults_to_the_real_today():
    assert parse_date("today") == date.today()
    assert parse_date("+1d") == date.today() + timedelta(days=1)


@pytest.mark.parametrize(
    "text",
    [
        "frid",
        "",
        "   ",
        "fridays",
        "next friday",
        "3d",  # an offset needs its +
        "+3",
        "+d",
        "+3x",
        "+99999d",
        "+9000y",
        "eoy",
        "dec",  # a month alone is too vague
        "5",  # so is a day alone
        "2027",
        "2026-13-01",
        "2026-02-30",
        "feb 30",
        "tomorrow!",
        "soon",
    ],
)
def test_parse_date_refuses_bad_text_naming_it(text):
    with pytest.raises(DateError) as caught:
        parse_date(text, today=FRIDAY)
    assert f"cannot read date {text.strip()!r}" in str(caught.value)
    assert "try today, fri, +3d, dec 5, fri 14:00, 2026-12-01" in str(caught.value)


def test_date_error_message_matches_the_contract():
    with pytest.raises(DateError, match=r"^cannot read date 'frid' \(try today, fri, \+3d"):
        parse_date("frid", today=FRIDAY)


@pytest.mark.parametrize(
    "text", ["2026-12-01T14:00Z", "2026-12-01T14:00+02:00", "dec 5 14:00 UTC", "dec 5 14:00 EST"]
)
def test_parse_date_refuses_time_zones(text):
    with pytest.raises(DateError, match="time zones are not supported"):
        parse_date(text, today=FRIDAY)


def test_year_less_date_near_the_end_of_the_calendar_is_an_error_not_a_hang():
    with pytest.raises(DateError):
        parse_date("feb 29", today=date(9999, 3, 1))


def test_date_error_is_a_user_error():
    assert issubclass(DateError, UserError)


@given(st.text(max_size=40))
@settings(deadline=None)
def test_parse_date_raises_only_user_errors(text):
    try:
        value = parse_date(text, today=FRIDAY)
    except UserError:
        return
    assert isinstance(value, date)
    assert getattr(value, "tzinfo", None) is None


@given(st.dates(), st.sampled_from(["mon", "fri", "sun", "eow", "eom", "tomorrow", "+5d", "+1m"]))
def test_relative_words_never_land_before_today(today, text):
    try:
        value = parse_date(text, today=today)
    except DateError:
        return  # only past the end of the calendar
    assert value >= today
    if text in ("mon", "fri", "sun"):
        assert 0 < (value - today).days <= 7
        assert value.strftime("%a").lower() == text


# -- recurrence ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("day", "day"),
        ("daily", "day"),
        ("Week", "week"),
        ("weekly", "week"),
        ("month", "month"),
        ("monthly", "month"),
        ("year", "year"),
        ("yearly", "year"),
        ("weekday", "weekday"),
        ("weekdays", "weekday"),
        ("mon", "mon"),
        ("Monday", "mon"),
        ("mon,thu", "mon,thu"),
        ("thu,MON", "mon,thu"),
        ("fri,friday,tue", "tue,fri"),
        (" 2w ", "2w"),
        ("3d", "3d"),
        ("1m", "1m"),
        ("1y", "1y"),
        ("10D", "10d"),
    ],
)
def test_parse_recurrence_normalises(rule, expected):
    assert parse_recurrence(rule) == expected


@pytest.mark.parametrize(
    "rule", ["", "fortnightly", "0d", "02w", "2x", "w", "mon,", ",mon", "mon thu", "+2w", "1000d"]
)
def test_parse_recurrence_refuses_bad_rules_naming_them(rule):
    with pytest.raises(DateError, match=re.escape(f"cannot read repeat rule {rule.strip()!r}")):
        parse_recurrence(rule)


@pytest.mark.parametrize(
    ("rule", "after", "expected"),
    [
        ("day", FRIDAY, date(2026, 11, 21)),
        ("daily", NEW_YEARS_EVE, date(2027, 1, 1)),
        ("week", FRIDAY, date(2026, 11, 27)),
        ("month", date(2027, 1, 31), date(2027, 2, 28)),
        ("month", FRIDAY, date(2026, 12, 20)),
        ("year", date(2028, 2, 29), date(2029, 2, 28)),
        ("weekday", FRIDAY, date(2026, 11, 23)),
        ("weekday", WEDNESDAY, date(2026, 11, 26)),
        ("weekday", date(2026, 11, 21), date(2026, 11, 23)),
        ("mon", FRIDAY, date(2026, 11, 23)),
        ("fri", FRIDAY, date(2026, 11, 27)),
        ("mon,thu", date(2026, 11, 23), date(2026, 11, 26)),
        ("mon,thu", date(2026, 11, 26), date(2026, 11, 30)),
        ("2w", FRIDAY, date(2026, 12, 4)),
        ("3d", NEW_YEARS_EVE, date(2027, 1, 3)),
        ("1m", date(2026, 10, 31), date(2026, 11, 30)),
        ("1y", FRIDAY, date(2027, 11, 20)),
    ],
)
def test_next_occurrence(rule, after, expected):
    assert next_occurrence(rule, after) == expected


def test_next_occurrence_keeps_the_time_of_a_datetime():
    assert next_occurrence("mon", datetime(2026, 11, 20, 9, 30)) == datetime(2026, 11, 23, 9, 30)


def test_next_occurrence_past_the_end_of_the_calendar_is_a_date_error():
    with pytest.raises(DateError, match="no date after 9999-12-31"):
        next_occurrence("day", date(9999, 12, 31))


def test_next_occurrence_refuses_a_bad_rule():
    with pytest.raises(DateError, match="'sometimes'"):
        next_occurrence("sometimes", FRIDAY)


RULES = st.sampled_from(
    ["day", "week", "month", "year", "weekday", "mon", "sat,sun", "mon,wed,fri", "3d", "2w", "1m"]
)


@given(RULES, st.dates(max_value=date(9000, 1, 1)))
def test_next_occurrence_is_strictly_after_and_on_the_rule(rule, after):
    following = next_occurrence(rule, after)
    assert following > after
    if rule == "weekday":
        assert following.weekday() < 5
        assert (following - after).days <= 3
    elif rule[0].isalpha() and rule not in ("day", "week", "month", "year"):
        assert following.strftime("%a").lower() in rule.split(",")
        assert (following - after).days <= 7


# -- format_date --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (FRIDAY, "today"),
        (date(2026, 11, 21), "tomorrow"),
        (date(2026, 11, 27), "Fri 27 Nov"),
        (date(2026, 12, 1), "Tue 1 Dec"),
        (date(2026, 11, 19), "Thu 19 Nov"),  # yesterday reads as a plain date
        (date(2027, 1, 4), "2027-01-04"),
        (date(2025, 12, 31), "2025-12-31"),
        (datetime(2026, 11, 20, 14, 0), "today 14:00"),
        (datetime(2026, 11, 21, 9, 5), "tomorrow 09:05"),
        (datetime(2026, 11, 27, 14, 0), "Fri 27 Nov 14:00"),
        (datetime(2027, 1, 4, 8, 30), "2027-01-04 08:30"),
    ],
)
def test_format_date(value, expected):
    assert format_date(value, today=FRIDAY) == expected


def test_format_date_tomorrow_across_the_year_end():
    assert format_date(date(2027, 1, 1), today=NEW_YEARS_EVE) == "tomorrow"
    assert format_date(date(2027, 1, 2), today=NEW_YEARS_EVE) == "2027-01-02"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
def test_format_date_reads_back_as_the_same_date(day):
    # what a list shows can be typed back in (this year's dates without their year)
    text = format_date(day, today=FRIDAY)
    if text not in ("today", "tomorrow") and day.year == FRIDAY.year:
        text = text.split(" ", 1)[1]
    if day >= FRIDAY or day.year != FRIDAY.year:
        assert parse_date(text, today=FRIDAY) == day


# -- yesterday, past offsets and times of day ---------------------------------------


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("yesterday", FRIDAY, date(2026, 11, 19)),
        ("Yesterday", date(2027, 1, 1), NEW_YEARS_EVE),
        ("-1d", FRIDAY, date(2026, 11, 19)),
        ("-2w", FRIDAY, date(2026, 11, 6)),
        ("-1m", date(2026, 3, 31), date(2026, 2, 28)),
        ("-1y", FRIDAY, date(2025, 11, 20)),
    ],
)
def test_yesterday_and_past_offsets(text, today, expected):
    value = parse_date(text, today=today)
    assert value == expected
    assert type(value) is date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:00", datetime(2026, 11, 20, 14, 0)),
        ("9:05", datetime(2026, 11, 20, 9, 5)),
        ("2pm", datetime(2026, 11, 20, 14, 0)),
        ("fri 14:00", datetime(2026, 11, 27, 14, 0)),
        ("Mon 9:30", datetime(2026, 11, 23, 9, 30)),
        ("today 16:30", datetime(2026, 11, 20, 16, 30)),
        ("tomorrow 8am", datetime(2026, 11, 21, 8, 0)),
        ("+2d 10:00", datetime(2026, 11, 22, 10, 0)),
        ("eow 17:00", datetime(2026, 11, 20, 17, 0)),
    ],
)
def test_a_time_of_day_alone_or_after_a_named_day(text, expected):
    value = parse_date(text, today=FRIDAY)
    assert value == expected
    assert isinstance(value, datetime)


@pytest.mark.parametrize("text", ["25:00", "14:60", "fri 25:00", "frid 14:00", "14:00 fri"])
def test_bad_times_are_refused_naming_the_text(text):
    with pytest.raises(DateError, match=re.escape(f"cannot read date {text!r}")):
        parse_date(text, today=FRIDAY)


def test_the_error_suggests_forms_that_work():
    with pytest.raises(DateError) as caught:
        parse_date("soon", today=FRIDAY)
    for example in ("today", "fri", "+3d", "dec 5", "fri 14:00", "2026-12-01"):
        assert example in str(caught.value)
