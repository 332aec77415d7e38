"""The recap form reads back what it was built with, and every field error lands on one of its blocks."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.recap_input import F_FEEDBACK, F_TAKEAWAYS, Owner, RecapInput, RecapRow
from bot.slack.forms.recap import CarriedChoice, RecapForm, block_for, recap_form, recap_input
from bot.slack.values import RecapRef, decode
from tests.support.prefilled import input_blocks, untouched

ROWS = (
    RecapRow("Shadow the platform on-call week", Owner.ME, date(2026, 12, 20), item_id=5),
    RecapRow("Introduce Ana to the product lead", Owner.MANAGER, None, item_id=None),
)
FORM = RecapForm(
    conversation_id=42,
    scheduled_at=datetime(2026, 12, 8, 14, 30, tzinfo=UTC),
    tz="Europe/Berlin",
    manager_user_id="U0MIRA",
    manager_name="Mira Chen",
    met=False,
    takeaways="a move to product is realistic",
    feedback="speak up earlier",
    rows=ROWS,
    row_count=2,
    carried=(CarriedChoice(3, "Read the design doc", "Ana"), CarriedChoice(4, "Book the course", "Mira")),
    closing=frozenset({4}),
)


def test_a_form_submitted_untouched_reads_back_what_it_showed() -> None:
    view = recap_form(FORM).to_dict()

    typed = recap_input(untouched(view), decode(RecapRef, view["private_metadata"]))

    assert typed == RecapInput(
        met=False, takeaways=FORM.takeaways, feedback=FORM.feedback, rows=ROWS, close_item_ids=frozenset({4})
    )


@pytest.mark.parametrize("field", [F_TAKEAWAYS, F_FEEDBACK, "row_0_text", "row_1_owner", "row_1_due", "met"])
def test_every_field_error_lands_on_a_block_of_the_form(field: str) -> None:
    assert block_for(field) in input_blocks(recap_form(FORM).to_dict())
