"""The edges stay where they are: listener modules never import one another (only a surface's
package registers its own modules), test modules never import test modules, and every prep block id
a form builds through ids.py is one the Block enum declares."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.domain.prep_answers import MAX_ASKS, TEXT_FIELDS
from bot.slack.ids import Block, prep_ask_block, prep_ask_detail_block, prep_block

ROOT = Path(__file__).resolve().parents[2]
LISTENERS = ROOT / "bot" / "slack" / "listeners"


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def test_no_listener_module_imports_another_listener_module() -> None:
    offending = set()
    for path in sorted(LISTENERS.rglob("*.py")):
        own = module_name(path)
        package = own if path.name == "__init__.py" else own.rsplit(".", 1)[0]
        for name in imported(path):
            if not name.startswith("bot.slack.listeners.") or name == own:
                continue
            # A surface's package registers its own modules; nothing else reaches into a listener.
            if path.name == "__init__.py" and name.startswith(package + "."):
                continue
            offending.add(f"{own}: {name}")

    assert offending == set()


def test_no_test_module_imports_another_test_module() -> None:
    offending = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        for name in imported(path)
        if name.startswith(("tests.unit", "tests.db", "tests.slack"))
    }

    assert offending == set()


@pytest.mark.parametrize(
    "block_id",
    [
        *(prep_block(field) for field in TEXT_FIELDS),
        *(prep_ask_block(i) for i in range(MAX_ASKS)),
        *(prep_ask_detail_block(i) for i in range(MAX_ASKS)),
    ],
)
def test_every_prep_block_id_is_declared(block_id: str) -> None:
    assert block_id in set(Block)
