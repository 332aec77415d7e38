"""Reading Block Kit payloads in tests: every dict inside one, and all of its text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Json = dict[str, Any]


def walk(node: object) -> Iterator[Json]:
    """Every dict inside a Block Kit payload, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def texts(payload: object) -> list[str]:
    """Every `text` string in the payload, in order."""
    return [d["text"] for d in walk(payload) if isinstance(d.get("text"), str)]


def all_text(payload: object) -> str:
    return "\n".join(texts(payload))


def buttons(payload: object) -> dict[str, Json]:
    """Every button in a Block Kit payload, by action id."""
    return {d["action_id"]: d for d in walk(payload) if d.get("type") == "button"}
