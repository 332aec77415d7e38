"""At DEBUG, the logs say what the bot did (methods called, statuses, listeners run) but never what
people typed: prep, recap and item text stay out of every log record, the Slack libraries' included."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bot import log_redaction
from bot.config import configure_logging, load_database_settings
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.prep_flow import EMPLOYEE, MANAGER, add_people, set_up_pair, share
from tests.support.recap_flow import MEETING_OVER, open_recap, recap_values
from tests.support.signed import SignedSlack

SECRET = "zebra-crossing sabbatical"


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """The bot's own logging set up at DEBUG, as `LOG_LEVEL=DEBUG` does; undone afterwards."""
    factory = logging.getLogRecordFactory()
    configure_logging(load_database_settings(LOG_LEVEL="DEBUG", _env_file=None))
    caplog.set_level(logging.DEBUG)
    try:
        yield caplog
    finally:
        logging.setLogRecordFactory(factory)


def leaks(caplog: pytest.LogCaptureFixture) -> list[str]:
    found = []
    for record in caplog.records:
        seen = " ".join((record.getMessage(), repr(record.args), record.exc_text or ""))
        if SECRET in seen or SECRET.replace(" ", "+") in seen:
            found.append(f"{record.name} {record.levelname}: {record.getMessage()[:200]}")
    return found


def test_debug_logs_never_carry_what_people_typed(
    debug_logs: pytest.LogCaptureFixture, slack: SignedSlack, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    add_people(fake_slack)
    set_up_pair(slack, fake_slack)
    share(slack, fake_slack, strengths=f"Prep: {SECRET}")
    year, month, day, hour, minute = MEETING_OVER
    clock.set(clock.now.replace(year=year, month=month, day=day, hour=hour, minute=minute))
    rows = [(f"Item: {SECRET}", "manager", "2026-12-18")]
    slack.submit_view(EMPLOYEE, open_recap(slack, fake_slack), recap_values(takeaways=f"Recap: {SECRET}", rows=rows))
    slack.command(MANAGER, "items")
    slack.command(EMPLOYEE, "export")
    assert SECRET in str(fake_slack.messages())  # it did travel to Slack

    assert leaks(debug_logs) == []
    # Still useful: which Web API methods were called and what Bolt answered.
    debug = [r.getMessage() for r in debug_logs.records if r.levelno == logging.DEBUG]
    assert any("chat.postMessage" in line and log_redaction.REDACTED in line for line in debug)
    assert any(line.startswith("Responding with status: 200") for line in debug)
    assert any(line.startswith("Running listener") for line in debug)


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        (
            "Sending a request - url: https://slack.com/api/chat.postMessage, query_params: {}, json_body: {'t': 1}",
            "Sending a request - url: https://slack.com/api/chat.postMessage [payload not logged]",
        ),
        (
            "Received the following response - status: 200, headers: {'a': 'b'}, body: {\"ok\": true}",
            "Received the following response - status: 200 [payload not logged]",
        ),
        (
            'Responding with status: 200 body: "{\\"text\\": \\"x\\"}" (3 millis)',
            "Responding with status: 200 [payload not logged]",
        ),
        ("on_message invoked: (message: {'envelope_id': '1'})", "on_message invoked [payload not logged]"),
        ("Running listener: prep_submitted ...", "Running listener: prep_submitted ..."),
    ],
)
def test_library_lines_are_cut_where_the_payload_starts(line: str, kept: str) -> None:
    assert log_redaction.redact(line) == kept


def test_only_the_slack_libraries_and_bolts_logger_are_redacted() -> None:
    assert log_redaction.from_slack_library("slack_sdk.web.base_client")
    assert log_redaction.from_slack_library("slack_bolt.App")
    assert log_redaction.from_slack_library("bot.slack")  # the logger create_app gives Bolt
    assert not log_redaction.from_slack_library("bot.slack.listeners.views.prep")
    assert not log_redaction.from_slack_library("slackish")


def test_a_warning_that_dumps_a_request_body_is_cut_too() -> None:
    line = "A global middleware (Guard) skipped calling either `next()` or `next_()` without providing a " + (
        "response for the request ({'view': {'state': 'secret'}})"
    )
    assert log_redaction.redact_dump(line) == (
        "A global middleware (Guard) skipped calling either `next()` or `next_()` without providing a "
        "response for the request [payload not logged]"
    )
    ordinary = "Failed to run listener function (error: The server responded with: {'ok': False})"
    assert log_redaction.redact_dump(ordinary) == ordinary  # warnings keep Slack's error answers


def test_records_are_redacted_as_they_are_created(debug_logs: pytest.LogCaptureFixture) -> None:
    body = "({'view': {'state': '" + SECRET + "'}})"
    logging.getLogger("bot.slack").warning("skipped without providing a response for the request %s", body)
    logging.getLogger("slack_sdk.web.base_client").debug("Sending a request - url: x, body_params: %s", body)
    logging.getLogger("bot.slack.listeners.views.prep").debug("our own line about %s", "conversation 12")

    assert leaks(debug_logs) == []
    assert [r.getMessage() for r in debug_logs.records][-1] == "our own line about conversation 12"
