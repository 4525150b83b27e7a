"""`--today DATE`: the whole run acts as if it were that day, wherever the option stands."""

import json
from datetime import date

from cli_run import run

from store import dates


def test_today_before_or_after_the_command_is_the_same_day(env, capsys):
    assert run(capsys, "--today", "2026-11-20", "add", "Call carrier due:fri")[0] == 0
    assert run(capsys, "--today", "2026-11-20", "add", "Book van due:2026-12-03")[0] == 0
    before = run(capsys, "--today", "2026-12-01", "today")
    after = run(capsys, "today", "--today", "2026-12-01")
    assert before == after and before[0] == 0
    # On 1 Dec the carrier call (due Fri 27 Nov) is overdue, the van two days off.
    assert "Overdue (1)" in before[1] and "Call carrier" in before[1].split("Overdue")[1]
    code, out, _ = run(capsys, "today", "--json", "--today", "2026-12-01")
    sections = json.loads(out)
    assert [a["title"] for a in sections["overdue"]] == ["Call carrier"]


def test_today_sets_the_day_quick_add_reads_relative_dates_from(env, capsys):
    assert run(capsys, "add", "Ship pallets due:tomorrow", "--today", "2026-12-01")[0] == 0
    [action] = json.loads(run(capsys, "list", "actions", "--json")[1])
    assert action["due"] == "2026-12-02"


def test_today_accepts_the_date_language(env, capsys):
    assert run(capsys, "--today", "+1d", "add", "X due:today")[0] == 0
    [action] = json.loads(run(capsys, "list", "actions", "--json")[1])
    assert action["due"] == (date.today().fromordinal(date.today().toordinal() + 1)).isoformat()


def test_a_bad_today_is_one_line_exit_2_and_leaves_no_override(env, capsys):
    code, out, err = run(capsys, "today", "--today", "someday")
    assert code == 2 and out == "" and err.count("\n") == 1 and "someday" in err
    assert not env.exists()
    assert run(capsys, "today", "--today", "2026-12-01")[0] == 0
    assert dates.today() == date.today()  # main() leaves no override behind


def test_today_override_reaches_the_store(monkeypatch):
    dates.set_today(date(2026, 12, 1))
    try:
        assert dates.today() == date(2026, 12, 1)
        assert dates.parse_date("tomorrow") == date(2026, 12, 2)
    finally:
        dates.set_today(None)
    assert dates.today() == date.today()
