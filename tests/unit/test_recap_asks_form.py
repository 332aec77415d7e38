"""The recap form's open asks: read back as built (carry over by default), each one's choice and text;
field errors land on their blocks; thirty asks stay inside Slack's 100 blocks, and the form says what it left out."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bot.domain.recap_input import MAX_ROWS, AskAnswer, AskChoice, Owner, RecapInput, RecapRow, validate_recap
from bot.slack.forms.recap import CarriedChoice, RecapForm, block_for, recap_form, recap_input
from bot.slack.forms.recap_asks import ASKS_SHOWN, AskRow
from bot.slack.ids import Action, recap_ask_block
from bot.slack.values import RecapRef, decode
from tests.support.blockkit_checks import check_view
from tests.support.prefilled import input_blocks, untouched

ASKS = (
    AskRow(11, "mentor", "Someone who has led a platform team", date(2026, 11, 30)),
    AskRow(12, "training", "", None, AskChoice.NOT_NOW, "Budget opens in March"),
)
FORM = RecapForm(
    conversation_id=42,
    scheduled_at=datetime(2026, 12, 8, 14, 30, tzinfo=UTC),
    tz="Europe/Berlin",
    manager_user_id="U0MIRA",
    manager_name="Mira Chen",
    takeaways="a move to product is realistic",
    asks=ASKS,
)


def test_asks_read_back_as_shown_and_carry_over_by_default() -> None:
    view = recap_form(FORM).to_dict()

    ref = decode(RecapRef, view["private_metadata"])
    typed = recap_input(untouched(view), ref)

    assert ref.ask_ids == [11, 12]
    assert typed.asks == (AskAnswer(11, AskChoice.CARRY, ""), AskAnswer(12, AskChoice.NOT_NOW, "Budget opens in March"))
    shown = str(view)
    assert "A mentor: Someone who has led a platform team" in shown
    assert "Asked on Mon 30 Nov 2026." in shown
    assert "Mira Chen said not now" in shown


def test_no_open_asks_no_asks_part() -> None:
    view = recap_form(replace(FORM, asks=())).to_dict()

    assert "Your open asks" not in str(view)
    assert decode(RecapRef, view["private_metadata"]).ask_ids == []


@pytest.mark.parametrize("field", ["ask_0_text", "ask_1_text", "ask_1_choice"])
def test_ask_errors_land_on_their_blocks(field: str) -> None:
    assert block_for(field) in input_blocks(recap_form(FORM).to_dict())


def test_thirty_asks_with_every_other_part_full_stay_within_slacks_limits() -> None:
    asks = tuple(AskRow(100 + n, "other", "x" * 3000, date(2026, 11, 1)) for n in range(30))
    carried = tuple(CarriedChoice(n, "item", "Ana") for n in range(12))
    rows = tuple(RecapRow(f"step {n}", Owner.ME) for n in range(MAX_ROWS - 1))
    view = recap_form(replace(FORM, asks=asks, carried=carried, rows=rows, row_count=MAX_ROWS - 1)).to_dict()

    assert check_view(view) == []
    assert len(view["blocks"]) <= 100
    assert decode(RecapRef, view["private_metadata"]).ask_ids == [100 + n for n in range(ASKS_SHOWN)]
    assert f"and {30 - ASKS_SHOWN} more asks stay open" in str(view)


def answered(choice: AskChoice, text: str) -> RecapInput:
    return RecapInput(met=True, asks=(AskAnswer(11, AskChoice.CARRY), AskAnswer(12, choice, text)))


@pytest.mark.parametrize(
    ("choice", "text", "error"),
    [
        (AskChoice.NOT_NOW, "  ", "Say why not now"),
        (AskChoice.YES, "", "Say what happens next"),
        (AskChoice.YES, "x" * 501, "under 500 characters"),
    ],
)
def test_not_now_needs_a_reason_and_yes_what_happens_next(choice: AskChoice, text: str, error: str) -> None:
    errors = validate_recap(answered(choice, text), today=date(2026, 12, 8))

    assert list(errors) == ["ask_1_text"]
    assert error in errors["ask_1_text"]


def test_an_answered_ask_is_enough_to_save_a_recap() -> None:
    assert validate_recap(answered(AskChoice.YES, "Mira asks the platform lead"), today=date(2026, 12, 8)) == {}
    assert "takeaways" in validate_recap(answered(AskChoice.CARRY, ""), today=date(2026, 12, 8))


def test_an_unknown_choice_carries_the_ask_over() -> None:
    view = recap_form(FORM).to_dict()
    state = untouched(view)
    state[recap_ask_block(1, "choice")][Action.RECAP_ASK_CHOICE]["selected_option"] = {"value": "maybe"}

    typed = recap_input(state, decode(RecapRef, view["private_metadata"]))

    assert typed.asks[1].choice is AskChoice.CARRY
