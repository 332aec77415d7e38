"""Opportunity messages and forms within Block Kit's limits, whatever people type: the longest titles,
descriptions, tags and messages, mrkdwn that must not become mentions or links, and a full list."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from bot.domain.opportunities import Listed
from bot.domain.opportunity_matching import Match
from bot.models.opportunity import Opportunity, OpportunityKind, OpportunityState
from bot.slack.blocks.opportunities import (
    announcement,
    closed_notice,
    interest_dm,
    listing,
    match_blocks,
    posted,
    undeliverable,
)
from bot.slack.forms.opportunity import interest_modal, opportunity_modal
from bot.slack.ids import Action
from tests.support.blockkit_checks import check_message, check_view

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
HOSTILE = "<!channel> & <https://evil.example|click> *bold* " * 60


def row(n: int = 1, *, title: str = "t" * 150, description: str = HOSTILE[:2000]) -> Opportunity:
    return Opportunity(
        id=n,
        team_id="T1",
        owner_id=1,
        kind=OpportunityKind.MENTORING_COHORT,
        title=title,
        description=description,
        tags=[f"tag number {i} " + "x" * 25 for i in range(15)],
        closes_on=date(2026, 12, 18),
        announce_channel="CANN",
        state=OpportunityState.OPEN,
    )


def kwargs_ok(message: object) -> None:
    as_kwargs = message.as_kwargs()  # type: ignore[attr-defined]
    assert check_message(as_kwargs["text"], as_kwargs["blocks"]) == []


def test_every_message_stays_within_limits_and_escapes_what_people_typed() -> None:
    hostile = row(title=HOSTILE[:150])
    for message in (
        announcement(hostile, "UOWNER"),
        interest_dm(hostile, person_user_id="UANA", message=HOSTILE[:1000] + "\nsecond line"),
        closed_notice(hostile),
        posted(hostile, "UOWNER"),
        undeliverable(hostile, channel_id="CANN", reason="<!here>"),
    ):
        kwargs_ok(message)
        shown = json.dumps(message.blocks_json())
        assert "<!channel>" not in shown
        assert "<https://evil.example" not in shown
        assert "<!here>" not in shown


def test_a_multi_line_message_is_quoted_line_by_line() -> None:
    message = interest_dm(row(title="Guild"), person_user_id="UANA", message="first\nsecond")
    assert ">first\\n>second" in json.dumps(message.blocks_json())
    assert "didn't add a message" in json.dumps(interest_dm(row(), person_user_id="UANA", message="").blocks_json())


def test_a_long_list_stays_within_50_blocks_and_says_it_is_cut() -> None:
    rows = [Listed(row(n), "UOWNER", interested=n if n % 2 else None) for n in range(1, 21)]
    message = listing(rows)
    kwargs_ok(message)
    assert len(message.blocks) <= 50
    assert "Showing the 15 closing soonest" in json.dumps(message.blocks_json())


def test_matches_fit_the_room_they_are_given() -> None:
    matches = [Match(n, "t" * 150, "role", "UOWNER", date(2026, 12, 18), ("a",) * 15) for n in range(1, 4)]
    assert match_blocks(matches, heading="h", room=3) == []
    assert len(match_blocks(matches, heading="h", room=7)) <= 7
    full = match_blocks(matches, heading="h", room=100)
    ids = [e["action_id"] for b in full for e in b.to_dict().get("elements", []) if e.get("type") == "button"]
    assert ids.count(Action.OPPORTUNITY_INTERESTED) == 3


def test_the_forms_are_valid_modals() -> None:
    assert check_view(opportunity_modal().to_dict(), expected_type="modal") == []
    assert check_view(interest_modal(row(), skills="x" * 2000).to_dict(), expected_type="modal") == []
    shown = json.dumps(interest_modal(row(), skills="pairing " * 200 + "and the very last words").to_dict())
    assert "and the very last words" in shown  # the whole text the owner would get, not its first 75 characters
    without = interest_modal(row(), skills="").to_dict()
    assert check_view(without, expected_type="modal") == []
    assert "Also send the skills" not in json.dumps(without)
