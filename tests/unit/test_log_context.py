"""Log lines carry the ids of what they are about, bound per request and per delivery, and LOG_FORMAT=json
writes each as one JSON object."""

from __future__ import annotations

import io
import json
import logging
import threading
from collections.abc import Iterator

import pytest

from bot import log_context
from bot.config import configure_logging, load_database_settings, log_formatter
from tests.support.log_lines import written_lines


@pytest.fixture
def lines() -> Iterator[io.StringIO]:
    """What the root logger writes, formatted as LOG_FORMAT=json formats it."""
    with written_lines("json") as stream:
        yield stream


def parsed(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


class Sender:
    @log_context.per_delivery
    def send(self, delivery_id: int, note: str) -> str:
        log_context.add(team_id="T0001")
        logging.getLogger("bot.scheduling.relay").info("sending %s", note)
        return note


def test_a_line_is_one_json_object_with_the_bound_ids(lines: io.StringIO) -> None:
    logger = logging.getLogger("bot.test")
    logger.info("before")
    with log_context.bound(request_id="r1", team_id="T0001", delivery_id=None):
        logger.warning("inside %d", 1)
        with log_context.bound(delivery_id=42):
            logger.info("nested")
        logger.info("after nested")
    logger.info("after")

    first, inside, nested, after_nested, after = parsed(lines)
    assert set(first) == {"time", "level", "logger", "message"}
    assert first["logger"] == "bot.test"
    assert first["message"] == "before"
    assert first["level"] == "INFO"
    assert str(first["time"]).endswith("+00:00")
    assert inside == {**inside, "level": "WARNING", "message": "inside 1", "request_id": "r1", "team_id": "T0001"}
    assert "delivery_id" not in inside
    assert nested["delivery_id"] == "42"
    assert nested["request_id"] == "r1"
    assert "delivery_id" not in after_nested
    assert "request_id" not in after


def test_a_delivery_sent_binds_its_id_and_what_it_learns_ends_with_it(lines: io.StringIO) -> None:
    assert Sender().send(7, "a notice") == "a notice"
    log_context.add(team_id="T0009")  # outside any delivery or request: nothing to add to
    logging.getLogger("bot.test").info("later")

    sending, later = parsed(lines)
    assert sending["delivery_id"] == "7"
    assert sending["team_id"] == "T0001"
    assert "team_id" not in later
    assert "delivery_id" not in later


def test_each_thread_sees_its_own_ids(lines: io.StringIO) -> None:
    def other() -> None:
        logging.getLogger("bot.test").info("other thread")

    with log_context.bound(request_id="r1"):
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()

    [line] = parsed(lines)
    assert "request_id" not in line


def test_an_exception_is_kept_in_its_line(lines: io.StringIO) -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("bot.test").exception("failed")

    [line] = parsed(lines)
    assert line["message"] == "failed"
    assert "ValueError: boom" in str(line["exception"])


def test_text_stays_the_default_format() -> None:
    formatter = log_formatter(load_database_settings(_env_file=None))
    record = logging.LogRecord("bot.test", logging.INFO, __file__, 1, "hello %s", ("there",), None)
    assert formatter.format(record).endswith(" INFO bot.test: hello there")


def test_configure_logging_installs_the_context_stamp() -> None:
    factory = logging.getLogRecordFactory()
    try:
        configure_logging(load_database_settings(LOG_FORMAT="json", _env_file=None))
        with log_context.bound(request_id="r9"):
            record = logging.getLogger("bot.test").makeRecord("bot.test", logging.INFO, __file__, 1, "x", (), None)
        assert getattr(record, "request_id", None) == "r9"
    finally:
        logging.setLogRecordFactory(factory)
