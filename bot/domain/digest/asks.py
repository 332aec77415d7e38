"""What digests say about asks and intros: counts and ages only, never what anyone asked for or said.

Per report (the manager's own DM): how many asks wait for the manager's answer and the oldest one's age.
Per manager (workspace digest): the share of asks answered within 30 days of being asked, over a stated
window, shown only for `MIN_GROUP` asks or more. Intros that led to a meeting this quarter, per kind, each
count shown only when it is about `MIN_GROUP` people or more (whoever reads it).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.calendar.recurrence import to_local
from bot.domain.digest.counts import AnswerShare, KindCount, MetIntros, OpenAsks
from bot.models import Ask, AskState, Intro, IntroOutcome

# An ask counts as answered in time when it got an answer within this long of being asked.
ANSWER_WITHIN = timedelta(days=30)
# The asks the workspace digest judges: opened in the 90 days before the last 30 (each has had its 30 days).
ANSWER_WINDOW = timedelta(days=90)
ANSWERED = (AskState.YES, AskState.NOT_NOW, AskState.REDIRECTED)


def open_asks(
    session: Session, *, team_id: str, manager_id: int, employee_ids: list[int], today: date, tz: str
) -> dict[int, OpenAsks]:
    """Per report, the open asks waiting for this manager's answer: how many, and the oldest's age in days."""
    if not employee_ids:
        return {}
    rows = session.execute(
        select(Ask.employee_id, func.count(), func.min(Ask.opened_at))
        .where(
            Ask.team_id == team_id,
            Ask.asked_id == manager_id,
            Ask.state == AskState.OPEN,
            Ask.employee_id.in_(employee_ids),
        )
        .group_by(Ask.employee_id)
    )
    return {
        employee_id: OpenAsks(count, None if oldest is None else (today - to_local(oldest, tz).date()).days)
        for employee_id, count, oldest in rows
    }


def answer_shares(session: Session, *, team_id: str, now: datetime) -> dict[int, AnswerShare]:
    """Per person asked, the asks opened in the window and how many were answered within 30 days.

    Asks taken back by the employee are not counted; neither are redirects still waiting for consent."""
    until = now - ANSWER_WITHIN
    rows = session.execute(
        select(Ask.asked_id, Ask.employee_id, Ask.opened_at, Ask.answered_at, Ask.state).where(
            Ask.team_id == team_id,
            Ask.opened_at > until - ANSWER_WINDOW,
            Ask.opened_at <= until,
            Ask.state.not_in([AskState.WITHDRAWN, AskState.PROPOSED]),
        )
    )
    asked: dict[int, int] = defaultdict(int)
    in_time: dict[int, int] = defaultdict(int)
    askers: dict[int, set[int]] = defaultdict(set)
    for asked_id, employee_id, opened_at, answered_at, state in rows:
        asked[asked_id] += 1
        askers[asked_id].add(employee_id)
        if state in ANSWERED and answered_at is not None and opened_at is not None:
            in_time[asked_id] += int(answered_at - opened_at <= ANSWER_WITHIN)
    return {p: AnswerShare(asked[p], in_time[p], len(askers[p])) for p in asked}


def quarter_start(today: date) -> date:
    return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)


def met_intros(
    session: Session, *, team_id: str, employee_ids: list[int] | None, today: date, tz: str, now: datetime
) -> MetIntros:
    """Intros marked met this quarter (in `tz`), per kind; `employee_ids` None counts the whole workspace."""
    since = quarter_start(today)
    start = datetime.combine(since, time(0), ZoneInfo(tz))
    if employee_ids is not None and not employee_ids:
        return MetIntros(since)
    query = (
        select(Intro.kind, func.count(), func.count(Intro.employee_id.distinct()))
        .where(
            Intro.team_id == team_id,
            Intro.outcome == IntroOutcome.MET,
            Intro.outcome_at >= start,
            Intro.outcome_at <= now,
            Intro.employee_id.is_not(None),
        )
        .group_by(Intro.kind)
    )
    if employee_ids is not None:
        query = query.where(Intro.employee_id.in_(employee_ids))
    kinds = sorted((KindCount(kind, count, people) for kind, count, people in session.execute(query)), key=_most_first)
    return MetIntros(since, tuple(kinds))


def _most_first(k: KindCount) -> tuple[int, str]:
    return (-k.count, k.kind)
