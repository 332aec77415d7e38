"""Team planning in the database: Mira's reports, a prep saved (and shared or not), her planning date."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.outbox_payloads import PlanningDigestRef, decode
from bot.domain.planning import set_planning
from bot.domain.prep import save_prep, set_sharing
from bot.domain.prep_answers import Ask, AskKind, PrepAnswers
from bot.models import Conversation, Delivery, DeliveryKind
from tests.support.people import TEAM

SHARED_PATHS = "Moving towards data engineering"
SHARED_SKILLS = "Capacity planning for streaming systems"
UNSHARED_PATHS = "Maybe leaving for a startup next year"
UNSHARED_SKILLS = "Negotiating a raise elsewhere"


def prepare(
    session: Session, conversation: Conversation, user: str, *, share: bool, now: datetime, **answers: object
) -> None:
    """The employee saves these answers for `conversation`, and shares them if `share`."""
    values = PrepAnswers(**answers)  # type: ignore[arg-type]
    save_prep(session, team_id=TEAM, conversation_id=conversation.id, slack_user_id=user, answers=values, now=now)
    if share:
        set_sharing(session, team_id=TEAM, conversation_id=conversation.id, slack_user_id=user, share=True, now=now)


def shared_prep(session: Session, conversation: Conversation, user: str, now: datetime) -> None:
    prepare(
        session,
        conversation,
        user,
        share=True,
        now=now,
        paths=SHARED_PATHS,
        grow_skills=SHARED_SKILLS,
        asks=(Ask(AskKind.STRETCH, "Lead the Kafka migration"),),
    )


def unshared_prep(session: Session, conversation: Conversation, user: str, now: datetime) -> None:
    prepare(session, conversation, user, share=False, now=now, paths=UNSHARED_PATHS, grow_skills=UNSHARED_SKILLS)


def plan_on(session: Session, day: date, now: datetime, *, manager: str = "UMIRA", quarterly: bool = False) -> None:
    set_planning(session, team_id=TEAM, slack_user_id=manager, planning_on=day, quarterly=quarterly, now=now)


def digests(session: Session) -> list[Delivery]:
    return list(
        session.scalars(select(Delivery).where(Delivery.kind == DeliveryKind.PLANNING_DIGEST).order_by(Delivery.due_at))
    )


def digest_dates(session: Session) -> list[tuple[date, datetime]]:
    """(planning date, due) of each queued digest, earliest due first."""
    return [(decode(PlanningDigestRef, d.payload).planning_on, d.due_at) for d in digests(session)]
