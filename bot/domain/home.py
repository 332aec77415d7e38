"""What a person's App Home shows: their next 1:1 and its prep, open items, past conversations, and
for a manager their team. Read-only: nothing here writes, so publishing a Home never changes data."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.calendar.recurrence import next_occurrence, to_local
from bot.domain.ask_views import MyAsks, my_asks
from bot.domain.conversations import ends_at, series_for
from bot.domain.digest.team import ReportLine, team_digest
from bot.domain.help_home import HelpSummary, help_summary
from bot.domain.intro_records import met_counts
from bot.domain.item_views import ItemCard, items_board
from bot.domain.latest_prep import latest_prep
from bot.domain.opportunity_matching import Match, match_opportunities
from bot.domain.people import find_person, person_by_id, valid_tz
from bot.domain.planning import PlanningNote, planning_note
from bot.domain.prep_answers import PrepAnswers
from bot.domain.prep_share import shared_with_manager
from bot.models import ActionItem, Conversation, ConversationState, Invitation, InvitationState, OneOnOneSeries, Person
from bot.models.person import DEFAULT_TZ

HISTORY_SHOWN = 5


class PrepProgress(StrEnum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"  # answers saved, not shared
    SHARED = "shared"


@dataclass(frozen=True)
class PastConversation:
    """A conversation that has taken place (or was due to): PLANNED means no recap was recorded."""

    at: datetime
    state: ConversationState
    items: int


@dataclass(frozen=True)
class TeamSummary:
    """A manager's view of their confirmed reports: dates and counts, never a report's notes."""

    reports: tuple[ReportLine, ...]  # longest without a conversation first
    flag_days: int
    commitments: tuple[ItemCard, ...]  # the manager's own open items toward their reports
    invitations_waiting: int  # sent, not yet answered


@dataclass(frozen=True)
class HomeSummary:
    """One person's Home; defaults describe someone the bot does not know yet."""

    tz: str
    manager_user_id: str | None = None
    manager_confirmed: bool = False
    next_meeting_at: datetime | None = None
    prep: PrepProgress = PrepProgress.NOT_STARTED
    prep_shared_at: datetime | None = None
    today: date | None = None  # the viewer's local date, which decides what is overdue
    owned: tuple[ItemCard, ...] = ()
    owed_to_me: tuple[ItemCard, ...] = ()
    history: tuple[PastConversation, ...] = ()
    history_total: int = 0
    team: TeamSummary | None = None
    met_intros: tuple[tuple[str, int], ...] = ()  # (kind of help, intros that led to a meeting), as asked
    helping: HelpSummary | None = None
    asks: MyAsks = field(default_factory=lambda: MyAsks((), ()))  # asks waiting on me, and my own asks
    planning: PlanningNote | None = None  # my manager's next team-planning date
    now: datetime | None = None
    opportunities: tuple[Match, ...] = ()  # open ones matching the latest prep

    @property
    def set_up(self) -> bool:
        return self.manager_user_id is not None and self.next_meeting_at is not None


def home_summary(
    session: Session, *, team_id: str, slack_user_id: str, now: datetime, history_shown: int = HISTORY_SHOWN
) -> HomeSummary:
    """Everything the person's Home shows, as of `now`."""
    person = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    if person is None:
        return HomeSummary(tz=DEFAULT_TZ)
    tz = valid_tz(person.tz)
    board = items_board(session, team_id=team_id, slack_user_id=slack_user_id)
    history, total = past_conversations(session, person=person, now=now, limit=history_shown)
    answers = latest_prep(session, person=person)  # read once: suggestions and opportunity matches
    summary = HomeSummary(
        tz=tz,
        today=to_local(now, tz).date(),
        owned=board.owned,
        owed_to_me=board.owed_to_me,
        history=history,
        history_total=total,
        team=team_summary(session, manager=person, commitments=board.owned, now=now),
        met_intros=tuple(sorted(met_counts(session, team_id=team_id, employee_id=person.id).items())),
        helping=help_summary(session, person=person, answers=answers, now=now),
        asks=my_asks(session, team_id=team_id, slack_user_id=slack_user_id),
        planning=planning_note(session, person=person, now=now),
        now=now,
        opportunities=match_opportunities(session, person=person, answers=answers, now=now),
    )
    series = series_for(session, team_id=team_id, employee=person)
    if series is None or not series.active:
        return summary
    at, conversation = next_conversation(session, series=series, now=now)
    return _with_next(summary, person_by_id(session, series.manager_id), person, at, conversation)


def _with_next(
    summary: HomeSummary, manager: Person, person: Person, at: datetime | None, upcoming: Conversation | None
) -> HomeSummary:
    prep = PrepProgress.NOT_STARTED
    shared = upcoming is not None and shared_with_manager(upcoming)
    if shared:
        prep = PrepProgress.SHARED
    elif upcoming is not None and not PrepAnswers.from_json(upcoming.prep).is_empty():
        prep = PrepProgress.DRAFT
    return replace(
        summary,
        manager_user_id=manager.slack_user_id,
        manager_confirmed=person.manager_confirmed,
        next_meeting_at=at,
        prep=prep,
        prep_shared_at=upcoming.prep_shared_at if upcoming is not None and shared else None,
    )


def next_conversation(
    session: Session, *, series: OneOnOneSeries, now: datetime
) -> tuple[datetime | None, Conversation | None]:
    """When the next 1:1 is and its planned conversation if one exists: what `/career-prep prep`
    would open, found without creating anything."""
    planned = session.scalar(
        select(Conversation)
        .where(
            Conversation.series_id == series.id,
            Conversation.state == ConversationState.PLANNED,
            Conversation.recap_submitted_at.is_(None),
        )
        .order_by(Conversation.scheduled_at.desc())
        .limit(1)
    )
    if planned is not None and ends_at(planned) > now:
        return planned.scheduled_at, planned
    if series.next_meeting_at > now:
        return series.next_meeting_at, None
    anchor = datetime.fromisoformat(series.anchor_local)
    return next_occurrence(series.rrule, anchor, series.tz, now), None


def past_conversations(
    session: Session, *, person: Person, now: datetime, limit: int
) -> tuple[tuple[PastConversation, ...], int]:
    """The person's latest conversations as an employee, newest first, and how many there are."""
    past = (
        Conversation.team_id == person.team_id,
        Conversation.employee_id == person.id,
        or_(Conversation.state != ConversationState.PLANNED, Conversation.scheduled_at <= now),
        Conversation.state != ConversationState.MOVED,
    )
    total = session.scalar(select(func.count()).select_from(Conversation).where(*past)) or 0
    rows = session.execute(
        select(Conversation.scheduled_at, Conversation.state, func.count(ActionItem.id))
        .outerjoin(ActionItem, ActionItem.conversation_id == Conversation.id)
        .where(*past)
        .group_by(Conversation.id, Conversation.scheduled_at, Conversation.state)
        .order_by(Conversation.scheduled_at.desc())
        .limit(limit)
    ).all()
    return tuple(PastConversation(at, state, items) for at, state, items in rows), total


def team_summary(
    session: Session, *, manager: Person, commitments: tuple[ItemCard, ...], now: datetime
) -> TeamSummary | None:
    """The team part of a manager's Home; None for someone with no reports and no invitations out."""
    waiting = (
        session.scalar(
            select(func.count())
            .select_from(Invitation)
            .where(
                Invitation.team_id == manager.team_id,
                Invitation.manager_id == manager.id,
                Invitation.state == InvitationState.PENDING,
            )
        )
        or 0
    )
    digest = team_digest(session, owner=manager, now=now, with_titles=False)
    if not digest.reports and not waiting:
        return None
    reports = {r.slack_user_id for r in digest.reports}
    return TeamSummary(
        reports=digest.reports,
        flag_days=digest.flag_days,
        commitments=tuple(c for c in commitments if c.counterpart_user_id in reports),
        invitations_waiting=waiting,
    )


@dataclass(frozen=True)
class History:
    """A person's past conversations for a longer list than the Home's, in their time zone."""

    tz: str
    entries: tuple[PastConversation, ...]
    total: int


def conversation_history(session: Session, *, team_id: str, slack_user_id: str, now: datetime, limit: int) -> History:
    person = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    if person is None:
        return History(DEFAULT_TZ, (), 0)
    entries, total = past_conversations(session, person=person, now=now, limit=limit)
    return History(valid_tz(person.tz), entries, total)
