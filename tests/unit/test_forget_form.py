"""The forget confirmation is refused until its box is ticked, and the refusal lands under the box."""

from __future__ import annotations

from bot.domain.forget_scope import ForgetSummary
from bot.slack.forms.forget import CONFIRM_VALUE, F_CHECK, block_for, confirmed, forget_modal
from tests.support.prefilled import input_blocks, untouched

SUMMARY = ForgetSummary(2, 2, 1, 3, 0, 1, 1, 0, 0, 0)


def test_the_form_as_opened_is_not_a_confirmation_and_a_ticked_box_is() -> None:
    state = untouched(forget_modal(SUMMARY).to_dict())
    assert confirmed(state) is False

    for block in state.values():
        for element in block.values():
            element["selected_options"] = [{"value": CONFIRM_VALUE}]

    assert confirmed(state) is True


def test_the_refusal_lands_on_the_forms_only_input() -> None:
    assert input_blocks(forget_modal(SUMMARY).to_dict()) == [block_for(F_CHECK)]


def test_the_form_names_every_kind_of_record_issue_12_and_13_added() -> None:
    text = str(forget_modal(SUMMARY).to_dict())

    for kind in ("offer to help", "intros", "office hours", "opportunities", "mid-year reflections"):
        assert kind in text
    assert "team-planning date" in text
    assert "calendar link" in text
