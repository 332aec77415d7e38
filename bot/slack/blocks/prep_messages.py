"""Messages to the employee about their prep."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.slack.blocks.common import Message, context, format_local, mention, section
from bot.slack.ids import Action


def agenda_shared(
    *,
    manager_user_id: str,
    shared_at: datetime,
    scheduled_at: datetime,
    tz: str,
    manager_confirmed: bool = True,
    held: str | None = None,
) -> Message:
    """Tells the employee their agenda is with the manager; or that it waits for the manager's
    confirmation; or, when it waits for their working hours, when they get it (`held`, from `gets_it`)."""
    manager = mention(manager_user_id)
    shared = format_local(shared_at, tz)
    if not manager_confirmed:
        where = (
            f":hourglass_flowing_sand: Your agenda is ready for {manager} (shared {shared}), "
            f"but they haven't confirmed yet that they're your manager. They get it as soon as they confirm; "
            "until then they see nothing of it."
        )
    elif held is None:
        where = f":outbox_tray: Your agenda is with {manager} (shared {shared})."
    else:
        where = f":outbox_tray: Your agenda is shared ({shared}): {held}."
    text = (
        f"{where} You can keep editing your prep until your 1:1 on {format_local(scheduled_at, tz)}: "
        "edits stay private until you tick Share again on the review step."
    )
    return Message(
        text=text,
        blocks=[
            section(text),
            ActionsBlock(elements=[ButtonElement(text="Edit my prep", action_id=Action.OPEN_PREP)]),
            context("Only your manager sees what you share. Nobody else does."),
        ],
    )


def agenda_no_longer_shared(*, taken_back_at: datetime, tz: str, manager_changed: bool) -> Message:
    """The share notice, edited once the agenda is taken back: it is no longer shared."""
    why = "you changed manager" if manager_changed else "you took it back"
    text = (
        f":lock: This agenda is no longer shared: {why} on {format_local(taken_back_at, tz)}. "
        "It is private again; share it from your prep whenever you want."
    )
    return Message(
        text=text,
        blocks=[section(text), ActionsBlock(elements=[ButtonElement(text="Open my prep", action_id=Action.OPEN_PREP)])],
    )
