"""The answer to `/career-prep type`: the next 1:1's type, what changed, and how to change it."""

from __future__ import annotations

from bot.domain.conversation_types import LABELS, TYPE_CHOICES, ConversationType
from bot.domain.meeting_type import MeetingType
from bot.slack.blocks.common import Message, context, escape, format_local, section
from bot.slack.ids import COMMAND


def meeting_type_message(meeting: MeetingType, *, set_now: bool) -> Message:
    """What the next 1:1 with the other person is; `set_now` when this command chose it."""
    when = format_local(meeting.scheduled_at, meeting.reader_tz)
    what = LABELS[meeting.kind]
    other = escape(meeting.other_name)
    if not set_now:
        text = f"Your next 1:1 with {other} ({when}) is a {what}."
    elif not meeting.changed:
        text = f"Your next 1:1 with {other} ({when}) already is a {what}; nothing changed."
    elif meeting.kind is ConversationType.CAREER_GROWTH:
        text = f"Your next 1:1 with {other} ({when}) is a {what} again."
    else:
        text = (
            f"Your next 1:1 with {other} ({when}) is now a {what}. The prep form and the manager's brief use "
            f"{what} questions for this one meeting; the one after is a career conversation again."
        )
    hint = (
        f"Choose with `{COMMAND} type NAME` ({TYPE_CHOICES}); managers add the person, e.g. `type stay-interview @ana`."
    )
    return Message(text=text, blocks=[section(text), context(hint)])
