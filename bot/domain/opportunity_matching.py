"""Which open opportunities match a person's prep: their tags against the skills they want to build and
the paths they're curious about (words and tags, case-insensitive). Read-only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.domain.help_tags import matching_topics, normalise_tags, split_tags, words_of
from bot.domain.opportunities import closes_at
from bot.domain.people import find_person
from bot.domain.prep_answers import PrepAnswers
from bot.models import Person, PersonStatus
from bot.models.opportunity import Opportunity, OpportunityInterest, OpportunityState

MATCHES_SHOWN = 3
# Open opportunities looked at per match: the soonest-closing ones first.
CANDIDATES_MAX = 200


@dataclass(frozen=True)
class Match:
    """An open opportunity that fits the prep, and the tags it matched on (shown as the reason)."""

    opportunity_id: int
    title: str
    kind: str
    owner_user_id: str
    closes_on: date
    matched: tuple[str, ...]
    interested: bool = False  # the viewer already said so


def prep_words(answers: PrepAnswers) -> tuple[frozenset[str], frozenset[str]]:
    """The words of the skills to build and paths, and the phrases typed between commas (as tags)."""
    texts = (answers.grow_skills, answers.paths)
    words = frozenset().union(*(words_of(t) for t in texts))
    phrases = frozenset(normalise_tags(p for t in texts for p in split_tags(t)))
    return words, phrases


def match_opportunities(
    session: Session, *, person: Person, answers: PrepAnswers, now: datetime, limit: int = MATCHES_SHOWN
) -> tuple[Match, ...]:
    """The open opportunities (not the person's own) whose tags appear in their skills to build or paths."""
    words, phrases = prep_words(answers)
    if not words:
        return ()
    rows = session.scalars(
        select(Opportunity)
        .options(selectinload(Opportunity.owner))
        .where(
            Opportunity.team_id == person.team_id,
            Opportunity.state == OpportunityState.OPEN,
            Opportunity.owner_id != person.id,
        )
        .order_by(Opportunity.closes_on, Opportunity.id)
        .limit(CANDIDATES_MAX)
    ).all()
    found: list[tuple[Opportunity, tuple[str, ...]]] = []
    for row in rows:
        by_words = set(matching_topics(row.tags, words))
        matched = tuple(t for t in row.tags if t in phrases or t in by_words)
        if matched and closes_at(row, row.owner) > now and row.owner.status is not PersonStatus.LEFT:
            found.append((row, matched))
    found.sort(key=lambda pair: (-len(pair[1]), pair[0].closes_on, pair[0].id))
    chosen = found[:limit]
    mine = _interested_in(session, person, [row.id for row, _ in chosen])
    return tuple(
        Match(
            row.id,
            row.title,
            row.kind.value,
            row.owner.slack_user_id,
            row.closes_on,
            matched,
            interested=row.id in mine,
        )
        for row, matched in chosen
    )


def _interested_in(session: Session, person: Person, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    return set(
        session.scalars(
            select(OpportunityInterest.opportunity_id).where(
                OpportunityInterest.person_id == person.id,
                OpportunityInterest.opportunity_id.in_(ids),
                OpportunityInterest.withdrawn_at.is_(None),
            )
        )
    )


def matches_for_prep(
    session: Session, *, team_id: str, slack_user_id: str, answers: PrepAnswers, now: datetime
) -> tuple[Match, ...]:
    """Matches for a prep just saved (shown on its review step)."""
    person = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    return match_opportunities(session, person=person, answers=answers, now=now) if person is not None else ()
