"""No import circle anywhere in bot/, and none hidden in the lower floors by an import inside a function
(the way the planner and the digest once held one together): checked on the source, module by module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"
ROOT = BOT.parent


def _name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(path): path for path in BOT.rglob("*.py")}


def _resolve(name: str) -> str | None:
    """The module an import loads: `bot.a.b.Thing` is `bot.a.b`."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _targets(node: ast.Import | ast.ImportFrom, module: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = module.split(".") if MODULES[module].name == "__init__.py" else module.split(".")[:-1]
        base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
    return [base] + [f"{base}.{alias.name}" for alias in node.names]


def _imports(module: str) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.update(r for t in _targets(node, module) if (r := _resolve(t)) is not None and r != module)
    return found


def _a_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One circle of imports, as the modules along it; empty if there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[module] = 2
        path.pop()
        return []

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return []


def test_no_module_in_bot_imports_itself_round_a_circle() -> None:
    graph = {module: _imports(module) for module in MODULES}

    assert _a_cycle(graph) == []


def test_the_cycle_finder_sees_a_circle() -> None:
    assert _a_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert _a_cycle({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize("floor", ["domain", "calendar", "models"])
def test_a_lower_floor_imports_only_at_the_top_of_its_modules(floor: str) -> None:
    late = set()
    for path in sorted((BOT / floor).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = {id(node) for node in tree.body}
        late |= {
            f"{path.relative_to(ROOT)}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in top
        }

    assert late == set()
