"""A short status for someone who is set up."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.slack.blocks.common import Message, context, format_local, mention, section
from bot.slack.ids import COMMAND, Action


def status_message(
    *,
    next_meeting_at: datetime,
    tz: str,
    manager_user_id: str,
    manager_confirmed: bool,
    prepped: bool = False,
    shared_at: datetime | None = None,
) -> Message:
    confirmation = "confirmed" if manager_confirmed else "waiting for them to confirm"
    if shared_at is not None:
        prep = f"shared with them {format_local(shared_at, tz)}"
    else:
        prep = "draft saved, not shared yet" if prepped else "not started"
    text = (
        f"*Next 1:1 with {mention(manager_user_id)}:* {format_local(next_meeting_at, tz)}\n"
        f"*Manager link:* {confirmation}\n*Prep:* {prep}"
    )
    return Message(
        text=f"Next 1:1: {format_local(next_meeting_at, tz)}",
        blocks=[
            section(text),
            ActionsBlock(elements=[ButtonElement(text="Prep", action_id=Action.OPEN_PREP, style="primary")]),
            context(f"`{COMMAND} settings` to change this, `{COMMAND} help` for everything else."),
        ],
    )
