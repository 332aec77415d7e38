"""Messages to the employee about their prep."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.slack.blocks.common import Message, context, format_local, mention, section
from bot.slack.ids import Action


def agenda_shared(
    *, manager_user_id: str, shared_at: datetime, scheduled_at: datetime, tz: str, held: str | None = None
) -> Message:
    """Tells the employee their agenda is with the manager, and when it was shared; or, when it
    waits for the manager's working hours, when they get it (`held`, from `gets_it`)."""
    where = (
        f"Your agenda is with {mention(manager_user_id)} (shared {format_local(shared_at, tz)})."
        if held is None
        else f"Your agenda is shared ({format_local(shared_at, tz)}): {held}."
    )
    text = (
        f":outbox_tray: {where} "
        f"You can keep editing it until your 1:1 on {format_local(scheduled_at, tz)}; their copy updates itself."
    )
    return Message(
        text=text,
        blocks=[
            section(text),
            ActionsBlock(elements=[ButtonElement(text="Edit my prep", action_id=Action.OPEN_PREP)]),
            context("Only your manager sees what you share. Nobody else does."),
        ],
    )
