"""Digest figures about asks and intros against a real database: open asks per report (count and oldest
age, never text), the share of asks answered within 30 days per manager, and intros that led to a meeting
this quarter, each hidden when it is about fewer than 5 (asks or people): 4 hidden, 5 shown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from bot.domain.digest.asks import quarter_start
from bot.domain.digest.counts import AnswerShare, OpenAsks
from bot.domain.digest.coverage import org_digest
from bot.domain.digest.team import team_digest
from bot.models import Ask, AskState, Intro, IntroOutcome, IntroState, Person, Workspace

TEAM = "T0001"
NY = "America/New_York"
NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # Monday 09:00 in New York
SECRET = "SECRET-ASK: lead the platform migration"


class People:
    def __init__(self, db: Session) -> None:
        self.db = db
        db.add(Workspace(team_id=TEAM, created_at=NOW, updated_at=NOW))
        db.flush()
        self._n = 0

    def person(self, name: str, manager: Person | None = None) -> Person:
        self._n += 1
        since = NOW - timedelta(days=365)
        person = Person(
            team_id=TEAM,
            slack_user_id=f"U{name.upper()}{self._n}",
            display_name=name,
            tz=NY,
            manager_id=manager.id if manager else None,
            manager_confirmed=manager is not None,
            manager_confirmed_at=since if manager else None,
            created_at=since,
            updated_at=NOW,
        )
        self.db.add(person)
        self.db.flush()
        return person

    def team(self, manager: str, size: int) -> tuple[Person, list[Person]]:
        boss = self.person(manager)
        return boss, [self.person(f"{manager}report{i}", boss) for i in range(size)]

    def ask(
        self,
        employee: Person,
        asked: Person,
        *,
        opened_days_ago: float,
        state: AskState = AskState.OPEN,
        answered_after_days: float | None = None,
    ) -> Ask:
        opened = NOW - timedelta(days=opened_days_ago)
        answered = opened + timedelta(days=answered_after_days) if answered_after_days is not None else None
        ask = Ask(
            team_id=TEAM,
            employee_id=employee.id,
            asked_id=asked.id,
            kind="mentor",
            detail=SECRET,
            state=state,
            opened_at=opened if state is not AskState.PROPOSED else None,
            answered_at=answered,
            answer_text="SECRET-ANSWER" if answered else None,
            created_at=opened,
            updated_at=NOW,
        )
        self.db.add(ask)
        self.db.flush()
        return ask

    def met(self, employee: Person, helper: Person, kind: str, *, at: datetime) -> Intro:
        intro = Intro(
            team_id=TEAM,
            employee_id=employee.id,
            helper_id=helper.id,
            kind=kind,
            state=IntroState.ACCEPTED,
            requested_at=at - timedelta(days=20),
            answered_at=at - timedelta(days=19),
            outcome=IntroOutcome.MET,
            outcome_at=at,
            created_at=at,
            updated_at=at,
        )
        self.db.add(intro)
        self.db.flush()
        return intro


@pytest.fixture
def people(db: Session) -> People:
    return People(db)


def test_each_report_shows_their_open_asks_to_the_manager_and_the_oldest_age(people: People, db: Session) -> None:
    mira, (ana, leo, kai) = people.team("mira", 3)
    someone_else = people.person("other")
    people.ask(ana, mira, opened_days_ago=40)
    people.ask(ana, mira, opened_days_ago=3)
    people.ask(ana, mira, opened_days_ago=90, state=AskState.YES, answered_after_days=5)  # answered
    people.ask(ana, mira, opened_days_ago=90, state=AskState.WITHDRAWN)
    people.ask(leo, someone_else, opened_days_ago=50)  # asked of someone else: not Mira's to answer
    people.ask(kai, mira, opened_days_ago=0.1)

    digest = team_digest(db, owner=mira, now=NOW, with_titles=False)

    by_name = {r.name: r.asks for r in digest.reports}
    assert by_name == {"mirareport0": OpenAsks(2, 40), "mirareport1": OpenAsks(), "mirareport2": OpenAsks(1, 0)}
    assert SECRET not in repr(digest)


def test_a_channel_gets_the_teams_open_asks_as_one_count_for_five_or_more(people: People, db: Session) -> None:
    mira, reports = people.team("mira", 5)
    for report in reports[:3]:
        people.ask(report, mira, opened_days_ago=12)

    counts = team_digest(db, owner=mira, now=NOW, with_titles=False).counts

    assert counts is not None
    assert counts.open_asks == 3


def test_the_share_answered_within_30_days_counts_the_window_only(people: People, db: Session) -> None:
    mira, reports = people.team("mira", 5)
    ana = reports[0]
    people.ask(ana, mira, opened_days_ago=40, state=AskState.YES, answered_after_days=2)
    people.ask(ana, mira, opened_days_ago=50, state=AskState.NOT_NOW, answered_after_days=30)  # just in time
    people.ask(ana, mira, opened_days_ago=60, state=AskState.REDIRECTED, answered_after_days=10)
    people.ask(ana, mira, opened_days_ago=70, state=AskState.YES, answered_after_days=31)  # late
    people.ask(ana, mira, opened_days_ago=100)  # still open: not answered in time
    people.ask(ana, mira, opened_days_ago=80, state=AskState.WITHDRAWN)  # taken back: not counted
    people.ask(ana, mira, opened_days_ago=20, state=AskState.YES, answered_after_days=1)  # too recent to judge
    people.ask(ana, mira, opened_days_ago=121)  # before the window

    [line] = org_digest(db, team_id=TEAM, tz=NY, now=NOW).managers

    assert line.asks == AnswerShare(asked=5, in_time=3, people=1)
    assert not line.asks.shown  # five asks, but all from Ana: a figure about one person


@pytest.mark.parametrize(("askers", "shown"), [(4, False), (5, True)])
def test_a_share_of_asks_from_fewer_than_five_people_is_not_shown(
    people: People, db: Session, askers: int, shown: bool
) -> None:
    mira, reports = people.team("mira", 5)
    for n in range(8):
        people.ask(reports[n % askers], mira, opened_days_ago=45, state=AskState.YES, answered_after_days=3)

    [line] = org_digest(db, team_id=TEAM, tz=NY, now=NOW).managers

    assert (line.asks.asked, line.asks.people, line.asks.shown) == (8, askers, shown)


@pytest.mark.parametrize(("asks", "shown"), [(4, False), (5, True)])
def test_a_share_of_fewer_than_five_asks_is_not_shown(people: People, db: Session, asks: int, shown: bool) -> None:
    mira, reports = people.team("mira", 5)
    for n in range(asks):
        people.ask(reports[n], mira, opened_days_ago=45, state=AskState.YES, answered_after_days=3)

    [line] = org_digest(db, team_id=TEAM, tz=NY, now=NOW).managers

    assert (line.asks.asked, line.asks.shown) == (asks, shown)


@pytest.mark.parametrize(("size", "shown"), [(4, False), (5, True)])
def test_a_managers_share_is_only_ever_shown_for_a_team_of_five_or_more(
    people: People, db: Session, size: int, shown: bool
) -> None:
    mira, reports = people.team("mira", size)
    for n in range(6):
        people.ask(reports[n % size], mira, opened_days_ago=45, state=AskState.YES, answered_after_days=3)

    digest = org_digest(db, team_id=TEAM, tz=NY, now=NOW)

    assert [m.asks for m in digest.managers] == ([AnswerShare(6, 6, 5)] if shown else [])
    assert digest.smaller is None  # four alone are too few even together


def test_the_smaller_teams_share_is_their_asks_together(people: People, db: Session) -> None:
    for name in ("mira", "omar"):
        boss, reports = people.team(name, 3)
        for report in reports:
            people.ask(report, boss, opened_days_ago=45, state=AskState.YES, answered_after_days=40)
    digest = org_digest(db, team_id=TEAM, tz=NY, now=NOW)

    assert digest.managers == ()
    assert digest.smaller is not None
    assert digest.smaller.asks == AnswerShare(6, 0, 6)


def test_quarters_start_on_the_first_of_january_april_july_and_october() -> None:
    assert [quarter_start(NOW.date().replace(month=m)).month for m in (1, 3, 4, 6, 7, 11, 12)] == [
        1,
        1,
        4,
        4,
        7,
        10,
        10,
    ]


@pytest.mark.parametrize(("people_met", "shown"), [(4, False), (5, True)])
def test_met_intros_of_a_kind_count_only_when_five_people_or_more_had_them(
    people: People, db: Session, people_met: int, shown: bool
) -> None:
    mira, reports = people.team("mira", 6)
    helper = people.person("helper")
    this_quarter = datetime(2026, 10, 20, 15, tzinfo=UTC)
    for report in reports[:people_met]:
        people.met(report, helper, "informational_interview", at=this_quarter)
    people.met(reports[0], helper, "informational_interview", at=this_quarter)  # twice: one person still
    people.met(reports[1], helper, "mentoring", at=this_quarter)  # one person: never shown
    people.met(reports[2], helper, "shadowing", at=datetime(2026, 9, 30, 15, tzinfo=UTC))  # last quarter
    outcome_later = people.met(reports[3], helper, "shadowing", at=this_quarter)
    outcome_later.outcome = IntroOutcome.NOT_YET

    for intros in (
        team_digest(db, owner=mira, now=NOW, with_titles=False).intros,
        org_digest(db, team_id=TEAM, tz=NY, now=NOW).intros,
    ):
        assert intros is not None
        assert intros.since == NOW.date().replace(month=10, day=1)
        counts = {k.kind: (k.count, k.people) for k in intros.kinds}
        assert counts == {"informational_interview": (people_met + 1, people_met), "mentoring": (1, 1)}
        assert [k.kind for k in intros.shown] == (["informational_interview"] if shown else [])
        assert intros.withheld


def test_a_team_digest_counts_only_its_own_reports_intros(people: People, db: Session) -> None:
    mira, _ = people.team("mira", 5)
    _, others = people.team("omar", 5)
    for report in others:
        people.met(report, mira, "mentoring", at=datetime(2026, 11, 1, tzinfo=UTC))

    intros = team_digest(db, owner=mira, now=NOW, with_titles=False).intros

    assert intros is not None
    assert intros.kinds == ()
