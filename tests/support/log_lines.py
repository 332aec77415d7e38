"""The log lines the process would write, as LOG_FORMAT formats them, captured from the root logger."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from bot import log_context, log_redaction
from bot.config import load_database_settings, log_formatter


@contextmanager
def written_lines(log_format: str, level: int = logging.DEBUG) -> Iterator[io.StringIO]:
    """Everything logged inside the block, formatted for `LOG_FORMAT=log_format`, with the bot's record
    factories (payload redaction, bound ids) installed as `configure_logging` installs them; undone after."""
    factory = logging.getLogRecordFactory()
    log_redaction.install()
    log_context.install()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(log_formatter(load_database_settings(LOG_FORMAT=log_format, _env_file=None)))
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(level)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)
        logging.setLogRecordFactory(factory)
