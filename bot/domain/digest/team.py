"""What a team digest says: per report dates and counts, and the team's coverage.

Read-only queries that return plain values. Nothing here reads prep answers or item text, except
the titles of the manager's own overdue commitments, and only when the digest goes to their DM.
Per-person values are for the manager's own DM; a channel gets `TeamDigest.counts` (see
bot.domain.digest.counts), and the workspace digest is built in bot.domain.digest.coverage.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.calendar.recurrence import next_occurrence, to_local
from bot.domain.digest.asks import met_intros, open_asks
from bot.domain.digest.counts import MIN_GROUP, MetIntros, OpenAsks, TeamCounts
from bot.domain.digest.coverage import Coverage, coverage, last_held, windows
from bot.domain.items import CLOSED
from bot.domain.people import is_confirmed_report_of, valid_tz
from bot.models import ActionItem, Conversation, ConversationState, OneOnOneSeries, Person

OWN_TITLES_MAX = 10


@dataclass(frozen=True)
class ItemCounts:
    open: int = 0
    overdue: int = 0


@dataclass(frozen=True)
class ReportLine:
    """One confirmed report as the team digest shows them: names, dates and counts only."""

    slack_user_id: str
    name: str
    coverage: Coverage
    next_meeting_at: datetime | None
    prep_shared: bool  # for the next 1:1
    theirs: ItemCounts  # items the report owns
    managers: ItemCounts  # items the manager owns toward this report
    asks: OpenAsks = field(default_factory=OpenAsks)  # the report's asks waiting for the manager's answer


@dataclass(frozen=True)
class OwnCommitment:
    """One of the manager's overdue items; only ever built for a digest in the manager's DM."""

    text: str
    due: date
    report_name: str


@dataclass(frozen=True)
class TeamDigest:
    owner_user_id: str
    owner_name: str
    tz: str
    today: date
    window_days: int
    flag_days: int
    reports: tuple[ReportLine, ...]  # longest without a conversation first
    own_overdue: int
    own_titles: tuple[OwnCommitment, ...]  # empty unless asked for (a DM digest)
    intros: MetIntros | None = None  # the reports' intros that led to a meeting this quarter

    @property
    def covered(self) -> int:
        return sum(r.coverage.covered for r in self.reports)

    @property
    def flagged(self) -> tuple[ReportLine, ...]:
        return tuple(r for r in self.reports if r.coverage.flagged)

    @property
    def counts(self) -> TeamCounts | None:
        """What a channel may see: whole-team counts, or None for a team under `MIN_GROUP` people."""
        if len(self.reports) < MIN_GROUP:
            return None
        scheduled = [r for r in self.reports if r.next_meeting_at is not None]
        return TeamCounts(
            size=len(self.reports),
            covered=self.covered,
            flagged=len(self.flagged),
            scheduled=len(scheduled),
            prep_shared=sum(r.prep_shared for r in scheduled),
            own_overdue=self.own_overdue,
            open_asks=sum(r.asks.count for r in self.reports),
        )


def confirmed_reports(session: Session, *, team_id: str, manager_id: int) -> list[Person]:
    """People who named this manager and whom the manager confirmed; people who left are not counted."""
    return list(
        session.scalars(
            select(Person).where(is_confirmed_report_of(team_id, manager_id)).order_by(Person.display_name, Person.id)
        )
    )


def _longest_first(line: ReportLine) -> tuple[int, int, str]:
    days = line.coverage.days_since
    return (0 if days is None else 1, -(days or 0), line.name.lower())


def team_digest(session: Session, *, owner: Person, now: datetime, with_titles: bool) -> TeamDigest:
    """The team digest for `owner`; `with_titles` adds their overdue item texts (DM digests only)."""
    tz = valid_tz(owner.tz)
    today = to_local(now, tz).date()
    window, flag = windows(session, owner.team_id)
    reports = confirmed_reports(session, team_id=owner.team_id, manager_id=owner.id)
    ids = [r.id for r in reports]
    held = last_held(session, team_id=owner.team_id, employee_ids=ids, now=now)
    next_meetings = _next_meetings(session, team_id=owner.team_id, employee_ids=ids, now=now)
    counts = _item_counts(session, owner=owner, reports=reports, now=now)
    asks = open_asks(session, team_id=owner.team_id, manager_id=owner.id, employee_ids=ids, today=today, tz=tz)
    lines = [
        ReportLine(
            slack_user_id=r.slack_user_id,
            name=r.display_name,
            coverage=coverage(held.get(r.id), today=today, tz=tz, window_days=window, flag_days=flag, since=_since(r)),
            next_meeting_at=next_meetings.get(r.id, (None, False))[0],
            prep_shared=next_meetings.get(r.id, (None, False))[1],
            theirs=counts.get((r.id, r.id), ItemCounts()),
            managers=counts.get((r.id, owner.id), ItemCounts()),
            asks=asks.get(r.id, OpenAsks()),
        )
        for r in reports
    ]
    own_count, titles = _own_overdue(session, owner=owner, today=today, with_titles=with_titles)
    return TeamDigest(
        owner_user_id=owner.slack_user_id,
        owner_name=owner.display_name,
        tz=tz,
        today=today,
        window_days=window,
        flag_days=flag,
        reports=tuple(sorted(lines, key=_longest_first)),
        own_overdue=own_count,
        own_titles=titles,
        intros=met_intros(session, team_id=owner.team_id, employee_ids=ids, today=today, tz=tz, now=now),
    )


def _since(person: Person) -> datetime:
    """When a report's wait for a first conversation starts: joining this manager, else setting up."""
    return person.manager_confirmed_at or person.created_at


def _next_meetings(
    session: Session, *, team_id: str, employee_ids: list[int], now: datetime
) -> dict[int, tuple[datetime | None, bool]]:
    """Each employee's next 1:1 and whether they shared a prep for it (computed, never written)."""
    if not employee_ids:
        return {}
    series_rows = session.scalars(
        select(OneOnOneSeries).where(
            OneOnOneSeries.team_id == team_id,
            OneOnOneSeries.employee_id.in_(employee_ids),
            OneOnOneSeries.active.is_(True),
        )
    ).all()
    shared = {
        (series_id, at)
        for series_id, at in session.execute(
            select(Conversation.series_id, Conversation.scheduled_at).where(
                Conversation.team_id == team_id,
                Conversation.series_id.in_([s.id for s in series_rows]),
                Conversation.state == ConversationState.PLANNED,
                Conversation.scheduled_at > now,
                Conversation.prep_shared_at.is_not(None),
                # Shared with this manager: a share meant for an earlier manager doesn't count.
                Conversation.prep_shared_with_id == Conversation.manager_id,
            )
        )
    }
    found: dict[int, tuple[datetime | None, bool]] = {}
    for series in series_rows:
        upcoming: datetime | None = series.next_meeting_at
        if upcoming is None or upcoming <= now:
            anchor = datetime.fromisoformat(series.anchor_local)
            upcoming = next_occurrence(series.rrule, anchor, series.tz, now)
        found[series.employee_id] = (upcoming, upcoming is not None and (series.id, upcoming) in shared)
    return found


def _local_today(person_tz: str, now: datetime) -> date:
    return to_local(now, valid_tz(person_tz)).date()


def _item_counts(
    session: Session, *, owner: Person, reports: list[Person], now: datetime
) -> dict[tuple[int, int], ItemCounts]:
    """Open and overdue counts keyed by (report id, item owner id), from the report's own conversations.

    Only the report's items and the manager's are counted; overdue means due before the item
    owner's local today. Item text is not selected.
    """
    if not reports:
        return {}
    tz_of = {r.id: r.tz for r in reports} | {owner.id: owner.tz}
    rows = session.execute(
        select(Conversation.employee_id, ActionItem.owner_id, ActionItem.due_date)
        .join(Conversation, Conversation.id == ActionItem.conversation_id)
        .where(
            ActionItem.team_id == owner.team_id,
            Conversation.employee_id.in_([r.id for r in reports]),
            ActionItem.owner_id.in_(list(tz_of)),
            ActionItem.status.not_in(CLOSED),
        )
    )
    opened: dict[tuple[int, int], int] = defaultdict(int)
    late: dict[tuple[int, int], int] = defaultdict(int)
    for employee_id, owner_id, due in rows:
        if owner_id not in (employee_id, owner.id):
            continue  # e.g. an item an earlier manager still owes
        key = (employee_id, owner_id)
        opened[key] += 1
        late[key] += int(due is not None and due < _local_today(tz_of[owner_id], now))
    return {key: ItemCounts(opened[key], late[key]) for key in opened}


def _own_overdue(
    session: Session, *, owner: Person, today: date, with_titles: bool
) -> tuple[int, tuple[OwnCommitment, ...]]:
    """What the manager promised their reports and is late on: a count, and titles if asked."""
    rows = session.execute(
        select(ActionItem.text, ActionItem.due_date, Person.display_name)
        .join(Conversation, Conversation.id == ActionItem.conversation_id)
        .join(Person, Person.id == Conversation.employee_id)
        .where(
            ActionItem.team_id == owner.team_id,
            ActionItem.owner_id == owner.id,
            Conversation.manager_id == owner.id,
            ActionItem.status.not_in(CLOSED),
            ActionItem.due_date < today,
        )
        .order_by(ActionItem.due_date, ActionItem.id)
    ).all()
    if not with_titles:
        return len(rows), ()
    titles = tuple(OwnCommitment(text, due, name) for text, due, name in rows[:OWN_TITLES_MAX] if due is not None)
    return len(rows), titles
