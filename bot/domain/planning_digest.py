"""What the team-planning digest holds, read when it is sent: per report, only what they shared with this
manager (paths and skills to build from their latest shared prep, their asks to the manager still open);
reports who shared nothing are only counted. Unshared prep is never read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.calendar.recurrence import to_local
from bot.domain.digest.team import confirmed_reports
from bot.domain.outbox_payloads import PlanningDigestRef, decode
from bot.domain.people import valid_tz
from bot.domain.prep_answers import PrepAnswers
from bot.domain.prep_share import manager_may_see
from bot.models import Ask, AskState, Conversation, Delivery, Person, PersonStatus, TeamPlanning

STILL_OPEN = (AskState.OPEN, AskState.NOT_NOW)


@dataclass(frozen=True)
class OpenAsk:
    """An ask the report made of this manager that is still open (or answered "not now")."""

    kind: str
    detail: str
    not_now: bool


@dataclass(frozen=True)
class ReportInterests:
    """What one report shared with this manager that bears on staffing."""

    slack_user_id: str
    paths: str
    grow_skills: str
    asks: tuple[OpenAsk, ...]


@dataclass(frozen=True)
class PlanningDigest:
    planning_on: date
    quarterly: bool
    shared: tuple[ReportInterests, ...]
    not_shared: int  # reports who shared none of it with this manager: a count, never names


def team_interests(session: Session, *, manager: Person, planning_on: date, quarterly: bool) -> PlanningDigest:
    """The digest for `manager`'s confirmed reports (three queries, whatever the size of the team)."""
    reports = confirmed_reports(session, team_id=manager.team_id, manager_id=manager.id)
    latest = _latest_shares(session, manager, {r.id: r for r in reports})
    asks = _open_asks(session, manager, [r.id for r in reports])
    shared = []
    for report in reports:
        share = latest.get(report.id)
        answers = PrepAnswers.from_json(share.shared_prep if share is not None else None).normalised()
        found = ReportInterests(report.slack_user_id, answers.paths, answers.grow_skills, asks.get(report.id, ()))
        if found.paths or found.grow_skills or found.asks:
            shared.append(found)
    return PlanningDigest(planning_on, quarterly, tuple(shared), len(reports) - len(shared))


def _latest_shares(session: Session, manager: Person, reports: dict[int, Person]) -> dict[int, Conversation]:
    """Each report's newest prep shared with this manager that the manager may see."""
    latest: dict[int, Conversation] = {}
    for conversation in session.scalars(
        select(Conversation)
        .where(
            Conversation.team_id == manager.team_id,
            Conversation.manager_id == manager.id,
            Conversation.employee_id.in_(list(reports)),
            Conversation.prep_shared_with_id == manager.id,
            Conversation.prep_shared_at.is_not(None),
        )
        .order_by(Conversation.scheduled_at, Conversation.id)
    ):
        if manager_may_see(conversation, reports[conversation.employee_id]):
            latest[conversation.employee_id] = conversation  # the newest share wins
    return latest


def _open_asks(session: Session, manager: Person, report_ids: list[int]) -> dict[int, tuple[OpenAsk, ...]]:
    """Each report's asks to this manager that are open or answered "not now", oldest first."""
    asks: dict[int, list[OpenAsk]] = {}
    for ask in session.scalars(
        select(Ask)
        .where(
            Ask.team_id == manager.team_id,
            Ask.asked_id == manager.id,
            Ask.employee_id.in_(report_ids),
            Ask.state.in_(STILL_OPEN),
            Ask.opened_at.is_not(None),
        )
        .order_by(Ask.opened_at, Ask.id)
    ):
        asks.setdefault(ask.employee_id, []).append(OpenAsk(ask.kind, ask.detail, ask.state is AskState.NOT_NOW))
    return {employee_id: tuple(found) for employee_id, found in asks.items()}


def digest_to_send(session: Session, delivery: Delivery, now: datetime) -> PlanningDigest | str:
    """The digest a queued delivery stands for, as of now; or why it should no longer go (held back by
    a pause until after the planning day, it would only be noise)."""
    ref = decode(PlanningDigestRef, delivery.payload)
    manager = session.get(Person, ref.manager_id)
    if manager is None or manager.id != delivery.recipient_id or manager.team_id != delivery.team_id:
        return "the manager is no longer known"
    if manager.status is PersonStatus.LEFT:
        return "the manager has left"
    planning = session.scalar(
        select(TeamPlanning).where(TeamPlanning.team_id == manager.team_id, TeamPlanning.manager_id == manager.id)
    )
    if planning is None:
        return "team planning was turned off"
    if planning.planning_on != ref.planning_on:
        return "the planning date changed"
    if to_local(now, valid_tz(manager.tz)).date() >= ref.planning_on:
        return "the planning day has come"
    digest = team_interests(session, manager=manager, planning_on=ref.planning_on, quarterly=planning.quarterly)
    if not digest.shared and not digest.not_shared:
        return "the manager has no confirmed reports now"
    return digest
