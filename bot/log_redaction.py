"""DEBUG lines from the Slack libraries without the payloads: prep, recap and item text stay out of logs.

slack_sdk logs every Web API request and response body at DEBUG, Bolt logs every answer's body, and
Socket Mode every envelope. Those bodies carry what people typed. The lines stay (the operator still
sees which method was called, with what status, and which listener ran), cut where the payload starts.
"""

from __future__ import annotations

import logging
import re
from typing import Any

# Bolt logs through the logger create_app hands it (bot/app.py); the libraries log under their names.
SLACK_LOGGERS = ("slack_sdk", "slack_bolt", "slack")
BOLT_LOGGER = "bot.slack"
REDACTED = "[payload not logged]"
# Where a payload starts: a labelled field (body:, payload:, headers: …) or a JSON/dict/quoted literal.
_PAYLOAD = re.compile(
    r"\b(?:payload|body|message|data|json_body|body_params|query_params|headers|files|params|bytes)\b\s*[:=(]"
    r"|[{\[\"']"
)

# Lines that dump a whole request body at WARNING or above (Bolt, when a middleware answers nothing).
_BODY_DUMPS = ("for the request (",)


def from_slack_library(name: str) -> bool:
    return name == BOLT_LOGGER or any(name == n or name.startswith(n + ".") for n in SLACK_LOGGERS)


def redact(message: str) -> str:
    """`message` up to where a payload starts, marked as cut; unchanged if it carries none."""
    match = _PAYLOAD.search(message)
    if match is None:
        return message
    kept = message[: match.start()].rstrip(" ,:=(-\n")
    return f"{kept} {REDACTED}" if kept else REDACTED


def redact_dump(message: str) -> str:
    """`message` cut before a whole request body it dumps; unchanged otherwise."""
    for phrase in _BODY_DUMPS:
        at = message.find(phrase)
        if at != -1:
            return f"{message[: at + len(phrase) - 1].rstrip()} {REDACTED}"
    return message


def install() -> None:
    """Redact DEBUG records of the Slack libraries as they are created, so every handler (stderr, a
    file, a test's capture) sees the same safe line. Installing twice changes nothing."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "redacts_slack_payloads", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if from_slack_library(record.name):
            message = record.getMessage()
            record.msg = redact(message) if record.levelno < logging.INFO else redact_dump(message)
            record.args = None
        return record

    factory.redacts_slack_payloads = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
