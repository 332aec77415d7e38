"""Intro messages: the helper's DM, the group DM's opener, "did you meet?", and the employee's notices."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.intro_records import follow_up_sent, opener_sent
from bot.domain.outbox_payloads import IntroDeclined, IntroFollowUp, IntroRef, Notice, decode
from bot.domain.people import slack_id_of
from bot.models import Delivery, DeliveryKind, Intro, IntroState
from bot.slack.blocks import intros as blocks
from bot.slack.outbound.outcomes import GroupRendered, Outcome, Registry, Rendered, Skip
from bot.slack.values import IntroStart


def _intro(session: Session, delivery: Delivery, intro_id: int) -> Intro | None:
    intro = session.get(Intro, intro_id)
    return intro if intro is not None and intro.team_id == delivery.team_id else None


def helper_request(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """The helper's DM with Accept / Not now; pointless once answered or taken back."""
    intro = _intro(session, delivery, decode(IntroRef, delivery.payload).intro_id)
    if intro is None or intro.state is not IntroState.REQUESTED or intro.helper_id != delivery.recipient_id:
        return Skip("the intro was answered or taken back before this was sent")
    return Rendered(
        blocks.helper_request(
            intro_id=intro.id,
            employee_user_id=slack_id_of(session, intro.employee_id),
            kind=intro.kind,
            message=intro.message,
        )
    )


def opener(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """The first line in the group DM of the two of them (opened by the relay)."""
    intro = _intro(session, delivery, decode(IntroRef, delivery.payload).intro_id)
    employee, helper = (
        (slack_id_of(session, intro.employee_id), slack_id_of(session, intro.helper_id)) if intro else (None, None)
    )
    if intro is None or intro.state is not IntroState.ACCEPTED or employee is None or helper is None:
        return Skip("the intro is no longer between the two of them")
    message = blocks.opener(employee_user_id=employee, helper_user_id=helper, kind=intro.kind)
    return GroupRendered(message, group_with=(employee, helper))


def follow_up(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """ "Did you meet?" unless one of them already answered this round."""
    payload = decode(IntroFollowUp, delivery.payload)
    intro = _intro(session, delivery, payload.intro_id)
    if intro is None or intro.state is not IntroState.ACCEPTED or intro.follow_up_round != payload.round:
        return Skip("the intro's follow-up was answered or is no longer current")
    if intro.follow_up_due_at is None or delivery.recipient_id not in (intro.employee_id, intro.helper_id):
        return Skip("one of them already answered")
    other_id = intro.helper_id if delivery.recipient_id == intro.employee_id else intro.employee_id
    return Rendered(
        blocks.follow_up(
            intro_id=intro.id, round_=payload.round, other_user_id=slack_id_of(session, other_id), kind=intro.kind
        )
    )


def intro_sent(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    intro = _intro(session, delivery, decode(IntroRef, delivery.payload).intro_id)
    if intro is None or intro.state is not IntroState.REQUESTED:
        return Skip("the intro was answered or taken back before this was sent")
    return Rendered(
        blocks.intro_sent(intro_id=intro.id, helper_user_id=slack_id_of(session, intro.helper_id), kind=intro.kind)
    )


def intro_declined(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """The employee is told kindly, with the next person to ask if there is one."""
    payload = decode(IntroDeclined, delivery.payload)
    intro = _intro(session, delivery, payload.intro_id)
    if intro is None or intro.state is not IntroState.DECLINED or intro.employee_id != delivery.recipient_id:
        return Skip("the intro is no longer declined")
    suggested = slack_id_of(session, payload.suggested_id or None)
    suggestion = None
    if suggested is not None:
        start = IntroStart(
            helper_id=payload.suggested_id, kind=intro.kind, ask_id=intro.ask_id, reasons=payload.reasons or None
        )
        suggestion = (suggested, start)
    return Rendered(
        blocks.intro_declined(
            helper_user_id=slack_id_of(session, intro.helper_id), kind=intro.kind, suggestion=suggestion
        )
    )


REGISTRY = Registry(
    kinds={
        DeliveryKind.INTRO_REQUEST: helper_request,
        DeliveryKind.INTRO_OPENER: opener,
        DeliveryKind.INTRO_FOLLOW_UP: follow_up,
    },
    notices={Notice.INTRO_SENT: intro_sent, Notice.INTRO_DECLINED: intro_declined},
    after_sent={DeliveryKind.INTRO_OPENER: opener_sent, DeliveryKind.INTRO_FOLLOW_UP: follow_up_sent},
)
