"""The lower floors never import upwards: the domain, the calendar math and the models know nothing of
Slack, the scheduler or the process that runs them (checked on the source, module by module)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"
UPPER = ("bot.slack", "bot.scheduling", "bot.app", "bot.runtime", "bot.cli", "bot.web", "slack_sdk", "slack_bolt")


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("floor", ["domain", "calendar", "models"])
def test_a_lower_floor_imports_nothing_from_above(floor: str) -> None:
    offending = {
        f"{path.relative_to(BOT.parent)}: {name}"
        for path in sorted((BOT / floor).rglob("*.py"))
        for name in imported(path)
        if name.startswith(UPPER)
    }

    assert offending == set()


def test_the_calendar_math_needs_no_database_session() -> None:
    for path in (BOT / "calendar").rglob("*.py"):
        assert not {n for n in imported(path) if n.startswith(("sqlalchemy", "bot.domain"))}, path
