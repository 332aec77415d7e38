"""What a log line is about (the Slack request, the delivery, the workspace), and the JSON line format.

The edge binds a request's ids while it handles the request, the relay a delivery's while it sends it
(contextvars, so each thread and each request sees its own). Every record created meanwhile carries
them as attributes; `LOG_FORMAT=json` writes them as fields of one JSON object per line. Only ids are
bound here, never text: the message itself is the one redacted by bot/log_redaction.py.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

# The fields a record may carry, in the order a JSON line shows them.
FIELDS = ("request_id", "team_id", "delivery_id")

_BOUND: ContextVar[dict[str, str] | None] = ContextVar("career_prep_log_context", default=None)

P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S")


@contextmanager
def bound(**fields: object) -> Iterator[None]:
    """Tag every record created inside the block with `fields` (None values are left out); nested
    blocks add to what the outer one bound, and each block's additions end with it."""
    outer = _BOUND.get() or {}
    token = _BOUND.set({**outer, **{name: str(value) for name, value in fields.items() if value is not None}})
    try:
        yield
    finally:
        _BOUND.reset(token)


def add(**fields: object) -> None:
    """Add to what the innermost `bound` block tags its records with (learnt part way through it, such
    as a delivery's workspace once it is loaded). Outside any block this does nothing, so a value can
    never outlive the request or delivery it belongs to."""
    current = _BOUND.get()
    if current is not None:
        current.update({name: str(value) for name, value in fields.items() if value is not None})


def current() -> dict[str, str]:
    return dict(_BOUND.get() or {})


def per_delivery(method: Callable[Concatenate[S, int, P], R]) -> Callable[Concatenate[S, int, P], R]:
    """Run a relay method whose first argument is a delivery id with that id bound to its log lines."""

    @wraps(method)
    def with_delivery(self: S, delivery_id: int, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with bound(delivery_id=delivery_id):
            return method(self, delivery_id, *args, **kwargs)

    return with_delivery


def install() -> None:
    """Stamp the bound fields on every record as it is created, so every handler (stderr, a test's
    capture) sees them. Installing twice changes nothing."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "stamps_log_context", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        for name, value in (_BOUND.get() or {}).items():
            setattr(record, name, value)
        return record

    factory.stamps_log_context = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, the bound ids, and the
    traceback of a logged exception."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)
