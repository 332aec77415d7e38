"""The house keeps its floors: the import contracts in pyproject.toml hold (checked by import-linter, as in
CI), and no module of bot/ is part of an import circle (checked on the source, imports inside functions too)."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = ROOT / "pyproject.toml"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONTRACTS: list[dict[str, object]] = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"][
    "contracts"
]


def test_the_contracts_the_house_relies_on_are_declared() -> None:
    declared = {str(contract["id"]): contract["type"] for contract in CONTRACTS}

    assert declared == {
        "floors": "layers",
        "slack-floors": "layers",
        "domain-without-slack": "forbidden",
        "calendar-without-database": "forbidden",
        "listeners-independent": "independence",
        "no-cycles": "acyclic_siblings",
    }


@pytest.mark.parametrize("contract_id", [str(contract["id"]) for contract in CONTRACTS])
def test_the_import_contract_holds(contract_id: str) -> None:
    result = subprocess.run(
        [str(LINT_IMPORTS), str(PYPROJECT), "--contract", contract_id, "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


# -- circles, on the source -------------------------------------------------------------------------------


def module_names(package: Path) -> dict[str, Path]:
    """Dotted name -> file, for every module under `package` (a package is named by its __init__.py)."""
    names = {}
    for path in package.rglob("*.py"):
        parts = path.relative_to(package.parent).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return names


def _imported(node: ast.AST, module: str, is_package: bool) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            base = module.split(".")[: len(module.split(".")) - node.level + is_package]
            source = ".".join([*base, node.module] if node.module else base)
        else:
            source = node.module or ""
        yield source
        yield from (f"{source}.{alias.name}" for alias in node.names)


def import_graph(package: Path) -> dict[str, set[str]]:
    """Module -> the package's own modules it imports, wherever the import stands (in a function too)."""
    modules = module_names(package)

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets = {
            known(name) for node in ast.walk(tree) for name in _imported(node, module, path.name == "__init__.py")
        }
        graph[module] = {target for target in targets if target is not None and target != module}
    return graph


def circles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The import circles of `graph`: its strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in sorted(graph.get(module, ())):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = [stack.pop()]
            while component[-1] != module:
                component.append(stack.pop())
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(found)


def test_no_module_of_bot_is_part_of_an_import_circle() -> None:
    assert circles(import_graph(ROOT / "bot")) == []


def _package(root: Path, files: Mapping[str, str]) -> Path:
    for name, source in files.items():
        path = root / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return root / "pkg"


def test_a_circle_held_by_an_import_inside_a_function_is_found(tmp_path: Path) -> None:
    package = _package(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from pkg.b import f\n",
            "b.py": "def f():\n    from pkg import a\n    return a\n",
            "c.py": "from pkg import a\n",
        },
    )

    assert circles(import_graph(package)) == [["pkg.a", "pkg.b"]]


def test_relative_imports_are_resolved_and_a_downward_graph_has_no_circle(tmp_path: Path) -> None:
    package = _package(
        tmp_path,
        {
            "__init__.py": "",
            "top.py": "from .low import thing\nfrom pkg.sub import deep\n",
            "low.py": "thing = 1\n",
            "sub/__init__.py": "from . import deep\n",
            "sub/deep.py": "from ..low import thing\n",
        },
    )

    graph = import_graph(package)

    assert graph["pkg.top"] == {"pkg.low", "pkg.sub", "pkg.sub.deep"}
    assert graph["pkg.sub"] == {"pkg.sub.deep"}
    assert graph["pkg.sub.deep"] == {"pkg.low"}
    assert circles(graph) == []


@pytest.mark.parametrize("floor", ["domain", "calendar", "models"])
def test_a_lower_floor_imports_only_at_the_top_of_its_modules(floor: str) -> None:
    """An import inside a function is how the planner and the digest once hid a circle."""
    late = set()
    for path in sorted((ROOT / "bot" / floor).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = {id(node) for node in tree.body}
        late |= {
            f"{path.relative_to(ROOT)}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in top
        }

    assert late == set()
