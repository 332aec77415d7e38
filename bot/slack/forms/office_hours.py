"""The office-hours set-up form: built (prefilled with what is saved), read back, and field errors placed."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.blocks import (
    Block,
    ConversationFilter,
    ConversationSelectElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
    TimePickerElement,
)
from slack_sdk.models.views import View

from bot.domain import office_hours as domain
from bot.domain.office_hours import OfficeHoursInput
from bot.models import OfficeHours
from bot.slack import parse
from bot.slack.blocks.common import context, format_local, section
from bot.slack.ids import Action, Callback
from bot.slack.ids import Block as BlockId

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LEAD_LABELS = {60: "1 hour before", 180: "3 hours before", 1440: "1 day before", 2880: "2 days before"}
LEAD_LABELS[7 * 1440] = "1 week before"

FIELD_BLOCKS: dict[str, str] = {
    domain.F_WEEKDAY: BlockId.OFFICE_HOURS_WEEKDAY,
    domain.F_START: BlockId.OFFICE_HOURS_START,
    domain.F_LENGTH: BlockId.OFFICE_HOURS_LENGTH,
    domain.F_SLOTS: BlockId.OFFICE_HOURS_SLOTS,
    domain.F_CHANNEL: BlockId.OFFICE_HOURS_CHANNEL,
    domain.F_LEAD: BlockId.OFFICE_HOURS_LEAD,
    domain.F_TOPIC: BlockId.OFFICE_HOURS_TOPIC,
}


def _select(block: str, action: str, label: str, options: list[Option], initial: str | None) -> InputBlock:
    chosen = next((o for o in options if o.value == initial), None)
    return InputBlock(
        block_id=block,
        label=label,
        element=StaticSelectElement(action_id=action, options=options, initial_option=chosen),
    )


def office_hours_modal(saved: OfficeHours | None) -> View:
    """Create or change your office hours; `saved` prefills the form."""
    days = [Option(value=str(i), label=name) for i, name in enumerate(DAY_NAMES)]
    lengths = [Option(value=str(m), label=f"{m} minutes") for m in domain.LENGTHS]
    slots = [Option(value=str(n), label=str(n)) for n in range(1, domain.MAX_SLOTS + 1)]
    leads = [Option(value=str(m), label=LEAD_LABELS[m]) for m in domain.LEADS]
    start = f"{saved.start_minute // 60:02d}:{saved.start_minute % 60:02d}" if saved else "16:00"
    blocks: list[Block] = [
        section(
            "Hold a regular slot where anyone can bring questions. I'll announce each session in a channel, "
            "people book a slot with one click, and you get the list the morning of the session."
        ),
        _select(BlockId.OFFICE_HOURS_WEEKDAY, Action.OFFICE_HOURS_WEEKDAY, "Day", days, _v(saved, "weekday", "3")),
        InputBlock(
            block_id=BlockId.OFFICE_HOURS_START,
            label="Starts at",
            hint="Your local time; sessions follow your time zone, daylight saving included.",
            element=TimePickerElement(action_id=Action.OFFICE_HOURS_START, initial_time=start),
        ),
        _select(
            BlockId.OFFICE_HOURS_LENGTH,
            Action.OFFICE_HOURS_LENGTH,
            "Length",
            lengths,
            _v(saved, "length_minutes", "60"),
        ),
        _select(
            BlockId.OFFICE_HOURS_SLOTS, Action.OFFICE_HOURS_SLOTS, "Slots per session", slots, _v(saved, "slots", "4")
        ),
        InputBlock(
            block_id=BlockId.OFFICE_HOURS_CHANNEL,
            label="Announce in",
            hint="Invite me to the channel first (/invite @Career Prep) so I can post there.",
            element=ConversationSelectElement(
                action_id=Action.OFFICE_HOURS_CHANNEL,
                initial_conversation=saved.channel_id if saved else None,
                filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
            ),
        ),
        _select(
            BlockId.OFFICE_HOURS_LEAD, Action.OFFICE_HOURS_LEAD, "Announce", leads, _v(saved, "lead_minutes", "1440")
        ),
        InputBlock(
            block_id=BlockId.OFFICE_HOURS_TOPIC,
            label="Bring questions about…",
            optional=True,
            element=PlainTextInputElement(
                action_id=Action.OFFICE_HOURS_TOPIC,
                initial_value=saved.topic if saved and saved.topic else None,
                max_length=domain.TOPIC_MAX,
                placeholder="e.g. moving into management, our roadmap, anything career",
            ),
        ),
        context(
            "The channel sees only how many slots are left, never who booked. `/career-prep office-hours off` "
            "pauses your sessions; `on` brings them back."
        ),
    ]
    return View(
        type="modal",
        callback_id=Callback.OFFICE_HOURS_FORM,
        title="Office hours",
        submit="Save",
        close="Cancel",
        blocks=blocks,
    )


def _v(saved: OfficeHours | None, attr: str, default: str) -> str:
    return str(getattr(saved, attr)) if saved is not None else default


def _int(state: parse.State, block: str, action: str) -> int | None:
    value = parse.selected_option(state, block, action)
    return int(value) if value is not None and value.isdigit() else None


def read_form(state: parse.State) -> OfficeHoursInput:
    at = parse.selected_time(state, BlockId.OFFICE_HOURS_START, Action.OFFICE_HOURS_START)
    return OfficeHoursInput(
        weekday=_int(state, BlockId.OFFICE_HOURS_WEEKDAY, Action.OFFICE_HOURS_WEEKDAY),
        start_minute=at.hour * 60 + at.minute if at is not None else None,
        length_minutes=_int(state, BlockId.OFFICE_HOURS_LENGTH, Action.OFFICE_HOURS_LENGTH),
        slots=_int(state, BlockId.OFFICE_HOURS_SLOTS, Action.OFFICE_HOURS_SLOTS),
        channel_id=parse.selected_conversation(state, BlockId.OFFICE_HOURS_CHANNEL, Action.OFFICE_HOURS_CHANNEL),
        lead_minutes=_int(state, BlockId.OFFICE_HOURS_LEAD, Action.OFFICE_HOURS_LEAD),
        topic=parse.clean_text(parse.text_value(state, BlockId.OFFICE_HOURS_TOPIC, Action.OFFICE_HOURS_TOPIC)),
    )


def block_for(field: str) -> str:
    """The input block that shows a domain field's error."""
    return FIELD_BLOCKS[field]


def saved_view(*, channel_id: str, next_at: datetime | None, tz: str, lead: int) -> View:
    """What the form becomes once saved: when the next session is and where it is announced."""
    when = f"Your next session is *{format_local(next_at, tz)}*." if next_at else "No session is coming up yet."
    text = (
        f":white_check_mark: Saved. {when} I'll announce each session in <#{channel_id}> "
        f"{LEAD_LABELS.get(lead, 'before it starts')}, and send you the list of bookings that morning."
    )
    return View(type="modal", title="Office hours", close="Done", blocks=[section(text)])
