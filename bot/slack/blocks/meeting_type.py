"""The answer to `/career-prep type`: the next 1:1's type, what changed, and how to change it."""

from __future__ import annotations

from datetime import datetime

from bot.domain.conversation_types import LABELS, TYPE_CHOICES, ConversationType
from bot.domain.meeting_type import MeetingType
from bot.slack.blocks.common import Message, context, escape, format_local, mention, section
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
    if set_now and meeting.changed and meeting.brief_sent:
        text += " The manager's brief for it has already gone out, so it keeps the questions it had."
    hint = (
        f"Choose with `{COMMAND} type NAME` ({TYPE_CHOICES}); managers add the person, e.g. `type stay-interview @ana`."
    )
    return Message(text=text, blocks=[section(text), context(hint)])


def type_chosen(
    *, kind: ConversationType, chooser_user_id: str, scheduled_at: datetime, reader_tz: str, reader_is_employee: bool
) -> Message:
    """The other person's news: what the next 1:1 is now, and what changes for the reader."""
    when = format_local(scheduled_at, reader_tz)
    what = LABELS[kind]
    who = mention(chooser_user_id)
    if kind is ConversationType.CAREER_GROWTH:
        text = f"{who} made your 1:1 on {when} a {what} again."
    elif reader_is_employee:
        text = (
            f"{who} made your 1:1 on {when} a {what}. Your prep (`{COMMAND} prep`) now starts with a few "
            "prompts for it; the one after is a career conversation again."
        )
    else:
        text = (
            f"{who} made your 1:1 on {when} a {what}. Your brief the day before will have questions for it; "
            "the one after is a career conversation again."
        )
    return Message(text=text, blocks=[section(text), context(f"`{COMMAND} type` shows or changes it.")])
