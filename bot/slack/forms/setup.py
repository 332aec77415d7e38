"""The setup modal (manager, next 1:1, rhythm and length): built, read back, and field errors placed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from slack_sdk.models.blocks import (
    DatePickerElement,
    InputBlock,
    Option,
    StaticSelectElement,
    TimePickerElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.domain.people import Profile
from bot.domain.setup import F_CADENCE, F_DATE, F_LENGTH, F_MANAGER, F_TIME, MEETING_LENGTHS, SetupInput
from bot.models import Cadence
from bot.slack import parse
from bot.slack.blocks.common import context, section
from bot.slack.blocks.setup_messages import CADENCE_LABELS
from bot.slack.ids import Action, Block, Callback
from bot.slack.values import SetupContext, encode

FIELD_BLOCKS: dict[str, str] = {
    F_MANAGER: Block.SETUP_MANAGER,
    F_DATE: Block.SETUP_DATE,
    F_TIME: Block.SETUP_TIME,
    F_CADENCE: Block.SETUP_CADENCE,
    F_LENGTH: Block.SETUP_LENGTH,
}


@dataclass(frozen=True)
class SetupPrefill:
    """What the modal shows initially; all empty for a first setup."""

    manager_user_id: str | None = None
    meeting_date: date | None = None
    meeting_time: time | None = None
    cadence: Cadence = Cadence.MONTHLY
    length_minutes: int = 30
    tz: str | None = None


def _length_label(minutes: int) -> str:
    return f"{minutes} minutes" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min".replace(" 00 min", "")


def setup_modal(prefill: SetupPrefill, origin: SetupContext, *, first_time: bool) -> View:
    """The setup form; `first_time` changes the welcome text, not the fields."""
    cadence_options = [Option(value=c.value, label=label) for c, label in CADENCE_LABELS.items()]
    length_options = [Option(value=str(m), label=_length_label(m)) for m in MEETING_LENGTHS]
    intro = (
        "*Welcome to Career Prep.* Tell me who your manager is and when you meet, and I'll help you "
        "prepare for each career conversation, keep track of what you both agree, and follow up."
        if first_time
        else "*Your 1:1 settings.* Change anything below; your manager is asked to confirm only if "
        "you pick someone new."
    )
    tz_note = (
        f"Dates and times are in your Slack time zone ({prefill.tz})."
        if prefill.tz
        else ("Dates and times are in the time zone of your Slack profile.")
    )
    blocks = [
        section(intro),
        InputBlock(
            block_id=Block.SETUP_MANAGER,
            label="Your manager",
            hint="The person you have regular 1:1s with. They'll be asked to confirm, unless they invited you.",
            element=UserSelectElement(
                action_id=Action.SETUP_MANAGER,
                placeholder="Pick a person",
                initial_user=prefill.manager_user_id,
            ),
        ),
        InputBlock(
            block_id=Block.SETUP_DATE,
            label="Date of your next 1:1",
            element=DatePickerElement(
                action_id=Action.SETUP_DATE,
                placeholder="Pick a date",
                initial_date=prefill.meeting_date.isoformat() if prefill.meeting_date else None,
            ),
        ),
        InputBlock(
            block_id=Block.SETUP_TIME,
            label="Start time",
            hint=f"In your time zone, {prefill.tz}." if prefill.tz else None,
            element=TimePickerElement(
                action_id=Action.SETUP_TIME,
                placeholder="Pick a time",
                initial_time=prefill.meeting_time.strftime("%H:%M") if prefill.meeting_time else None,
                timezone=prefill.tz,
            ),
        ),
        InputBlock(
            block_id=Block.SETUP_CADENCE,
            label="Repeats",
            hint="Monthly is a good rhythm for career conversations.",
            element=StaticSelectElement(
                action_id=Action.SETUP_CADENCE,
                options=cadence_options,
                initial_option=next(o for o in cadence_options if o.value == prefill.cadence.value),
            ),
        ),
        InputBlock(
            block_id=Block.SETUP_LENGTH,
            label="Length",
            element=StaticSelectElement(
                action_id=Action.SETUP_LENGTH,
                options=length_options,
                initial_option=next(
                    (o for o in length_options if o.value == str(prefill.length_minutes)), length_options[1]
                ),
            ),
        ),
        context(tz_note + " Career conversations are about growth, not performance ratings or pay."),
    ]
    return View(
        type="modal",
        callback_id=Callback.SETUP,
        title="Career Prep setup",
        submit="Save",
        close="Cancel",
        blocks=blocks,
        private_metadata=encode(origin),
    )


def block_for(field: str) -> str:
    """The input block that shows a domain field's error."""
    return FIELD_BLOCKS[field]


def picked_manager(state: parse.State) -> str | None:
    """The manager picked, if any; a forged id is refused."""
    return parse.selected_user(state, Block.SETUP_MANAGER, Action.SETUP_MANAGER)


def setup_input(state: parse.State, employee: Profile, manager: Profile | None) -> SetupInput:
    """The form as domain input, with the two people's Slack profiles."""
    cadence = parse.selected_option(state, Block.SETUP_CADENCE, Action.SETUP_CADENCE)
    length = parse.selected_option(state, Block.SETUP_LENGTH, Action.SETUP_LENGTH) or "30"
    return SetupInput(
        employee=employee,
        manager=manager,
        meeting_date=parse.selected_date(state, Block.SETUP_DATE, Action.SETUP_DATE),
        meeting_time=parse.selected_time(state, Block.SETUP_TIME, Action.SETUP_TIME),
        cadence=Cadence(cadence) if cadence in set(Cadence) else Cadence.MONTHLY,
        length_minutes=int(length) if length.isdigit() else 0,
    )
