"""What digests say about internal opportunities: how many people said they're interested in each open
one, never who; a count about fewer than `MIN_GROUP` people is not given."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain.digest.counts import InterestCount
from bot.models.opportunity import Opportunity, OpportunityInterest, OpportunityState

SHOWN = 10  # open opportunities in a digest, most interest first


def interest_per_opportunity(session: Session, *, team_id: str) -> tuple[InterestCount, ...]:
    """Open opportunities with how many people are interested (one grouped query)."""
    interested = func.count(OpportunityInterest.id)
    rows = session.execute(
        select(Opportunity.id, Opportunity.title, interested)
        .outerjoin(
            OpportunityInterest,
            (OpportunityInterest.opportunity_id == Opportunity.id) & OpportunityInterest.withdrawn_at.is_(None),
        )
        .where(Opportunity.team_id == team_id, Opportunity.state == OpportunityState.OPEN)
        .group_by(Opportunity.id, Opportunity.title)
        .order_by(interested.desc(), Opportunity.id)
        .limit(SHOWN)
    ).all()
    return tuple(InterestCount(int(i), str(title), int(n)) for i, title, n in rows)
