"""The setup form reads back what it was built with, and every field error lands on one of its blocks."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.domain.people import Profile
from bot.domain.setup import F_CADENCE, F_DATE, F_LENGTH, F_MANAGER, F_TIME, SetupInput
from bot.models import Cadence
from bot.slack.forms.setup import SetupPrefill, block_for, picked_manager, setup_input, setup_modal
from bot.slack.values import SetupContext
from tests.support.prefilled import input_blocks, untouched

ANA = Profile("U0ANA", "Ana Silva", "Europe/Berlin")
MIRA = Profile("U0MIRA", "Mira Chen", "America/New_York")
SAVED = SetupPrefill("U0MIRA", date(2026, 12, 8), time(14, 30), Cadence.BIWEEKLY, 45, "Europe/Berlin")


def test_a_form_submitted_untouched_reads_back_the_saved_setup() -> None:
    state = untouched(setup_modal(SAVED, SetupContext(), first_time=False).to_dict())

    assert picked_manager(state) == "U0MIRA"
    assert setup_input(state, ANA, MIRA) == SetupInput(ANA, MIRA, date(2026, 12, 8), time(14, 30), Cadence.BIWEEKLY, 45)


@pytest.mark.parametrize("field", [F_MANAGER, F_DATE, F_TIME, F_CADENCE, F_LENGTH])
def test_every_field_error_lands_on_a_block_of_the_form(field: str) -> None:
    assert block_for(field) in input_blocks(setup_modal(SetupPrefill(), SetupContext(), first_time=True).to_dict())
