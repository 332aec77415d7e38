"""The action item forms read back what they were built with, and every field error lands on one of their blocks."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.items import F_DUE, F_REASON, F_TEXT
from bot.slack.forms.items import (
    blocked_block_for,
    blocked_modal,
    edit_block_for,
    edit_modal,
    typed_edit,
    typed_reason,
)
from bot.slack.values import ItemRef
from tests.support.prefilled import input_blocks, untouched

REF = ItemRef(item_id=7)


def test_the_edit_form_submitted_untouched_reads_back_the_item() -> None:
    view = edit_modal(ref=REF, text="Book the training", due=date(2026, 12, 3), tz="UTC").to_dict()

    assert typed_edit(untouched(view)) == ("Book the training", date(2026, 12, 3))


def test_the_blocked_form_starts_without_a_reason() -> None:
    assert typed_reason(untouched(blocked_modal(ref=REF, text="x", other_user_id="U0MIRA").to_dict())) == ""


@pytest.mark.parametrize("field", [F_TEXT, F_DUE, "anything else"])
def test_every_edit_error_lands_on_a_block_of_the_edit_form(field: str) -> None:
    assert edit_block_for(field) in input_blocks(edit_modal(ref=REF, text="x", due=None, tz="UTC").to_dict())


@pytest.mark.parametrize("field", [F_REASON, "anything else"])
def test_every_blocked_error_lands_on_the_reason(field: str) -> None:
    assert blocked_block_for(field) in input_blocks(blocked_modal(ref=REF, text="x", other_user_id="U0MIRA").to_dict())
