"""What an employee may choose to include in an intro from their own prep, and the message the helper sees:
their words plus only the parts they ticked. Nothing else of the prep ever reaches the helper."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.errors import NotAllowed, NotFound
from bot.domain.people import find_person
from bot.domain.prep_answers import PrepAnswers
from bot.models import Ask, Conversation, HelpOffer, Person

# The parts of a prep an intro can include, in the order the form and the message show them.
PART_PATHS = "paths"
PART_SKILLS = "grow_skills"
PART_ASK = "ask"
PART_LABELS = {
    PART_PATHS: "Paths I'm exploring",
    PART_SKILLS: "Skills I want to build",
    PART_ASK: "What I'm asking for",
}
PART_MAX = 600  # each included part is clipped, so the helper's message stays short


@dataclass(frozen=True)
class Includable:
    """One part of the employee's prep they could include: its key, label and text."""

    key: str
    label: str
    text: str


def _latest_prep(session: Session, employee: Person) -> PrepAnswers:
    saved = session.scalar(
        select(Conversation.prep)
        .where(
            Conversation.team_id == employee.team_id,
            Conversation.employee_id == employee.id,
            Conversation.prep.is_not(None),
        )
        .order_by(Conversation.prep_saved_at.desc().nulls_last(), Conversation.id.desc())
        .limit(1)
    )
    return PrepAnswers.from_json(saved).normalised()


def _own_ask(session: Session, employee: Person, ask_id: int | None) -> Ask | None:
    ask = session.get(Ask, ask_id) if ask_id is not None else None
    return ask if ask is not None and ask.team_id == employee.team_id and ask.employee_id == employee.id else None


def includable(session: Session, *, employee: Person, ask_id: int | None = None) -> list[Includable]:
    """The parts of the employee's latest prep (and the ask the intro serves) that have something in them."""
    prep = _latest_prep(session, employee)
    ask = _own_ask(session, employee, ask_id)
    texts = {PART_PATHS: prep.paths, PART_SKILLS: prep.grow_skills, PART_ASK: ask.detail.strip() if ask else ""}
    return [Includable(key, PART_LABELS[key], _clip(text)) for key, text in texts.items() if text]


def compose_message(
    session: Session, *, employee: Person, note: str, include: Iterable[str], ask_id: int | None
) -> tuple[str | None, int | None]:
    """The text the helper will see (None if nothing), and the ask id if it is the employee's own."""
    chosen = set(include)
    parts = [note.strip()] if note.strip() else []
    parts += [f"{p.label}: {p.text}" for p in includable(session, employee=employee, ask_id=ask_id) if p.key in chosen]
    own = _own_ask(session, employee, ask_id)
    return ("\n\n".join(parts) or None), (own.id if own is not None else None)


def _clip(text: str) -> str:
    return text if len(text) <= PART_MAX else text[: PART_MAX - 1].rstrip() + "…"


@dataclass(frozen=True)
class IntroDraft:
    """What the intro form shows: the helper, the kinds of help they offer, and what could be included."""

    helper_user_id: str
    helper_name: str
    offer_note: str | None
    kinds: tuple[str, ...]
    parts: tuple[Includable, ...]


def intro_draft(
    session: Session, *, team_id: str, employee_slack_id: str, helper_id: int, ask_id: int | None
) -> IntroDraft:
    """The form's starting point; NotFound if either person or the helper's open offer is missing."""
    employee = find_person(session, team_id=team_id, slack_user_id=employee_slack_id)
    helper = session.get(Person, helper_id)
    if employee is None:
        raise NotFound("Set up Career Prep first (`/career-prep`), then ask for an intro.")
    offer = session.scalar(
        select(HelpOffer).where(HelpOffer.team_id == team_id, HelpOffer.person_id == helper_id, HelpOffer.open)
    )
    if helper is None or helper.team_id != team_id or offer is None or not offer.kinds:
        raise NotFound("That person isn't offering help right now, so I can't ask them for an intro.")
    if helper.id == employee.id:
        raise NotAllowed("That's your own offer of help: pick someone else to learn from.")
    return IntroDraft(
        helper_user_id=helper.slack_user_id,
        helper_name=helper.display_name,
        offer_note=offer.note,
        kinds=tuple(offer.kinds),
        parts=tuple(includable(session, employee=employee, ask_id=ask_id)),
    )
