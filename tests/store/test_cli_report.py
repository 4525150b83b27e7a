"""`opsdesk report`: the golden report from a data file, periods, projects, files, errors."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from report_data import TODAY, records

from store.storage import Database
from tui.cli import main

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "desk.json"
    monkeypatch.setenv("OPSDESK_DB", str(path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    db = Database(path)
    data = records()
    for table in ("projects", "actions", "milestones", "risks", "notes"):
        db.put_documents(table, {str(r.id): r.to_doc() for r in getattr(data, table)})
    db.close()
    yield path
    monkeypatch.undo()
    time.tzset()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(["--today", TODAY.isoformat(), *argv])  # as reproducible reports do
    except SystemExit as exit:
        code = int(exit.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_report_of_a_file_is_the_reviewed_golden_report(env: Path, capsys) -> None:
    code, out, err = run(capsys, "report")
    assert (code, err) == (0, "")
    assert out == (GOLDEN / "report.md").read_text(encoding="utf-8")
    code, out, _ = run(capsys, "report", "--format", "text", "--since", "2026-11-18")
    assert out.startswith("STATUS REPORT 2026-11-18 TO 2026-11-20\n")


def test_a_period_and_projects_can_be_chosen(env: Path, capsys) -> None:
    code, out, err = run(
        capsys, "report", "--since", "2026-11-09", "--until", "2026-11-13", "--project", "+oldsite"
    )
    assert code == 0, err
    assert "# Status report 2026-11-09 to 2026-11-13" in out
    assert "## Old site exit (+oldsite)" in out and "Warehouse move (+" not in out
    code, out, _ = run(capsys, "report", "--project", "vendor", "warehouse", "--until", "fri")
    assert out.count("\n## ") == 2


def test_the_html_report_goes_to_a_file(env: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "week.html"
    code, out, err = run(capsys, "report", "--format", "html", "-o", str(target))
    assert (code, out, err) == (0, "", "")
    assert target.read_text(encoding="utf-8") == (GOLDEN / "report.html").read_text()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--project", "nope"], "opsdesk: no project named 'nope'\n"),
        (["--since", "2026-11-20", "--until", "2026-11-19"], "is after --until 2026-11-19\n"),
        (["--since", "someday"], "someday"),
        (["--format", "pdf"], "invalid choice: 'pdf'"),
        (["-o", "/nonexistent-dir/r.md"], "opsdesk: cannot write /nonexistent-dir/r.md"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(env: Path, capsys, argv, message) -> None:
    code, out, err = run(capsys, "report", *argv)
    assert (code, out) == (2, "")
    assert message in err and err.count("\n") == 1
