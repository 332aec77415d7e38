"""The manager's brief the day before a career conversation."""

from __future__ import annotations

from datetime import date, datetime

from slack_sdk.models.blocks import Block, DividerBlock, HeaderBlock

from bot.calendar.recurrence import to_local
from bot.domain.brief import Brief
from bot.domain.conversation_types import LABELS
from bot.slack.blocks.agenda import GROWTH_NOT_RATING, agenda_body
from bot.slack.blocks.asks import waiting_blocks
from bot.slack.blocks.common import Message, clip, context, escape, format_local, mention, section
from bot.slack.blocks.reflection import reflection_news_blocks


def _coming(meeting_day: date, sent_on: date | None) -> str:
    """ "Tomorrow" when the brief goes the day before; "On Monday" across a weekend."""
    if sent_on is None:
        return "Coming up"
    gap = (meeting_day - sent_on).days
    return {0: "Today", 1: "Tomorrow"}.get(gap, f"On {meeting_day:%A}")


def manager_brief(brief: Brief, *, reader_tz: str, sent_on: date | None = None, now: datetime | None = None) -> Message:
    """The day-before brief; `sent_on` (the reader's local date) words the header; asks still waiting on
    the manager come first, with their Answer buttons (ages counted at `now`)."""
    when = format_local(brief.scheduled_at, reader_tz)
    coming = _coming(to_local(brief.scheduled_at, reader_tz).date(), sent_on)
    who = mention(brief.employee_user_id)
    what = LABELS[brief.kind]
    blocks: list[Block] = [
        HeaderBlock(text=clip(f"{coming}: {what} with {brief.employee_name}", 150)),
        context(f"Your 1:1 with {who} is on {when}."),
    ]
    waiting = waiting_blocks(brief.waiting, now=now or brief.scheduled_at)
    blocks += waiting
    if brief.agenda is not None:
        blocks.append(section(f"*{escape(brief.employee_name)} shared an agenda:*"))
        # Asks waiting are listed above with their buttons; answered ones are not news to the manager.
        blocks.extend(agenda_body(brief.agenda, tz=reader_tz, ask_blocks=[] if waiting else None))
    else:
        blocks.append(
            section(
                f"{who} hasn't shared a prep for this one. That's fine: open with one of the questions below "
                "and let them lead."
            )
        )
    blocks += reflection_news_blocks(brief.reflection, brief.employee_name)
    questions = "\n".join(f"{n}. {escape(q.text)}" for n, q in enumerate(brief.questions, start=1))
    blocks += [
        DividerBlock(),
        section(f"*Questions you could ask*\n{questions}"),
        section("*A short guide*\n" + "\n".join(brief.guide)),
        context(GROWTH_NOT_RATING),
    ]
    return Message(text=f"{coming}: {what} with {escape(brief.employee_name)} ({when})", blocks=blocks)
