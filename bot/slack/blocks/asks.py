"""Asks in Slack: a line per ask with its Answer button, the waiting-asks summary, the employee's
answer notice, the redirect consent and the note to the person an ask was passed on to."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, SectionBlock

from bot.domain.ask_views import AskLine
from bot.models import AskState
from bot.slack.blocks.common import Message, clip, context, escape, escaped_clip, mention, section
from bot.slack.ids import Action
from bot.slack.values import AskButton, encode

# Clipped so that a full list stays within a message's 13,200 characters of block text.
DETAIL_MAX = 200
ANSWER_MAX = 250
ITEM_MAX = 100
RESOURCE_MAX = 150
# Asks listed per side in one message, in the brief and per App Home section; the rest are counted.
LIST_MAX = 8
BRIEF_MAX = 5
HOME_MAX = 5


def _days(n: int) -> str:
    return "today" if n == 0 else ("1 day" if n == 1 else f"{n} days")


def ask_text(line: AskLine) -> str:
    detail = f": {escaped_clip(line.detail, DETAIL_MAX)}" if line.detail else ""
    return f"*{escape(line.label)}*{detail}"


def answer_text(line: AskLine) -> str:
    """The answer in a few words (empty while the ask is open)."""
    note = f" {escaped_clip(line.answer_text, ANSWER_MAX)}" if line.answer_text else ""
    if line.state is AskState.YES:
        item = f" Action item: {escaped_clip(line.item_text, ITEM_MAX)}." if line.item_text else ""
        return f":white_check_mark: Yes.{note}{item}"
    if line.state is AskState.NOT_NOW:
        revisit = (
            f" To look at again on {line.revisit_on:%a} {line.revisit_on.day} {line.revisit_on:%b}."
            if line.revisit_on
            else ""
        )
        return f":hourglass: Not now.{note}{revisit}"
    if line.state is AskState.REDIRECTED:
        where = (
            f"suggested {mention(line.redirected_to_user_id)}"
            if line.redirected_to_user_id
            else f"see {escaped_clip(line.resource or '', RESOURCE_MAX)}"
        )
        return f":arrow_right: Redirected, {where}.{note}"
    if line.state is AskState.PROPOSED:
        return "_Waiting for your OK to pass it on._"
    return ""


def answer_button(line: AskLine) -> ButtonElement:
    return ButtonElement(text="Answer", action_id=Action.ASK_ANSWER, value=encode(AskButton(ask_id=line.ask_id)))


def answerable(line: AskLine, *, now: datetime | None = None, with_name: bool = False) -> SectionBlock:
    """An ask for the person asked: its text, its answer so far, and Answer while it waits."""
    who = f"{mention(line.employee_user_id)} asks: " if with_name else ""
    age = f" _(waiting {_days(line.age_days(now))})_" if now is not None and line.state is AskState.OPEN else ""
    answer = answer_text(line)
    text = f"{who}{ask_text(line)}{age}" + (f"\n{answer}" if answer else "")
    block = section(text)
    if line.waiting:
        block.accessory = answer_button(line)
    return block


def capped(blocks: list[Block], total: int, where: str = "`/career-prep asks`", shown: int = LIST_MAX) -> list[Block]:
    if total > shown:
        blocks.append(context(f"…and {total - shown} more: see {where}."))
    return blocks


def waiting_summary(lines: Sequence[AskLine], *, now: datetime) -> str | None:
    """ "2 asks from Ana are waiting for your answer, the oldest for 40 days" (None if none)."""
    if not lines:
        return None
    oldest = max(line.age_days(now) for line in lines)
    who = mention(lines[0].employee_user_id)
    if len(lines) == 1:
        return f":inbox_tray: 1 ask from {who} is waiting for your answer, for {_days(oldest)} now."
    return f":inbox_tray: {len(lines)} asks from {who} are waiting for your answer, the oldest for {_days(oldest)}."


def waiting_blocks(lines: Sequence[AskLine], *, now: datetime) -> list[Block]:
    """The brief's part about asks: the summary line, then each ask with Answer (capped)."""
    summary = waiting_summary(lines, now=now)
    if summary is None:
        return []
    blocks: list[Block] = [section(summary)]
    blocks += [answerable(line, now=now) for line in lines[:BRIEF_MAX]]
    return capped(blocks, len(lines), shown=BRIEF_MAX)


def own_ask(line: AskLine) -> SectionBlock:
    """One of my asks, for me: whom I asked and the answer so far."""
    answer = answer_text(line) or "_No answer yet._"
    return section(f"{ask_text(line)} — asked {mention(line.asked_user_id)}\n{answer}")


def answered_notice(line: AskLine, *, consent_ask_id: int | None) -> Message:
    """The employee told of an answer; a redirect to a person asks whether to pass it on."""
    blocks: list[Block] = [
        section(f"{mention(line.asked_user_id)} answered your ask {ask_text(line)}\n{answer_text(line)}"),
    ]
    if consent_ask_id is not None:
        value = encode(AskButton(ask_id=consent_ask_id))
        blocks += [
            section(
                f"Shall I pass it on to {mention(line.redirected_to_user_id or '')}? They'd see only what you wrote "
                "in this ask, nothing else from your prep."
            ),
            ActionsBlock(
                elements=[
                    ButtonElement(text="Pass it on", action_id=Action.ASK_PASS_ON, value=value, style="primary"),
                    ButtonElement(text="Keep it between us", action_id=Action.ASK_KEEP, value=value),
                ]
            ),
        ]
    return Message(text=clip(f"{line.asked_name} answered one of your asks", 150), blocks=blocks)


def passed_on_notice(line: AskLine) -> Message:
    """The person an ask was redirected to: what was asked, by whom, and Answer."""
    return Message(
        text=clip(f"{line.employee_name} has an ask they hope you can help with", 150),
        blocks=[
            section(
                f"{mention(line.employee_user_id)}'s manager thought you could help with this ask, and "
                f"{mention(line.employee_user_id)} agreed to pass it on:"
            ),
            answerable(line),
            context("Only the two of you see this. Your answer goes to them by DM."),
        ],
    )


def consent_answered(*, passed: bool, target_user_id: str) -> Message:
    text = (
        f"Done: I've passed it on to {mention(target_user_id)}. I'll tell you when they answer."
        if passed
        else f"Okay, it stays between you and your manager. {mention(target_user_id)} won't hear about it."
    )
    return Message(text=text, blocks=[section(text)])


def asks_list(owed: Sequence[AskLine], mine: Sequence[AskLine], *, now: datetime) -> Message:
    """`/career-prep asks`: what I owe answers to (oldest first, with age), then my own asks and answers."""
    blocks: list[Block] = []
    if owed:
        blocks.append(section(f"*Waiting for your answer ({len(owed)})*"))
        blocks += capped([answerable(line, now=now, with_name=True) for line in owed[:LIST_MAX]], len(owed))
    if mine:
        blocks.append(section(f"*Your asks ({len(mine)})*"))
        blocks += capped([own_ask(line) for line in mine[:LIST_MAX]], len(mine), "your App Home and `export`")
    if not blocks:
        text = (
            "No asks yet, either way. Asks you add to a prep (a mentor, a project, training…) show up here "
            "once you share it, with your manager's answers."
        )
        return Message(text=text, blocks=[section(text)])
    blocks.append(context("Only you see this list. Asks go only to the person asked, and answers back to you."))
    return Message(text=f"{len(owed)} asks waiting for your answer, {len(mine)} of your own", blocks=blocks)


def home_asks(owed: Sequence[AskLine], mine: Sequence[AskLine], *, now: datetime | None) -> list[Block]:
    """App Home: asks waiting on me (with Answer), then my own asks and their answers; HOME_MAX each."""
    blocks: list[Block] = []
    if owed:
        blocks.append(context(f"*Asks waiting for your answer* ({len(owed)})"))
        blocks += [answerable(line, now=now, with_name=True) for line in owed[:HOME_MAX]]
        if len(owed) > HOME_MAX:
            blocks.append(context(f"…and {len(owed) - HOME_MAX} more: see `/career-prep asks`."))
    if mine:
        blocks.append(context(f"*Your asks* ({len(mine)})"))
        blocks += [own_ask(line) for line in mine[:HOME_MAX]]
        if len(mine) > HOME_MAX:
            blocks.append(context(f"…and {len(mine) - HOME_MAX} more: see `/career-prep asks`."))
    return blocks
