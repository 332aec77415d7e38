"""Who could help an employee with a need: up to 3 open offers, each with the reasons it was suggested.

Rules: only open offers of the kind needed, by active people outside the employee's management chain
(managers up the chain and reports down it), with room left this month, and not someone the employee already
asked for an intro lately (pending, accepted or declined in the last 90 days); ranked by shared topics and
working-hours overlap, and spread fairly (least recently suggested first among close scores, ties rotated).
A constant number of queries per call, whatever the number of offers.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from bot.calendar.overlap import daily_overlap_minutes
from bot.calendar.working_hours import WorkingHours
from bot.domain.help_tags import matching_topics, words_of
from bot.domain.helper_capacity import available, helper_load
from bot.domain.people import find_person, hours_for
from bot.domain.prep_answers import AskKind, PrepAnswers
from bot.domain.suggestion_ranking import Candidate, rank, reasons_for
from bot.models import Conversation, Person, PersonStatus, Workspace
from bot.models.help_offer import HelpOffer, OfferKind

# Which kind of help each prep ask needs; "people I'd like to learn from" needs informational interviews.
NEED_FOR_ASK: dict[AskKind, OfferKind] = {AskKind.MENTOR: OfferKind.MENTORING, AskKind.SHADOWING: OfferKind.SHADOWING}
PEOPLE_NEED = OfferKind.INFORMATIONAL_INTERVIEW
MAX_LIMIT = 10


@dataclass(frozen=True)
class Suggestion:
    person_id: int
    slack_user_id: str
    display_name: str
    kind: OfferKind
    reasons: tuple[str, ...]


def need_for_ask(kind: str) -> OfferKind | None:
    """The kind of help a prep ask (an AskKind value) calls for, or None when no helper fits it."""
    return NEED_FOR_ASK.get(AskKind(kind)) if kind in set(AskKind) else None


def suggest_helpers(
    session: Session,
    *,
    team_id: str,
    employee_id: int,
    need_kind: OfferKind | str,
    now: datetime,
    limit: int = 3,
    exclude_person_ids: Collection[int] = (),
    context: str = "",
    record: bool = True,
) -> list[Suggestion]:
    """Up to `limit` helpers for `need_kind`, best first. `context` adds words to match (an ask's detail).

    With `record` the ones returned are marked as suggested now, so the next employee sees others first.
    """
    kind = OfferKind(need_kind)
    employee = session.get(Person, employee_id)
    workspace = session.get(Workspace, team_id)
    if employee is None or employee.team_id != team_id or workspace is None:
        return []
    words = words_of(_prep_text(session, team_id=team_id, employee_id=employee_id, kind=kind) + "\n" + context)
    rows = session.execute(_offers_query(team_id, employee_id, exclude_person_ids)).all()
    offered = [(offer, person) for offer, person in rows if kind.value in offer.kinds and available(person, now)]
    load = helper_load(session, team_id=team_id, helpers=[p for _, p in offered], now=now, employee_id=employee_id)
    mine = hours_for(employee, workspace)
    candidates = {
        person.id: (
            _candidate(offer, person, words, load.used[person.id], mine, hours_for(person, workspace), now),
            offer,
            person,
        )
        for offer, person in offered
        if load.used[person.id] < offer.capacity_per_month and person.id not in load.asked_lately
    }
    chosen = rank([c for c, _, _ in candidates.values()], employee_id=employee_id, limit=min(limit, MAX_LIMIT))
    found = []
    for candidate in chosen:
        _, offer, person = candidates[candidate.person_id]
        if record:
            offer.last_suggested_at = now
            offer.suggested_count = (offer.suggested_count or 0) + 1
        reasons = reasons_for(candidate, kind=kind, topics=offer.topics)
        found.append(Suggestion(person.id, person.slack_user_id, person.display_name, kind, reasons))
    return found


def _candidate(
    offer: HelpOffer,
    person: Person,
    words: frozenset[str],
    used: int,
    mine: WorkingHours,
    theirs: WorkingHours,
    now: datetime,
) -> Candidate:
    return Candidate(
        person_id=person.id,
        matched=tuple(matching_topics(offer.topics, words)),
        overlap_minutes=daily_overlap_minutes(mine, theirs, at=now),
        used_this_month=used,
        capacity=offer.capacity_per_month,
        last_suggested_at=offer.last_suggested_at,
        suggested_count=offer.suggested_count,
    )


def _prep_text(session: Session, *, team_id: str, employee_id: int, kind: OfferKind) -> str:
    """The words of the employee's latest saved prep that say what they want to grow into."""
    prep = session.scalars(
        select(Conversation.prep)
        .where(
            Conversation.team_id == team_id,
            Conversation.employee_id == employee_id,
            Conversation.prep_saved_at.is_not(None),
        )
        .order_by(Conversation.prep_saved_at.desc(), Conversation.id.desc())
        .limit(1)
    ).first()
    answers = PrepAnswers.from_json(prep)
    details = [a.detail for a in answers.asks if NEED_FOR_ASK.get(a.kind) is kind]
    return "\n".join([answers.grow_skills, answers.paths, answers.direction, *details])


def _offers_query(team_id: str, employee_id: int, exclude: Collection[int]) -> Select[HelpOffer, Person]:
    """Open offers in the team, minus the employee, anyone above them and anyone below them."""
    up = (
        select(Person.manager_id.label("id"))
        .where(Person.id == employee_id, Person.manager_id.is_not(None))
        .cte("chain_up", recursive=True)
    )
    up = up.union(select(Person.manager_id).join(up, Person.id == up.c.id).where(Person.manager_id.is_not(None)))
    down = select(Person.id.label("id")).where(Person.manager_id == employee_id).cte("chain_down", recursive=True)
    down = down.union(select(Person.id).join(down, Person.manager_id == down.c.id))
    query = (
        select(HelpOffer, Person)
        .join(Person, Person.id == HelpOffer.person_id)
        .where(
            HelpOffer.team_id == team_id,
            HelpOffer.open.is_(True),
            Person.team_id == team_id,
            Person.id != employee_id,
            Person.status != PersonStatus.LEFT,
            Person.id.not_in(select(up.c.id)),
            Person.id.not_in(select(down.c.id)),
        )
        .order_by(HelpOffer.id)
    )
    return query.where(Person.id.not_in(list(exclude))) if exclude else query


@dataclass(frozen=True)
class NeedSuggestions:
    """Suggested helpers for one need in a prep: "people to learn from", or one ask (its position)."""

    label: str
    kind: OfferKind
    suggestions: list[Suggestion]
    ask_position: int | None = None


def suggestions_for_prep(
    session: Session, *, team_id: str, slack_user_id: str, answers: PrepAnswers, now: datetime, record: bool = True
) -> list[NeedSuggestions]:
    """Up to 3 helpers for each need in a prep: people to learn from (when none were named), and each
    mentor or shadowing ask; nobody is suggested twice in one prep."""
    employee = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    if employee is None or answers.is_empty():
        return []
    needs: list[tuple[str, OfferKind, str, int | None]] = []
    if not answers.people:
        needs.append(("People you could learn from", PEOPLE_NEED, "", None))
    for index, ask in enumerate(answers.asks):
        need = NEED_FOR_ASK.get(ask.kind)
        if need is not None:
            needs.append((ASK_NEED_LABELS[need], need, ask.detail, index))
    found: list[NeedSuggestions] = []
    seen: set[int] = set()
    for label, kind, detail, position in needs:
        picked = suggest_helpers(
            session,
            team_id=team_id,
            employee_id=employee.id,
            need_kind=kind,
            now=now,
            exclude_person_ids=seen,
            context=detail,
            record=record,
        )
        seen.update(s.person_id for s in picked)
        if picked:
            found.append(NeedSuggestions(label, kind, picked, position))
    return found


ASK_NEED_LABELS = {OfferKind.MENTORING: "For your mentor ask", OfferKind.SHADOWING: "For your shadowing ask"}
