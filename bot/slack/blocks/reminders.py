"""Scheduled nudges: prep reminder, recap nudges and the due-day reminder, each snoozable."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, Option, OverflowMenuElement

from bot.domain.snooze import SNOOZE_CHOICES
from bot.slack.blocks.common import Message, context, escaped_clip, format_local, mention, section
from bot.slack.ids import COMMAND, Action
from bot.slack.values import ItemRef, SnoozeRef, encode

SNOOZE_LABELS = (("hour", "Snooze for an hour"), ("tomorrow", "Remind me tomorrow"), ("week", "Remind me next week"))


def snooze_menu(delivery_id: int, choices: Sequence[str] = SNOOZE_CHOICES) -> list[OverflowMenuElement]:
    """The snooze menu with the `choices` worth offering; none at all when nothing is left to offer."""
    options = [
        Option(value=encode(SnoozeRef(delivery_id=delivery_id, until=u)), label=t)
        for u, t in SNOOZE_LABELS
        if u in choices
    ]
    return [OverflowMenuElement(action_id=Action.SNOOZE, options=options)] if options else []


def why(manager_user_id: str) -> Block:
    return context(
        f"You get this because you have career 1:1s with {mention(manager_user_id)} set up. "
        f"Away for a while? `{COMMAND} pause` holds every reminder."
    )


def prep_reminder(
    *,
    delivery_id: int,
    manager_user_id: str,
    scheduled_at: datetime,
    tz: str,
    prepped: bool,
    shared: bool,
    open_items: list[str],
    snoozes: Sequence[str] = SNOOZE_CHOICES,
) -> Message:
    when = format_local(scheduled_at, tz)
    if shared:
        state = "Your agenda is already with them; you can still edit it."
    elif prepped:
        state = "You have a draft saved. Finish it and share it so they can prepare too."
    else:
        state = "Ten minutes of prep now make the conversation count: what you want, what you'll ask for."
    blocks: list[Block] = [section(f":seedling: *Your 1:1 with {mention(manager_user_id)} is on {when}.*\n{state}")]
    if open_items:
        lines = "\n".join(f"• {escaped_clip(t, 200)}" for t in open_items[:5])
        more = f"\n…and {len(open_items) - 5} more." if len(open_items) > 5 else ""
        blocks.append(section(f"*Still open from earlier:*\n{lines}{more}"))
    blocks += [
        ActionsBlock(
            elements=[
                ButtonElement(text="Prep now", action_id=Action.OPEN_PREP, style="primary"),
                *snooze_menu(delivery_id, snoozes),
            ]
        ),
        why(manager_user_id),
    ]
    return Message(text=f"Your 1:1 is on {when}: time to prepare", blocks=blocks)


def recap_nudge(
    *,
    delivery_id: int,
    manager_user_id: str,
    scheduled_at: datetime,
    tz: str,
    follow_up: bool,
    snoozes: Sequence[str] = SNOOZE_CHOICES,
) -> Message:
    when = format_local(scheduled_at, tz)
    if follow_up:
        text = (
            f"One last nudge about your 1:1 with {mention(manager_user_id)} on {when}: a two-minute recap keeps "
            "what you agreed from slipping. If it didn't happen, say so and nothing is sent."
        )
    else:
        text = (
            f"How did your 1:1 with {mention(manager_user_id)} go? Write down what you agreed while it's fresh: "
            "your manager gets a thank-you with who does what, and you'll both get a check-in later."
        )
    return Message(
        text="Time for a quick recap of your 1:1",
        blocks=[
            section(text),
            ActionsBlock(
                elements=[
                    ButtonElement(text="Write the recap", action_id=Action.OPEN_RECAP, style="primary"),
                    *snooze_menu(delivery_id, snoozes),
                ]
            ),
            why(manager_user_id),
        ],
    )


def due_reminder(
    *,
    delivery_id: int,
    item_id: int,
    text: str,
    due: date,
    today: date,
    counterpart_user_id: str,
    snoozes: Sequence[str] = SNOOZE_CHOICES,
) -> Message:
    ref = encode(ItemRef(item_id=item_id))
    day = "today" if due == today else f"on {due:%a} {due.day} {due:%b}"
    return Message(
        text=f"Due {day}: {text[:120]}",
        blocks=[
            section(
                f":hourglass_flowing_sand: *Due {day}* (agreed with {mention(counterpart_user_id)}):\n"
                f">{escaped_clip(text, 500)}"
            ),
            ActionsBlock(
                elements=[
                    ButtonElement(text="Done", action_id=Action.ITEM_DONE, value=ref, style="primary"),
                    ButtonElement(text="Still on it", action_id=Action.ITEM_STILL_ON_IT, value=ref),
                    ButtonElement(text="Blocked", action_id=Action.ITEM_BLOCKED, value=ref),
                    *snooze_menu(delivery_id, snoozes),
                ]
            ),
            context(f"`{COMMAND} items` lists everything you and others owe each other."),
        ],
    )


def snoozed(until: datetime, tz: str) -> Message:
    text = f":zzz: Snoozed. I'll bring this back {format_local(until, tz)}."
    return Message(text=text, blocks=[section(text)])
