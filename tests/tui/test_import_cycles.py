"""Screens do not import each other in a circle: they talk through the app and messages.

Two checks: a static one over every import in tui/ (at module level and inside functions,
leaving out `if TYPE_CHECKING:` blocks, which never run), and each screen module imported
alone in a fresh interpreter, as a person's first key press would load it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TUI = ROOT / "tui"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """The tui modules `path` imports when it runs (type-checking imports left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for body in node.body for child in ast.walk(body))
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] == "tui"}


def import_graph(cli: bool = False) -> dict[str, set[str]]:
    """tui's modules and what they import; the command line (tui/cli/) is a package of its
    own, checked on its own (`cli=True`)."""
    modules = {
        module_name(path): path
        for path in TUI.rglob("*.py")
        if "__pycache__" not in path.parts and module_name(path).startswith("tui.cli") == cli
    }
    return {name: imports_of(path) & set(modules) - {name} for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the path, 2 done
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for target in sorted(graph.get(name, ())):
            if state.get(target) == 1:
                found.append(path[path.index(target) :] + [target])
            elif target not in state:
                visit(target)
        path.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    return found


def test_the_check_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_in_tui_imports_itself_round_a_circle() -> None:
    graph = import_graph()
    assert "tui.screens.note_view" in graph and "tui.screens.desk" in graph
    assert cycles(graph) == []


def test_no_command_line_module_imports_itself_round_a_circle() -> None:
    graph = import_graph(cli=True)
    assert "tui.cli.project_verbs" in graph and "tui.cli" in graph
    assert cycles(graph) == []


def test_each_screen_module_imports_alone() -> None:
    screens = sorted(
        module_name(path) for path in (TUI / "screens").glob("*.py") if path.stem != "__init__"
    )
    code = "import importlib, sys; importlib.import_module(sys.argv[1])"
    for name in screens:
        result = subprocess.run(
            [sys.executable, "-c", code, name], cwd=ROOT, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, f"{name}: {result.stderr}"
