"""The request forms read back what they were built with, and every field error lands on one of their blocks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.meeting_request import F_DATE, F_MESSAGE, F_TIME
from bot.domain.meeting_request_draft import RequestDraft
from bot.slack.forms.request import block_for, counter_modal, picked_slot, request_modal, typed_message
from tests.support.prefilled import input_blocks, untouched

DRAFT = RequestDraft(
    manager_user_id="U0MIRA",
    manager_name="Mira Chen",
    tz="Europe/Berlin",
    message="Could we talk about my next steps?",
    slot_local=datetime(2026, 11, 26, 10, 0),
)


def test_the_request_form_submitted_untouched_reads_back_the_draft() -> None:
    state = untouched(request_modal(DRAFT).to_dict())

    assert typed_message(state) == DRAFT.message
    assert picked_slot(state) == (DRAFT.slot_local, {})


def test_the_counter_form_reads_back_the_proposal_in_the_managers_zone() -> None:
    proposed = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    view = counter_modal(request_id=7, employee_user_id="U0ANA", proposed_at=proposed, tz="America/New_York")

    assert picked_slot(untouched(view.to_dict())) == (datetime(2026, 11, 26, 4, 0), {})


def test_an_empty_slot_is_reported_on_the_empty_fields() -> None:
    state = untouched(request_modal(DRAFT).to_dict())
    for block in state.values():  # as Slack sends pickers left empty
        for element in block.values():
            element.update({k: None for k in ("selected_date", "selected_time") if k in element})

    slot, missing = picked_slot(state)

    assert slot is None
    assert set(missing) == {F_DATE, F_TIME}


@pytest.mark.parametrize("field", [F_MESSAGE, F_DATE, F_TIME])
def test_every_field_error_lands_on_a_block_of_the_form(field: str) -> None:
    assert block_for(field) in input_blocks(request_modal(DRAFT).to_dict())
