"""Internal opportunities: posted by managers and the people team, listed while open, closed by their
owner or on their closing date (the end of that day in the owner's zone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from bot.calendar.recurrence import to_local, to_utc
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.help_tags import TAGS_MAX, normalise_tags, split_tags
from bot.domain.outbox import enqueue, notice
from bot.domain.outbox_payloads import InterestRef, Notice, OpportunityRef
from bot.domain.outbox_payloads.stored import Ref
from bot.domain.people import find_person, is_confirmed_report_of, valid_tz
from bot.domain.workspaces import ensure_workspace
from bot.models import DeliveryKind, Person, PersonStatus
from bot.models.opportunity import Opportunity, OpportunityInterest, OpportunityKind, OpportunityState

F_KIND = "kind"
F_TITLE = "title"
F_DESCRIPTION = "description"
F_TAGS = "tags"
F_CLOSES = "closes_on"
TITLE_MAX = 150
DESCRIPTION_MAX = 2000
# How far ahead a closing date may be: long enough for a mentoring cohort's sign-up, short enough to stay true.
CLOSES_WITHIN = timedelta(days=366)
# How long after posting the planner looks whether the announce channel took the announcement.
ANNOUNCE_CHECK = timedelta(minutes=5)
LISTED_MAX = 20
WHO_MAY_POST = (
    "Opportunities are posted by managers (people with confirmed reports) and by the people team (workspace "
    "admins, or people named by whoever runs Career Prep here). If you know of one, ask your manager to post it."
)


@dataclass(frozen=True)
class OpportunityInput:
    """What the opportunity form holds."""

    kind: OpportunityKind | None
    title: str
    description: str
    tags: tuple[str, ...]
    closes_on: date | None
    announce_channel: str | None = None

    @classmethod
    def build(
        cls, *, kind: str | None, title: str, description: str, tags: str, closes_on: date | None, channel: str | None
    ) -> OpportunityInput:
        chosen = next((k for k in OpportunityKind if k.value == kind), None)
        cleaned = tuple(normalise_tags(split_tags(tags), cap=TAGS_MAX + 1))
        return cls(chosen, " ".join(title.split()), description.strip(), cleaned, closes_on, channel or None)


def announcement_key(opportunity_id: int) -> str:
    """The outbox key of an opportunity's channel announcement (the planner finds it by this key)."""
    return f"opportunity_announcement:{opportunity_id}"


def validate_opportunity(form: OpportunityInput, *, today: date) -> dict[str, str]:
    """Field errors: a kind, a title, at least one tag (that is how people find it), a closing date ahead."""
    errors: dict[str, str] = {}
    if form.kind is None:
        errors[F_KIND] = "Pick what kind of opportunity this is."
    if not form.title:
        errors[F_TITLE] = "Give it a short title people will recognise."
    elif len(form.title) > TITLE_MAX:
        errors[F_TITLE] = f"Please keep the title under {TITLE_MAX} characters."
    if len(form.description) > DESCRIPTION_MAX:
        errors[F_DESCRIPTION] = f"Please keep the description under {DESCRIPTION_MAX} characters."
    if not form.tags:
        errors[F_TAGS] = "Add at least one tag: people see opportunities whose tags match what they want to grow."
    elif len(form.tags) > TAGS_MAX:
        errors[F_TAGS] = f"Up to {TAGS_MAX} tags, the skills and paths it suits best."
    if form.closes_on is None:
        errors[F_CLOSES] = "Pick the last day people can say they're interested."
    elif form.closes_on < today:
        errors[F_CLOSES] = "That day has passed. Pick today or a day ahead."
    elif form.closes_on > today + CLOSES_WITHIN:
        errors[F_CLOSES] = "Pick a day within the next year."
    return errors


def is_manager(session: Session, person: Person) -> bool:
    """Someone with at least one confirmed report who has not left."""
    reports = select(Person.id).where(is_confirmed_report_of(person.team_id, person.id))
    return bool(session.scalar(select(exists(reports))))


def check_may_post(session: Session, *, person: Person, workspace_admin: bool, now: datetime) -> None:
    """Managers and the people team may post; anyone else is told who can."""
    workspace = ensure_workspace(session, team_id=person.team_id, now=now)
    if workspace_admin or person.slack_user_id in workspace.org_digest_user_ids or is_manager(session, person):
        return
    raise NotAllowed(WHO_MAY_POST)


def closes_at(opportunity: Opportunity, owner: Person) -> datetime:
    """The end of the closing day in the owner's zone (midnight after it), in UTC."""
    return to_utc(datetime.combine(opportunity.closes_on + timedelta(days=1), time()), valid_tz(owner.tz))


def post_opportunity(
    session: Session, *, owner: Person, workspace_admin: bool, form: OpportunityInput, now: datetime
) -> Opportunity:
    """Save a new opportunity, plan its closing, and queue its channel announcement if one was asked for."""
    check_may_post(session, person=owner, workspace_admin=workspace_admin, now=now)
    errors = validate_opportunity(form, today=to_local(now, valid_tz(owner.tz)).date())
    if errors:
        raise InvalidInput(errors)
    assert form.kind is not None  # validated above
    assert form.closes_on is not None
    row = Opportunity(
        team_id=owner.team_id,
        owner_id=owner.id,
        kind=form.kind,
        title=form.title,
        description=form.description,
        tags=list(form.tags),
        closes_on=form.closes_on,
        announce_channel=form.announce_channel,
        state=OpportunityState.OPEN,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    # Looked at again just after the announcement is due (was it refused?), else on its closing moment.
    row.plan_after = now + ANNOUNCE_CHECK if row.announce_channel else closes_at(row, owner)
    if row.announce_channel:
        enqueue(
            session,
            team_id=row.team_id,
            kind=DeliveryKind.OPPORTUNITY_ANNOUNCEMENT,
            key=announcement_key(row.id),
            due_at=now,
            now=now,
            channel_id=row.announce_channel,
            payload=OpportunityRef(row.id),
        )
    return row


def opportunity_of(session: Session, *, team_id: str, opportunity_id: int) -> Opportunity:
    row = session.get(Opportunity, opportunity_id)
    if row is None or row.team_id != team_id:
        raise NotFound(f"There is no opportunity #{opportunity_id}. `/career-prep opportunities` lists the open ones.")
    return row


def close_opportunity(
    session: Session, *, team_id: str, opportunity_id: int, actor_slack_id: str, now: datetime
) -> Opportunity:
    """The owner closes it early (closing twice is fine); anyone else is refused."""
    row = opportunity_of(session, team_id=team_id, opportunity_id=opportunity_id)
    actor = find_person(session, team_id=team_id, slack_user_id=actor_slack_id)
    if actor is None or actor.id != row.owner_id:
        raise NotAllowed("Only the person who posted an opportunity can close it.")
    if close(row, now=now):
        tell_interested(session, row, now)
    return row


def close(row: Opportunity, *, now: datetime) -> bool:
    """Close it (no more interest, gone from matches); False if it already was."""
    if row.state is OpportunityState.CLOSED:
        return False
    row.state, row.closed_at, row.updated_at, row.plan_after = OpportunityState.CLOSED, now, now, None
    return True


def tell_interested(session: Session, row: Opportunity, now: datetime) -> None:
    """One notice to each person who said they were interested: it has closed (in their working hours)."""
    interests = session.scalars(
        select(OpportunityInterest)
        .options(selectinload(OpportunityInterest.person))
        .where(OpportunityInterest.opportunity_id == row.id, OpportunityInterest.withdrawn_at.is_(None))
    )
    for interest in interests:
        if interest.person.status is not PersonStatus.LEFT:
            notice(
                session,
                recipient=interest.person,
                template=Notice.OPPORTUNITY_CLOSED,
                payload=InterestRef(interest.id),
                key=str(interest.id),
                now=now,
            )


def opportunity_refs(session: Session, person: Person) -> dict[Ref, set[int]]:
    """Payload ids that make a queued message about this person's opportunities or interests."""
    posted = set(session.scalars(select(Opportunity.id).where(Opportunity.owner_id == person.id)))
    interests = session.scalars(
        select(OpportunityInterest.id).where(
            OpportunityInterest.team_id == person.team_id,
            or_(OpportunityInterest.person_id == person.id, OpportunityInterest.opportunity_id.in_(posted)),
        )
    )
    return {Ref.OPPORTUNITY: posted, Ref.INTEREST: set(interests)}


def forget_opportunities(session: Session, person: Person) -> None:
    """Forgetting: the person's interests go, and the opportunities they posted with everyone's interest in
    them (children first, not relying on the database's cascades)."""
    team = Opportunity.team_id == person.team_id
    posted = select(Opportunity.id).where(team, Opportunity.owner_id == person.id)
    session.execute(
        delete(OpportunityInterest).where(
            OpportunityInterest.team_id == person.team_id,
            or_(OpportunityInterest.person_id == person.id, OpportunityInterest.opportunity_id.in_(posted)),
        )
    )
    session.execute(delete(Opportunity).where(team, Opportunity.owner_id == person.id))


@dataclass(frozen=True)
class Listed:
    """An open opportunity as lists show it; `interested` only for its owner's own ones."""

    opportunity: Opportunity
    owner_user_id: str
    interested: int | None = None


def open_opportunities(session: Session, *, team_id: str, viewer_slack_id: str, now: datetime) -> list[Listed]:
    """The open ones, closing soonest first; the viewer's own ones carry how many said they're interested."""
    rows = session.scalars(
        select(Opportunity)
        .options(selectinload(Opportunity.owner))
        .where(Opportunity.team_id == team_id, Opportunity.state == OpportunityState.OPEN)
        .order_by(Opportunity.closes_on, Opportunity.id)
        .limit(LISTED_MAX)
    ).all()
    own = [r.id for r in rows if r.owner.slack_user_id == viewer_slack_id]
    counts = interest_counts(session, own)
    return [
        Listed(r, r.owner.slack_user_id, counts.get(r.id, 0) if r.id in own else None)
        for r in rows
        if closes_at(r, r.owner) > now and r.owner.status is not PersonStatus.LEFT
    ]


def interest_counts(session: Session, opportunity_ids: list[int]) -> dict[int, int]:
    """How many people (not withdrawn) said they're interested, per opportunity."""
    if not opportunity_ids:
        return {}
    rows = session.execute(
        select(OpportunityInterest.opportunity_id, func.count())
        .where(OpportunityInterest.opportunity_id.in_(opportunity_ids), OpportunityInterest.withdrawn_at.is_(None))
        .group_by(OpportunityInterest.opportunity_id)
    ).all()
    return {int(i): int(n) for i, n in rows}
