"""The export's mid-year reflections section: the person's own reflections (their words from six months
before, what they marked, their note, whether and when their manager was told), and, for a manager,
what reports chose to share with them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.domain.markdown import Doc, day, fenced, inline, words
from bot.models import Person, Reflection


def write_reflections(doc: Doc) -> None:
    me = doc.reader
    own = doc.session.scalars(
        select(Reflection)
        .where(Reflection.team_id == me.team_id, Reflection.employee_id == me.id)
        .order_by(Reflection.period)
    ).all()
    doc.add("## Mid-year reflections", "")
    if not own:
        doc.add("None yet.", "")
    for reflection in own:
        doc.add(f"### {day(date.fromisoformat(reflection.period))}", "")
        for line in reflection.lines:
            answer = reflection.answers.get(line["key"])
            detail = f" ({inline(line['detail'])})" if line.get("detail") else ""
            said = f": **{words(answer)}**" if answer else ": not marked"
            doc.add(f"- {inline(line['text'])}{detail}{said}")
        if reflection.note:
            doc.add("", "What changed, in your words:", "", fenced(reflection.note))
        doc.add("", f"- Shared with your manager: {_shared(doc, reflection)}", "")
    _shared_with_me(doc)


def _shared(doc: Doc, reflection: Reflection) -> str:
    if reflection.shared_at is None:
        return "no, it stayed with you"
    manager = doc.session.get(Person, reflection.shared_with_id) if reflection.shared_with_id is not None else None
    told = f", told in their brief {doc.when(reflection.told_manager_at)}" if reflection.told_manager_at else ""
    return f"with {doc.name(manager)} {doc.when(reflection.shared_at)}{told}"


def _shared_with_me(doc: Doc) -> None:
    """What reports shared with this person as their manager and were told about (only that)."""
    me = doc.reader
    received = doc.session.scalars(
        select(Reflection)
        .where(
            Reflection.team_id == me.team_id,
            Reflection.shared_with_id == me.id,
            Reflection.shared_at.is_not(None),  # taken back: no longer the manager's to keep
            Reflection.told_manager_at.is_not(None),
        )
        .order_by(Reflection.period, Reflection.id)
    ).all()
    for reflection in received:
        employee = doc.session.get(Person, reflection.employee_id)
        doc.add(f"### Shared with you by {doc.name(employee)}, {doc.when(reflection.told_manager_at)}", "")
        for line in reflection.shared_lines or []:
            doc.add(f"- {inline(str(line['text']))}: **{words(str(line['answer']))}**")
        if reflection.note:
            doc.add("", fenced(reflection.note))
        doc.add("")
