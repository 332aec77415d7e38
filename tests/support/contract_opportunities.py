"""Opportunities in the world of the HTTP contract test: Mira posts one announced in the channel (its tags
match Ana's prep, so her review and Home show it), lists her own (with Close), opens the form for another,
and Ana has the "I'm interested" form open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.slack.ids import Action, Callback
from tests.support.fake_slack import FakeSlack
from tests.support.opportunity_flow import interest_values, opportunity_values
from tests.support.signed import SignedSlack

Values = dict[str, dict[str, dict[str, Any]]]
OPEN_UNTIL = "2026-12-31"  # after the contract's day


def post_first(slack: SignedSlack, fake_slack: FakeSlack, manager: str, channel: str) -> None:
    """Before Ana preps: Mira posts an opportunity for design reviewers, announced in the channel."""
    slack.command(manager, "opportunity")
    view = fake_slack.last_view()
    assert view["callback_id"] == Callback.OPPORTUNITY_FORM
    slack.submit_view(manager, view, opportunity_values(closes_on=OPEN_UNTIL, channel=channel))


def forms_open(
    slack: SignedSlack, manager: str, employee: str, show: Callable[[str, str], Any], click: Callable[..., None]
) -> None:
    """On the contract's day: Mira's list of her own (with Close) and a fresh posting form; Ana's interest form."""
    slack.command(manager, "opportunities")
    slack.command(manager, "opportunity")
    show(manager, Callback.OPPORTUNITY_FORM)
    click(employee, Action.OPPORTUNITY_INTERESTED, where="home")
    show(employee, Callback.OPPORTUNITY_INTEREST)


def valid_values(channel: str) -> dict[str, Values]:
    return {
        Callback.OPPORTUNITY_FORM: opportunity_values(
            title="Mentor the spring cohort", closes_on=OPEN_UNTIL, channel=channel
        ),
        Callback.OPPORTUNITY_INTEREST: interest_values("I'd love to help run these reviews", send_skills=True),
    }


# A stranger's submission of the same form with other values (a submission is handled once per view and values).
OTHER_VALUES: dict[str, Values] = {
    Callback.OPPORTUNITY_FORM: opportunity_values(title="Someone else's idea", closes_on=OPEN_UNTIL, channel=None),
    Callback.OPPORTUNITY_INTEREST: interest_values("Me too"),
}
