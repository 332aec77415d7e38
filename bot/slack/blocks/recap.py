"""The manager's thank-you recap and the employee's confirmation (the recap form is bot.slack.forms.recap)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, DividerBlock, HeaderBlock

from bot.slack.blocks.ask_follow import ask_label
from bot.slack.blocks.common import Message, context, escape, escaped_clip, format_local, mention, section
from bot.slack.ids import Action


@dataclass(frozen=True)
class ItemLine:
    text: str
    owner_user_id: str
    due: date | None


@dataclass(frozen=True)
class AnswerLine:
    """An ask the recap recorded the manager's answer to: its kind and detail, yes or not now, and the words."""

    kind: str
    detail: str
    yes: bool
    text: str


def _answers(answers: Sequence[AnswerLine], who: str) -> Block:
    rows = [
        f"• {escaped_clip(ask_label(a.kind) + (': ' + a.detail if a.detail else ''), 200)} — "
        f"{'*yes*' if a.yes else '*not now*'}: {escaped_clip(a.text, 500)}"
        for a in answers
    ]
    return section(f"*Your answers to {who}'s asks, as {who} recorded them*\n" + "\n".join(rows))


def _lines(items: list[ItemLine]) -> str:
    return "\n".join(
        f"• {escaped_clip(i.text, 300)}" + (f" — by {i.due:%a} {i.due.day} {i.due:%b}" if i.due else "") for i in items
    )


def manager_recap(
    *,
    employee_user_id: str,
    employee_name: str,
    manager_user_id: str,
    scheduled_at: datetime,
    reader_tz: str,
    takeaways: str,
    feedback: str,
    items: list[ItemLine],
    check_in_on: datetime | None,
    answers: Sequence[AnswerLine] = (),
) -> Message:
    """The thank-you recap to the manager: what was agreed, who does what by when, and the answers to asks
    recorded in it (theirs, so they see exactly what was written down in their name)."""
    who = mention(employee_user_id)
    theirs = [i for i in items if i.owner_user_id == employee_user_id]
    yours = [i for i in items if i.owner_user_id == manager_user_id]
    blocks: list[Block] = [
        HeaderBlock(text="Thank you for the career conversation"),
        context(f"{who} wrote up your 1:1 on {format_local(scheduled_at, reader_tz)}."),
    ]
    if takeaways:
        blocks.append(section("*Takeaways*\n>" + escaped_clip(takeaways, 1500).replace("\n", "\n>")))
    if feedback:
        blocks.append(section(f"*Feedback {who} heard*\n>" + escaped_clip(feedback, 1500).replace("\n", "\n>")))
    blocks.append(section("*What you'll do*\n" + (_lines(yours) if yours else "_Nothing this time._")))
    blocks.append(section(f"*What {who} will do*\n" + (_lines(theirs) if theirs else "_Nothing this time._")))
    if answers:
        blocks.append(_answers(answers, who))
    blocks.append(DividerBlock())
    follow = f" I'll check in on what you agreed on {format_local(check_in_on, reader_tz)}." if check_in_on else ""
    blocks.append(ActionsBlock(elements=[ButtonElement(text="My action items", action_id=Action.OPEN_ITEMS)]))
    blocks.append(context(f"Thanks for making time for {who}'s growth.{follow}"))
    return Message(text=f"{escape(employee_name)} sent a recap of your career conversation", blocks=blocks)


def recap_saved(
    *,
    manager_user_id: str,
    employee_user_id: str,
    items: list[ItemLine],
    tz: str,
    check_in_on: datetime | None,
    held: str | None = None,
) -> Message:
    """The employee's confirmation that the recap is stored and sent, or when the manager gets it
    (`held`, from `gets_it`) if it waits for their working hours."""
    mine = [i for i in items if i.owner_user_id == employee_user_id]
    theirs = [i for i in items if i.owner_user_id == manager_user_id]
    if held is None:
        parts = [f":white_check_mark: Recap saved and sent to {mention(manager_user_id)} with a thank-you."]
    else:
        parts = [f":white_check_mark: Recap saved. {held}, with a thank-you."]
    if mine:
        parts.append("*Yours*\n" + _lines(mine))
    if theirs:
        parts.append(f"*{mention(manager_user_id)}'s*\n" + _lines(theirs))
    if check_in_on is not None and items:
        parts.append(f"I'll check in on these on {format_local(check_in_on, tz)}.")
    return Message(
        text="Recap saved and sent to your manager"
        if held is None
        else "Recap saved; your manager gets it in their working hours",
        blocks=[
            *(section(p) for p in parts),
            ActionsBlock(elements=[ButtonElement(text="My action items", action_id=Action.OPEN_ITEMS)]),
            context("Change it any time with `/career-prep recap`; your manager's copy updates itself."),
        ],
    )
