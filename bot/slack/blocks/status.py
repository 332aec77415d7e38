"""A short status for someone who is set up."""

from __future__ import annotations

from datetime import datetime

from bot.slack.blocks.common import Message, context, format_local, mention, section
from bot.slack.ids import COMMAND


def status_message(*, next_meeting_at: datetime, tz: str, manager_user_id: str, manager_confirmed: bool) -> Message:
    confirmation = "confirmed" if manager_confirmed else "waiting for them to confirm"
    text = (
        f"*Next 1:1 with {mention(manager_user_id)}:* {format_local(next_meeting_at, tz)}\n"
        f"*Manager link:* {confirmation}"
    )
    return Message(
        text=f"Next 1:1: {format_local(next_meeting_at, tz)}",
        blocks=[
            section(text),
            context(f"`{COMMAND} settings` to change this, `{COMMAND} help` for everything else."),
        ],
    )
