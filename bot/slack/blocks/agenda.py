"""The agenda built from a prep: for the manager's DM, the employee's review and the brief."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.blocks import Block, DividerBlock, HeaderBlock

from bot.domain.prep import Agenda, CarriedItem
from bot.domain.prep_answers import ASK_LABELS, PrepAnswers
from bot.slack.blocks.asks import answerable
from bot.slack.blocks.common import Message, clip, context, escape, escaped_clip, format_local, mention, section

ANSWER_MAX = 600  # per answer in the agenda; the full text stays in the employee's prep
ASK_MAX = 300
ITEM_MAX = 200
MAX_CARRIED = 8
GROWTH_NOT_RATING = "Career conversations are about growth, not performance ratings or pay."

_STATUS_NOTE = {"in_progress": "in progress", "blocked": "blocked"}


def _quote(label: str, text: str) -> str:
    body = escaped_clip(text, ANSWER_MAX).replace("\n", "\n>")
    return f"*{label}*\n>{body}"


def _group(title: str, parts: list[str]) -> Block | None:
    return section(f"*{title}*\n" + "\n".join(parts)) if parts else None


def _answer_groups(answers: PrepAnswers, ask_blocks: list[Block] | None = None) -> list[Block]:
    a = answers.normalised()
    now_parts = [
        _quote(label, text)
        for label, text in (
            ("Strengths I'd like to use more", a.strengths),
            ("Work that energised me lately", a.energizing_work),
            ("Skills I have that are under-used", a.underused_skills),
        )
        if text
    ]
    grow_parts = [
        _quote(label, text)
        for label, text in (
            ("Skills I want to build", a.grow_skills),
            ("Where I'd like to be in 2 to 5 years", a.direction),
        )
        if text
    ]
    path_parts = [_quote("Roles and paths I'm curious about", a.paths)] if a.paths else []
    if a.people:
        path_parts.append("*People I'd like to learn from:* " + ", ".join(mention(p) for p in a.people))
    ask_parts = [
        f"• *{ASK_LABELS[ask.kind]}*" + (f": {escaped_clip(ask.detail, ASK_MAX)}" if ask.detail else "")
        for ask in a.asks
    ]
    groups = [
        _group("Where I am now", now_parts),
        _group("Where I want to grow", grow_parts),
        _group("Paths I'm exploring", path_parts),
        None if ask_blocks is not None else _group("What I'd like to ask for", ask_parts),
        _group("Also on my mind", [_quote("Other topics", a.topics)] if a.topics else []),
    ]
    kept = [g for g in groups if g is not None]
    if ask_blocks:  # the asks as rows with their answer buttons, where the list of asks would be
        kept[len(kept) - (1 if a.topics else 0) : len(kept) - (1 if a.topics else 0)] = ask_blocks
    return kept


def _item_line(item: CarriedItem, tz: str) -> str:
    due = f", due {item.due:%a} {item.due.day} {item.due:%b}" if item.due else ""
    status = _STATUS_NOTE.get(item.status.value, "")
    note = f" _({status})_" if status else ""
    return f"• {escaped_clip(item.text, ITEM_MAX)} — {mention(item.owner_user_id)}{due}{note}"


def agenda_body(agenda: Agenda, *, tz: str, ask_blocks: list[Block] | None = None) -> list[Block]:
    """The agenda's content blocks (no header): answers, carried-over items, the feedback ask.
    `ask_blocks` replace the list of asks (an empty list leaves them out)."""
    blocks = _answer_groups(agenda.answers, ask_blocks)
    if agenda.carried:
        lines = [_item_line(item, tz) for item in agenda.carried[:MAX_CARRIED]]
        if len(agenda.carried) > MAX_CARRIED:
            lines.append(f"…and {len(agenda.carried) - MAX_CARRIED} more (see `/career-prep items`).")
        blocks.append(section("*Carried over from earlier conversations*\n" + "\n".join(lines)))
    blocks.append(section(f"*Feedback I'd value*\n{agenda.feedback_question}"))
    return blocks


def agenda_message(
    agenda: Agenda, *, reader_tz: str, shared_at: datetime, updated_at: datetime | None = None
) -> Message:
    """The manager's DM: the agenda the employee shared, in the manager's time zone."""
    when = format_local(agenda.scheduled_at, reader_tz)
    edited = (
        f" Updated {format_local(updated_at, reader_tz)}." if updated_at is not None and updated_at > shared_at else ""
    )
    blocks: list[Block] = [
        HeaderBlock(text=clip(f"Career conversation: {agenda.employee_name}", 150)),
        context(f"{mention(agenda.employee_user_id)} prepared this for your 1:1 on {when}.{edited}"),
        *agenda_body(agenda, tz=reader_tz, ask_blocks=_ask_rows(agenda)),
        DividerBlock(),
        context(f"Only you can see this. {GROWTH_NOT_RATING}"),
    ]
    return Message(text=f"{escape(agenda.employee_name)} shared an agenda for your 1:1 on {when}", blocks=blocks)


def _ask_rows(agenda: Agenda) -> list[Block] | None:
    """The manager's copy: each ask with Answer (or its answer), once the asks are rows."""
    if not agenda.asks:
        return None
    return [section("*What I'd like to ask for*"), *(answerable(line) for line in agenda.asks)]


def agenda_withdrawn(*, employee_user_id: str, employee_name: str) -> Message:
    """What the manager's copy becomes when the employee takes the agenda back."""
    text = f"{mention(employee_user_id)} took this agenda back to rework it. You'll see it again if they share it."
    return Message(text=f"{escape(employee_name)} took their agenda back for now", blocks=[section(text)])


def agenda_replaced(*, employee_user_id: str, employee_name: str) -> Message:
    """What an older copy becomes when the employee shares a newer version (posted below it)."""
    text = f"{mention(employee_user_id)} shared a newer version of this agenda: see the latest message below."
    return Message(text=f"{escape(employee_name)} replaced this agenda with a newer version", blocks=[section(text)])


def agenda_moved(*, employee_user_id: str, employee_name: str) -> Message:
    """What the copy becomes when the employee's 1:1s are no longer with this manager."""
    text = f"{mention(employee_user_id)} now has their 1:1s with someone else, so this agenda was taken back."
    return Message(text=f"{escape(employee_name)}'s agenda was taken back", blocks=[section(text)])
