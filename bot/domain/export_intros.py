"""The export's intros section: every intro the person asked for or was asked to help with, with its
outcome; the employee's own words only in the employee's export, and a forgotten person as "a colleague"."""

from __future__ import annotations

from collections.abc import Iterable

from bot.domain.intros import kind_label
from bot.domain.markdown import Doc, fenced, inline, words
from bot.models import Intro, Person

A_COLLEAGUE = "a colleague"


def _other(doc: Doc, person_id: int | None) -> str:
    person = doc.session.get(Person, person_id) if person_id is not None else None
    return doc.name(person) if person is not None else A_COLLEAGUE


def write_intros(doc: Doc, intros: Iterable[Intro]) -> None:
    doc.add("## Intros", "")
    wrote = False
    for intro in intros:
        wrote = True
        mine = intro.employee_id == doc.reader.id
        who = f"You asked {_other(doc, intro.helper_id)}" if mine else f"{_other(doc, intro.employee_id)} asked you"
        doc.add(f"### {inline(kind_label(intro.kind)).capitalize()}, {doc.when(intro.requested_at)}", "")
        doc.add(f"- {who} for {inline(kind_label(intro.kind))}")
        doc.add(f"- State: {intro.state.value}, answered {doc.when(intro.answered_at, 'not yet')}")
        if intro.outcome is not None:
            doc.add(f"- Did you meet: {words(intro.outcome.value)} ({doc.when(intro.outcome_at)})")
        if mine and intro.reasons:
            doc.add(f"- Why they were suggested: {inline(intro.reasons)}")
        doc.add("")
        if mine and intro.message:
            doc.add("What you chose to send them:", "", fenced(intro.message), "")
    if not wrote:
        doc.add("None yet.", "")
