"""`opsdesk completion bash|zsh`: the script completes subcommands, kinds, ids and fields."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

OPSDESK = Path(sys.executable).parent / "opsdesk"


@pytest.fixture
def env(tmp_path):
    env = dict(os.environ, OPSDESK_DB=str(tmp_path / "d.json"))
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["PATH"] = f"{OPSDESK.parent}:{env['PATH']}"
    subprocess.run([OPSDESK, "add", "Call vendor"], env=env, check=True, capture_output=True)
    for name in ("warehouse", "cutover"):
        subprocess.run([OPSDESK, "project", "add", name], env=env, check=True, capture_output=True)
    return env


def script(shell: str, env) -> str:
    result = subprocess.run([OPSDESK, "completion", shell], env=env, capture_output=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.decode()


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_bash_completes_commands_kinds_ids_and_fields(env, tmp_path):
    (tmp_path / "c.bash").write_text(script("bash", env))
    probe = """
    source c.bash
    comp() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMP_LINE="$*"
      COMP_POINT=${#COMP_LINE}; COMPREPLY=(); _shtab_opsdesk; echo "${COMPREPLY[*]}"; }
    comp opsdesk sh; comp opsdesk show ""; comp opsdesk show action ""
    comp opsdesk edit milestone 1 for; comp opsdesk done ""
    comp opsdesk list actions --project ""; comp opsdesk project show w
    """
    result = subprocess.run(["bash", "-c", probe], cwd=tmp_path, env=env, capture_output=True)
    lines = result.stdout.decode().splitlines()
    assert lines == [
        "show",
        "action milestone risk note",
        "1",
        "forecast=",
        "1",
        "cutover warehouse",
        "warehouse",
    ], result.stderr


def test_zsh_script_names_its_command_and_id_helper(env):
    text = script("zsh", env)
    assert text.startswith("#compdef opsdesk") and "_opsdesk_ids" in text
    assert "(action milestone risk note)" in text


def test_ids_format_gives_id_and_title(env):
    out = subprocess.run(
        [OPSDESK, "list", "actions", "--format", "ids"], env=env, capture_output=True
    ).stdout
    assert out.decode() == "1:Call vendor\n"
