"""Open asks where they come back: the "still waiting" nudge to the person asked, and ask lines in other messages.

Only the kind of an ask is named (the person asked saw its detail when it was shared); nothing here
ever goes to a channel.
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement

from bot.domain.prep_answers import ASK_LABELS, AskKind
from bot.domain.snooze import SNOOZE_CHOICES
from bot.slack.blocks.common import Message, context, mention, section
from bot.slack.blocks.reminders import snooze_menu
from bot.slack.ids import COMMAND, Action
from bot.slack.values import AskButton, encode

KINDS = {kind.value: label for kind, label in ASK_LABELS.items()}


def ask_label(kind: str) -> str:
    """What an ask is for, as the prep form names it ("A mentor"); an unknown kind reads "Something else"."""
    return KINDS.get(kind, ASK_LABELS[AskKind.OTHER])


def _days(days: int) -> str:
    return f"{days} day" if days == 1 else f"{days} days"


def ask_nudge(
    *,
    delivery_id: int,
    ask_id: int,
    employee_user_id: str,
    kind: str,
    days_open: int,
    snoozes: Sequence[str] = SNOOZE_CHOICES,
) -> Message:
    """The nudge to the person asked: who is waiting, for what kind of thing, for how long, and the Answer button."""
    what = ask_label(kind).lower()
    text = (
        f"{mention(employee_user_id)} is still waiting for your answer to their ask ({what}): {_days(days_open)} now."
    )
    blocks: list[Block] = [
        section(f":hourglass: {text}"),
        section(
            "A yes, a *not now* with a reason, or pointing them to someone who can help all count. "
            f"`{COMMAND} asks` lists everything waiting on you."
        ),
        ActionsBlock(
            elements=[
                ButtonElement(
                    text="Answer", action_id=Action.ASK_ANSWER, value=encode(AskButton(ask_id=ask_id)), style="primary"
                ),
                *snooze_menu(delivery_id, snoozes),
            ]
        ),
    ]
    blocks.append(context("You get this once for an ask left open 30 days, and at most once every 30 days after."))
    return Message(text=text, blocks=blocks)


def waiting_on_section(*, employee_user_id: str, count: int, oldest_days: int, kinds: Sequence[str]) -> Block:
    """The line in the manager's check-in: the asks the employee is still waiting on from them (no detail)."""
    what = ", ".join(ask_label(kind).lower() for kind in kinds)
    asks = "an ask" if count == 1 else f"{count} asks"
    oldest = "" if count == 1 else " the oldest"
    return section(
        f":hourglass: {mention(employee_user_id)} is also waiting on your answer to {asks} ({what}),"
        f"{oldest} {_days(oldest_days)} old. Answer with `{COMMAND} asks`."
    )
