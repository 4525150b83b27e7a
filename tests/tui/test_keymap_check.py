"""[keys] in config.toml: an unknown id or a key taken from another binding is reported."""

from __future__ import annotations

from pathlib import Path

from desk_pilot import open_app

from tui.keymap_check import keymap_problems


def test_a_good_keymap_has_no_problems() -> None:
    assert keymap_problems({"record.done": "space", "app.help": "f1,question_mark"}) == []
    assert keymap_problems({}) == []


def test_an_unknown_id_is_named_with_the_nearest_real_one() -> None:
    (problem,) = keymap_problems({"record.edt": "E"})
    assert "'record.edt'" in problem and "unknown" in problem and "'record.edit'" in problem


def test_a_key_taken_from_another_binding_is_named() -> None:
    (problem,) = keymap_problems({"record.edit": "d"})
    assert "'record.edit'" in problem and "'d'" in problem
    assert "record.delete" in problem and "Delete" in problem


def test_moving_both_keys_is_no_conflict() -> None:
    assert keymap_problems({"record.edit": "d", "record.delete": "D"}) == []


def test_a_global_key_taken_by_a_screen_key_is_named() -> None:
    (problem,) = keymap_problems({"record.add": "q"})
    assert "app.quit" in problem


def test_a_value_that_is_not_text_is_named() -> None:
    (problem,) = keymap_problems({"record.done": 5})
    assert "'record.done'" in problem and "string" in problem
    assert keymap_problems(["record.done"]) == ['[keys] must be a table of id = "keys"']


async def test_the_app_reports_the_problems_when_it_starts(data_file: Path) -> None:
    app = open_app(data_file, config={"keys": {"record.edt": "E", "record.edit": "d"}})
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any("record.edt" in message for message in messages)
        assert any("record.delete" in message for message in messages)


def test_config_check_exits_2_with_one_line_per_problem(tmp_path: Path, capsys) -> None:
    from tui.cli import main

    path = tmp_path / "config.toml"
    path.write_text(
        'theme = "opsdesk-purple"\n[keys]\n"record.edt" = "E"\n"record.edit" = "d"\n',
        encoding="utf-8",
    )
    assert main(["config", "check", "--config", str(path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 3
    assert any("'record.edt'" in line for line in lines)
    assert any("record.delete" in line for line in lines)
    assert any("'opsdesk-purple'" in line for line in lines)

    path.write_text('theme = "opsdesk-ansi"\n[keys]\n"record.done" = "space"\n')
    assert main(["config", "check", "--config", str(path)]) == 0
    assert "no problems" in capsys.readouterr().out
