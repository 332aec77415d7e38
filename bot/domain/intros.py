"""Asking for an intro: the employee asks someone who offered help for one kind of it, with only what
they chose to include; the employee may take it back while it waits. The helper's answers and the
"did you meet?" follow-up are in intro_answers and intro_follow_ups."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.calendar.recurrence import to_local, to_utc
from bot.domain.errors import DomainError, InvalidInput, NotAllowed, NotFound
from bot.domain.intro_prep import compose_message
from bot.domain.outbox import enqueue, notice
from bot.domain.outbox_payloads import IntroRef, Notice
from bot.domain.people import find_person, valid_tz
from bot.models import DeliveryKind, HelpOffer, Intro, IntroState, OfferKind, Person, PersonStatus

NOTE_MAX = 1500
# "Did you meet?" comes this long after acceptance (and once more this long after a "not yet").
FOLLOW_UP_AFTER = timedelta(days=14)
# Field names shared with the intro form; the edge maps them to block ids.
F_KIND = "kind"
F_NOTE = "note"

# Intros that count against a helper's monthly capacity, and that block asking the same person again.
LIVE_STATES = (IntroState.REQUESTED, IntroState.ACCEPTED)

KIND_LABELS: dict[str, str] = {
    OfferKind.INFORMATIONAL_INTERVIEW: "an informational interview",
    OfferKind.MENTORING: "mentoring",
    OfferKind.SHADOWING: "shadowing them for a day",
    OfferKind.PLAN_REVIEW: "a review of their development plan",
}


class AtCapacity(DomainError):
    """The helper has as many intros this month as they offered."""


def kind_label(kind: str) -> str:
    """How a kind of help reads in a sentence ("… asked you for mentoring")."""
    return KIND_LABELS.get(kind, kind.replace("_", " "))


def month_start(now: datetime, tz: str) -> datetime:
    """The first instant of the month `now` falls in, in the zone `tz`, as UTC."""
    local = to_local(now, valid_tz(tz))
    return to_utc(local.replace(day=1, hour=0, minute=0, second=0, microsecond=0, tzinfo=None), valid_tz(tz))


def intros_this_month(session: Session, helper: Person, *, now: datetime) -> int:
    """Intros asked of the helper this month (their month) that are waiting or were accepted."""
    counted = session.scalar(
        select(func.count(Intro.id)).where(
            Intro.team_id == helper.team_id,
            Intro.helper_id == helper.id,
            Intro.state.in_(LIVE_STATES),
            Intro.requested_at >= month_start(now, helper.tz),
        )
    )
    return int(counted or 0)


def open_offer(session: Session, *, team_id: str, helper_id: int, lock: bool = False) -> HelpOffer | None:
    """The helper's offer, if it is open; `lock` holds its row until commit, so two requests made at the same
    moment count the helper's month one after the other (on PostgreSQL) and cannot both take the last place."""
    query = select(HelpOffer).where(HelpOffer.team_id == team_id, HelpOffer.person_id == helper_id, HelpOffer.open)
    return session.scalar(query.with_for_update() if lock else query)


def _helper(session: Session, *, team_id: str, helper_id: int, employee: Person, kind: str, now: datetime) -> Person:
    """The helper, if they can be asked for this kind of help now; else a clear refusal."""
    helper = session.get(Person, helper_id)
    if helper is None or helper.team_id != team_id or helper.status is PersonStatus.LEFT:
        raise NotFound("I can't find that person any more, so I can't introduce you.")
    if helper.id == employee.id:
        raise NotAllowed("That's your own offer of help: pick someone else to learn from.")
    offer = open_offer(session, team_id=team_id, helper_id=helper.id, lock=True)
    if offer is None or kind not in offer.kinds:
        raise NotFound(
            f"{helper.display_name or 'They'} isn't offering {kind_label(kind)} right now, so I can't ask them for it."
        )
    if intros_this_month(session, helper, now=now) >= offer.capacity_per_month:
        raise AtCapacity(
            f"{helper.display_name or 'They'} already has as many conversations this month as they offered. "
            "Try someone else, or ask them again next month."
        )
    return helper


def _refuse_repeat(session: Session, *, team_id: str, employee: Person, helper: Person, kind: str) -> None:
    earlier = session.scalar(
        select(Intro).where(
            Intro.team_id == team_id,
            Intro.employee_id == employee.id,
            Intro.helper_id == helper.id,
            Intro.kind == kind,
            Intro.state.in_(LIVE_STATES),
        )
    )
    if earlier is None:
        return
    if earlier.state is IntroState.REQUESTED:
        raise NotAllowed(f"You already asked {helper.display_name or 'them'} for this; they haven't answered yet.")
    raise NotAllowed(
        f"{helper.display_name or 'They'} already accepted an intro with you for {kind_label(kind)}: "
        "carry on in your group DM with them."
    )


def validate_intro(*, kind: str, note: str) -> dict[str, str]:
    """Field errors for the intro form; empty when it can be sent."""
    errors: dict[str, str] = {}
    if kind not in set(OfferKind):
        errors[F_KIND] = "Pick what kind of help you're asking for."
    if len(note.strip()) > NOTE_MAX:
        errors[F_NOTE] = f"Keep the message to {NOTE_MAX} characters (this one has {len(note.strip())})."
    return errors


def request_intro(
    session: Session,
    *,
    team_id: str,
    employee_slack_id: str,
    helper_id: int,
    kind: str,
    note: str,
    include: Iterable[str] = (),
    ask_id: int | None = None,
    reasons: str | None = None,
    now: datetime,
) -> Intro:
    """Ask the helper for an intro. Only `note` and the prep parts named in `include` reach them."""
    errors = validate_intro(kind=kind, note=note)
    if errors:
        raise InvalidInput(errors)
    employee = find_person(session, team_id=team_id, slack_user_id=employee_slack_id)
    if employee is None:
        raise NotFound("Set up Career Prep first (`/career-prep`), then ask for an intro.")
    helper = _helper(session, team_id=team_id, helper_id=helper_id, employee=employee, kind=kind, now=now)
    _refuse_repeat(session, team_id=team_id, employee=employee, helper=helper, kind=kind)
    message, ask_id = compose_message(session, employee=employee, note=note, include=include, ask_id=ask_id)
    intro = Intro(
        team_id=team_id,
        employee_id=employee.id,
        helper_id=helper.id,
        kind=kind,
        message=message,
        reasons=(reasons or "").strip() or None,
        ask_id=ask_id,
        state=IntroState.REQUESTED,
        requested_at=now,
        created_at=now,
        updated_at=now,
    )
    session.add(intro)
    session.flush()
    ref = IntroRef(intro.id)
    key = f"intro_request:{intro.id}"
    enqueue(
        session,
        team_id=team_id,
        kind=DeliveryKind.INTRO_REQUEST,
        key=key,
        due_at=now,
        now=now,
        recipient=helper,
        payload=ref,
    )
    notice(
        session, recipient=employee, template=Notice.INTRO_SENT, payload=ref, key=str(intro.id), now=now, immediate=True
    )
    return intro


def load_intro(session: Session, *, team_id: str, intro_id: int) -> Intro:
    """The intro, locked (on PostgreSQL) so that two answers can't both win."""
    intro = session.scalar(select(Intro).where(Intro.team_id == team_id, Intro.id == intro_id).with_for_update())
    if intro is None:
        raise NotFound("This intro is no longer here: one of you deleted their Career Prep data.")
    return intro


def side_of(session: Session, intro: Intro, slack_user_id: str) -> str | None:
    """ "employee" or "helper" for one of the two people in the intro; None for anyone else."""
    for side, person_id in (("employee", intro.employee_id), ("helper", intro.helper_id)):
        person = session.get(Person, person_id) if person_id is not None else None
        if person is not None and person.slack_user_id == slack_user_id:
            return side
    return None


def cancel_intro(session: Session, *, team_id: str, intro_id: int, actor_slack_id: str, now: datetime) -> Intro:
    """The employee takes back a request the helper hasn't answered; the helper's buttons then say so."""
    intro = load_intro(session, team_id=team_id, intro_id=intro_id)
    if side_of(session, intro, actor_slack_id) != "employee":
        raise NotAllowed("Only the person who asked for this intro can take it back.")
    if intro.state is not IntroState.REQUESTED:
        raise NotFound("This intro was already answered or taken back, so there's nothing to take back.")
    intro.state = IntroState.CANCELLED
    intro.answered_at = now
    intro.updated_at = now
    return intro
