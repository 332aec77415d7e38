"""The export's asks: the asks I made with their answers, and the asks I was asked and how I answered."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.domain.ask_sync import visible_to_asked
from bot.domain.ask_views import label_of
from bot.domain.markdown import Doc, day, inline, words
from bot.models import Ask, AskState, Person

STATE_WORDS = {
    AskState.PROPOSED: "waiting for your OK to pass it on",
    AskState.OPEN: "open",
    AskState.YES: "yes",
    AskState.NOT_NOW: "not now",
    AskState.REDIRECTED: "redirected",
    AskState.WITHDRAWN: "taken back",
}


def _ask_lines(doc: Doc, ask: Ask, *, mine: bool) -> None:
    detail = f": {inline(ask.detail)}" if ask.detail else ""
    other = f"asked {doc.name(ask.asked)}" if mine else f"from {doc.name(ask.employee)}"
    doc.add(f"- **{inline(label_of(ask.kind))}**{detail} ({other}, {doc.when(ask.opened_at, 'not sent yet')})")
    doc.add(f"  - Answer: {STATE_WORDS.get(ask.state, words(ask.state.value))}")
    if ask.answer_text:
        doc.add(
            f"  - In their words: {inline(ask.answer_text)}" if mine else f"  - Your words: {inline(ask.answer_text)}"
        )
    if ask.revisit_on is not None:
        doc.add(f"  - To look at again: {day(ask.revisit_on)}")
    if ask.redirected_to_id is not None:
        doc.add(f"  - Passed on to: {doc.name(doc.session.get(Person, ask.redirected_to_id))}")
    if ask.redirect_resource:
        doc.add(f"  - Where to look: {inline(ask.redirect_resource)}")
    if ask.answered_at is not None:
        doc.add(f"  - Answered: {doc.when(ask.answered_at)}")


def write_asks(doc: Doc) -> None:
    """My asks (every state) and the asks put to me (once I could see them)."""
    me = doc.reader
    rows = doc.session.scalars(
        select(Ask)
        .options(selectinload(Ask.employee), selectinload(Ask.asked))
        .where(Ask.team_id == me.team_id, (Ask.employee_id == me.id) | (Ask.asked_id == me.id))
        .order_by(Ask.created_at, Ask.id)
    ).all()
    mine = [a for a in rows if a.employee_id == me.id]
    asked = [a for a in rows if a.asked_id == me.id and a.employee_id != me.id and visible_to_asked(doc.session, a)]
    doc.add("## Asks", "", "What you asked for in a shared prep, and the answers.", "")
    if not mine:
        doc.add("None yet.")
    for ask in mine:
        _ask_lines(doc, ask, mine=True)
    doc.add("", "## Asks put to you", "")
    if not asked:
        doc.add("None yet.")
    for ask in asked:
        _ask_lines(doc, ask, mine=False)
    doc.add("")
