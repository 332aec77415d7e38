"""`/career-prep` routing: help, unknown input, status, and failures that still get an answer."""

from __future__ import annotations

import logging

import pytest

from bot.slack.listeners.commands import SUBCOMMANDS
from tests.support.fake_slack import FakeSlack
from tests.support.setup_flow import EMPLOYEE, MANAGER, open_setup, setup_values
from tests.support.signed import SignedSlack


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    fake_slack.add_user(EMPLOYEE, name="ana", real_name="Ana Silva", tz="Europe/Berlin")
    fake_slack.add_user(MANAGER, name="mira", real_name="Mira Chen", tz="America/New_York")


def test_help_lists_every_subcommand_ephemerally(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    response = slack.command(EMPLOYEE, "help")

    assert response.status == 200
    reply = fake_slack.responses[-1]
    assert reply["response_type"] == "ephemeral"
    for sub in SUBCOMMANDS:
        assert f"/career-prep {sub.name}" in reply["text"]
        assert sub.summary in reply["text"]


def test_unknown_input_gets_help_not_silence(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    slack.command(EMPLOYEE, "promote me <!channel>")

    reply = fake_slack.responses[-1]
    assert reply["response_type"] == "ephemeral"
    assert "I don't know `promote me &lt;!channel&gt;`" in reply["text"]
    assert "/career-prep settings" in reply["text"]


def test_status_for_someone_set_up(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    slack.submit_view(EMPLOYEE, open_setup(slack, fake_slack), setup_values())
    fake_slack.clear_calls()

    slack.command(EMPLOYEE, "status")

    assert fake_slack.calls_to("views.open") == []
    reply = fake_slack.responses[-1]
    assert "Next 1:1: Tue 8 Dec 2026, 15:30 (Europe/Berlin)" in reply["text"]
    assert "*Prep:* not started" in reply["blocks"][0]["text"]["text"]


def test_bare_command_for_someone_set_up_opens_prep(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    slack.submit_view(EMPLOYEE, open_setup(slack, fake_slack), setup_values())

    slack.command(EMPLOYEE)

    assert fake_slack.last("views.open").params["view"]["callback_id"] == "prep_form"


@pytest.mark.expected_alarm
def test_unexpected_failure_gets_a_reference_and_is_logged(
    slack: SignedSlack, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    fake_slack.fail_next("views.open", error="fatal_error", status=200)

    with caplog.at_level(logging.ERROR, logger="bot.errors"):
        response = slack.command(EMPLOYEE, "settings")

    assert response.status == 200
    reply = fake_slack.responses[-1]
    assert "Something went wrong on my side (reference" in reply["text"]
    reference = reply["text"].split("reference `")[1].split("`")[0]
    assert any(reference in record.getMessage() for record in caplog.records)


def test_expired_trigger_is_explained(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    fake_slack.fail_next("views.open", error="expired_trigger_id", status=200)

    slack.command(EMPLOYEE, "settings")

    text = fake_slack.responses[-1]["text"]
    assert "only a few seconds to open a form" in text
    assert "reference" not in text
