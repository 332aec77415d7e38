"""The intro form and messages: the form reads back what it was built with (nothing ticked), every field error
lands on one of its blocks, and the messages stay within Slack's limits whatever people wrote."""

from __future__ import annotations

import json

import pytest

from bot.domain.intro_prep import PART_ASK, PART_PATHS, Includable, IntroDraft
from bot.domain.intros import F_KIND, F_NOTE, NOTE_MAX
from bot.models import IntroOutcome, OfferKind
from bot.slack.blocks import intros as blocks
from bot.slack.forms.intro import block_for, intro_modal, read_intro
from bot.slack.values import IntroStart
from tests.support.prefilled import input_blocks, untouched

DRAFT = IntroDraft(
    helper_user_id="U0PRIYA",
    helper_name="Priya Rao",
    offer_note="Happy to talk platform work <!channel>",
    kinds=(OfferKind.INFORMATIONAL_INTERVIEW, OfferKind.MENTORING),
    parts=(
        Includable(PART_PATHS, "Paths I'm exploring", "Platform engineering"),
        Includable(PART_ASK, "What I'm asking for", "A mentor for design reviews"),
    ),
)
START = IntroStart(helper_id=3, kind=OfferKind.MENTORING, reasons="shares platform")


def test_the_form_submitted_untouched_asks_for_the_kind_clicked_and_includes_nothing() -> None:
    view = intro_modal(DRAFT, START).to_dict()
    assert read_intro(untouched(view)) == (OfferKind.MENTORING, "", set())
    shown = json.dumps(view)
    assert "Only your message and what you tick here reach <@U0PRIYA>" in shown
    assert "&lt;!channel&gt;" in shown  # their note is escaped, never a broadcast


def test_a_kind_they_no_longer_offer_is_not_preselected() -> None:
    view = intro_modal(DRAFT, IntroStart(helper_id=3, kind=OfferKind.SHADOWING)).to_dict()
    assert read_intro(untouched(view))[0] == ""


def test_without_a_prep_there_is_nothing_to_tick() -> None:
    view = intro_modal(IntroDraft("U0PRIYA", "Priya", None, (OfferKind.MENTORING,), ()), START).to_dict()
    assert "intro_include" not in input_blocks(view)


@pytest.mark.parametrize("field", [F_KIND, F_NOTE])
def test_every_field_error_lands_on_a_block_of_the_form(field: str) -> None:
    assert block_for(field) in input_blocks(intro_modal(DRAFT, START).to_dict())


def test_the_messages_hold_long_and_hostile_text_within_slacks_limits() -> None:
    words = ("<@U0ALL> & " * 600)[: NOTE_MAX * 3]
    helper_dm = blocks.helper_request(intro_id=1, employee_user_id="U0ANA", kind=OfferKind.MENTORING, message=words)
    helper_dm.blocks_json()
    assert "<@U0ALL>" not in json.dumps(helper_dm.blocks_json())
    start = IntroStart(helper_id=4, kind=OfferKind.MENTORING, reasons="x" * 2000)
    declined = blocks.intro_declined(helper_user_id=None, kind=OfferKind.MENTORING, suggestion=("U0OMAR", start))
    assert "a colleague" in declined.text
    declined.blocks_json()
    for outcome in IntroOutcome:
        blocks.outcome_recorded(outcome, asks_again=True).blocks_json()
    follow_up = blocks.follow_up(intro_id=1, round_=2, other_user_id="forgotten-7", kind=OfferKind.SHADOWING)
    assert "a colleague" in follow_up.text
    assert blocks.met_intros_line([(OfferKind.MENTORING, 1), (OfferKind.INFORMATIONAL_INTERVIEW, 3)]) == (
        "1 mentoring conversation, 3 informational interviews"
    )
