"""The App Home's "people who offered help" part: how many offer help, the person's own offer, and who
could help with their latest prep (read-only: suggestions shown here are not recorded)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain.helper_capacity import used_this_month
from bot.domain.prep_answers import PrepAnswers
from bot.domain.suggestions import Suggestion, suggestions_for_prep
from bot.models import Person
from bot.models.help_offer import HelpOffer

SUGGESTIONS_SHOWN = 3


@dataclass(frozen=True)
class HelpSummary:
    open_offers: int  # by colleagues (not counting the reader)
    my_offer_open: bool | None  # None: no offer of their own
    my_free: int
    my_capacity: int
    suggestions: tuple[Suggestion, ...]


def help_summary(session: Session, *, person: Person, answers: PrepAnswers, now: datetime) -> HelpSummary:
    """Offers, the person's own offer, and helpers suggested for `answers` (their latest prep)."""
    team_id = person.team_id
    open_offers = session.scalar(
        select(func.count())
        .select_from(HelpOffer)
        .where(HelpOffer.team_id == team_id, HelpOffer.open.is_(True), HelpOffer.person_id != person.id)
    )
    mine = session.scalar(select(HelpOffer).where(HelpOffer.team_id == team_id, HelpOffer.person_id == person.id))
    used = used_this_month(session, team_id=team_id, helpers=[person], now=now)[person.id] if mine else 0
    needs = suggestions_for_prep(
        session,
        team_id=team_id,
        slack_user_id=person.slack_user_id,
        answers=answers,
        now=now,
        record=False,
    )
    shown = tuple(s for need in needs for s in need.suggestions)[:SUGGESTIONS_SHOWN]
    return HelpSummary(
        open_offers=open_offers or 0,
        my_offer_open=mine.open if mine is not None else None,
        my_free=max((mine.capacity_per_month if mine else 0) - used, 0),
        my_capacity=mine.capacity_per_month if mine else 0,
        suggestions=shown,
    )
