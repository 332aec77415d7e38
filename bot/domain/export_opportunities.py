"""The export's section on opportunities: the ones the person posted (with how many said they're
interested) and the ones they said they're interested in, with the message they sent."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.domain.markdown import Doc, inline
from bot.domain.opportunities import interest_counts
from bot.models.opportunity import Opportunity, OpportunityInterest


def write_opportunities(doc: Doc) -> None:
    me, session = doc.reader, doc.session
    posted = session.scalars(
        select(Opportunity)
        .where(Opportunity.team_id == me.team_id, Opportunity.owner_id == me.id)
        .order_by(Opportunity.id)
    ).all()
    counts = interest_counts(session, [row.id for row in posted])
    doc.add("## Opportunities you posted", "")
    for row in posted:
        kind = row.kind.value.replace("_", " ")
        doc.add(
            f"- #{row.id} {inline(row.title)} ({kind}), tags: {inline(', '.join(row.tags))}",
            f"  - Open until {row.closes_on.isoformat()}; {row.state.value}; posted {doc.when(row.created_at)}",
            f"  - Interested: {counts.get(row.id, 0)}",
        )
        if row.description:
            doc.add(f"  - Description: {inline(row.description)}")
    doc.add("" if posted else "None.", *([""] if not posted else []))
    interests = session.scalars(
        select(OpportunityInterest)
        .options(selectinload(OpportunityInterest.opportunity))
        .where(OpportunityInterest.team_id == me.team_id, OpportunityInterest.person_id == me.id)
        .order_by(OpportunityInterest.id)
    ).all()
    doc.add("## Opportunities you said you're interested in", "")
    for interest in interests:
        said = inline(interest.message) if interest.message else "no message"
        doc.add(f"- #{interest.opportunity_id} {inline(interest.opportunity.title)}, {doc.when(interest.created_at)}")
        doc.add(f"  - What you sent: {said}")
    doc.add("" if interests else "None.", *([""] if not interests else []))
