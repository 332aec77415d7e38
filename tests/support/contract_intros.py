"""Intros in the world of the HTTP contract test: Priya and Kai offer help; three intros Ana asked for were
accepted weeks ago (their "did you meet?" questions are out), three wait for the helpers' answers, and Ana
has the intro form open for one more."""

from __future__ import annotations

from datetime import datetime

from bot.db import SessionFactory
from bot.domain.intro_answers import accept_intro
from bot.domain.intros import request_intro
from bot.models import OfferKind
from tests.support.fake_slack import FakeSlack
from tests.support.intro_flow import person_id, seed_offer, start_value

ANA, PRIYA, KAI = "UANA", "UPRIYA", "UKAI"
ALL_KINDS = tuple(OfferKind)
ACCEPTED = ((PRIYA, OfferKind.MENTORING), (KAI, OfferKind.MENTORING), (PRIYA, OfferKind.PLAN_REVIEW))
WAITING = (
    (PRIYA, OfferKind.INFORMATIONAL_INTERVIEW),
    (KAI, OfferKind.INFORMATIONAL_INTERVIEW),
    (KAI, OfferKind.SHADOWING),
)
FORM_FOR = (PRIYA, OfferKind.SHADOWING)  # the form Ana has open: nothing live with Priya for this yet


def _ask(sessions: SessionFactory, helper: str, kind: str, now: datetime, *, accept: bool) -> None:
    helper_id = person_id(sessions, helper)
    with sessions.begin() as session:
        intro = request_intro(
            session, team_id="T0001", employee_slack_id=ANA, helper_id=helper_id, kind=kind, note="Hi!", now=now
        )
        if accept:
            accept_intro(session, team_id="T0001", intro_id=intro.id, actor_slack_id=helper, now=now)


def offers_and_accepted_intros(sessions: SessionFactory, fake_slack: FakeSlack, now: datetime) -> None:
    """At the start of the world: the offers, and the intros accepted then (followed up two weeks later)."""
    for user, name, tz in ((PRIYA, "Priya Rao", "Europe/London"), (KAI, "Kai Turner", "Europe/Paris")):
        seed_offer(sessions, fake_slack, user, name=name, tz=tz, now=now, kinds=ALL_KINDS, capacity=10)
    for helper, kind in ACCEPTED:
        _ask(sessions, helper, kind, now, accept=True)


def waiting_intros(sessions: SessionFactory, now: datetime) -> str:
    """On the contract's day: the intros waiting for an answer; returns the "Ask for an intro" value of
    the one Ana's form is for."""
    for helper, kind in WAITING:
        _ask(sessions, helper, kind, now, accept=False)
    helper, kind = FORM_FOR
    return start_value(person_id(sessions, helper), kind)
