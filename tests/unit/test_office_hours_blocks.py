"""Office-hours form and messages: the form reads back what it was built with, every field error lands on
a block, the channel announcement holds counts only, and Block Kit limits hold with the longest inputs."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.domain import office_hours as domain
from bot.domain.office_hours import OfficeHoursInput
from bot.models import OfficeHours
from bot.slack.blocks import office_hours as blocks
from bot.slack.forms.office_hours import block_for, office_hours_modal, read_form
from tests.support.prefilled import input_blocks, untouched

STARTS = datetime(2026, 10, 29, 14, 0, tzinfo=UTC)
SESSION = blocks.Session(
    office_hours_id=7,
    host_user_id="UHOST",
    starts=STARTS,
    length_minutes=60,
    slots=8,
    topic="<!channel> & " * 20,
    host_tz="Europe/Berlin",
)


def saved() -> OfficeHours:
    return OfficeHours(
        weekday=4,
        start_minute=16 * 60 + 30,
        length_minutes=90,
        slots=3,
        channel_id="COFFICE",
        lead_minutes=180,
        topic="our roadmap",
    )


def test_the_form_submitted_untouched_reads_back_what_is_saved() -> None:
    state = untouched(office_hours_modal(saved()).to_dict())

    assert read_form(state) == OfficeHoursInput(4, 16 * 60 + 30, 90, 3, "COFFICE", 180, "our roadmap")
    assert domain.validate(read_form(state)) == {}


def test_a_new_form_asks_for_the_channel() -> None:
    state = untouched(office_hours_modal(None).to_dict())

    assert set(domain.validate(read_form(state))) == {domain.F_CHANNEL}


@pytest.mark.parametrize(
    "field",
    [
        domain.F_WEEKDAY,
        domain.F_START,
        domain.F_LENGTH,
        domain.F_SLOTS,
        domain.F_CHANNEL,
        domain.F_LEAD,
        domain.F_TOPIC,
    ],
)
def test_every_field_error_lands_on_a_block_of_the_form(field: str) -> None:
    assert block_for(field) in input_blocks(office_hours_modal(None).to_dict())


def test_slots_too_short_are_refused() -> None:
    form = OfficeHoursInput(0, 600, 30, 8, "C1", 60, "")
    assert set(domain.validate(form)) == {domain.F_SLOTS}


def test_the_announcement_shows_counts_and_escapes_the_topic() -> None:
    message = blocks.announcement(SESSION, slots_left=3, open_for_booking=True)
    shown = json.dumps(message.blocks_json())

    assert "3 of 8 slots left" in shown
    assert "<!channel>" not in shown
    assert f"<!date^{int(STARTS.timestamp())}^" in shown
    assert "Thu 29 Oct 2026, 15:00 (Europe/Berlin)" in shown


def test_a_full_or_past_session_has_no_book_button() -> None:
    for message in (
        blocks.announcement(SESSION, slots_left=0, open_for_booking=True),
        blocks.announcement(SESSION, slots_left=2, open_for_booking=False),
    ):
        assert "office_hours_book" not in json.dumps(message.blocks_json())


def test_the_host_list_of_a_full_session_stays_within_limits() -> None:
    rows = [blocks.Booked(i, f"UBOOKER{i}", STARTS) for i in range(8)]

    message = blocks.host_list(SESSION, rows, note="x" * 5000)

    assert len(message.blocks_json()) <= 50
    assert json.dumps(message.blocks_json()).count("office_hours_cancel") == 8
