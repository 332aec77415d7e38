"""Suggested helpers against a real database: the kind needed, the management chain left out, capacity
this month in the helper's zone, paused and left people, hours overlap, fair rotation and query cost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.domain.suggestions import Suggestion, need_for_ask, suggest_helpers
from bot.models import Person, PersonStatus
from bot.models.help_offer import OfferKind
from bot.models.intro import IntroState
from tests.support.offers import add_intro, add_offer, add_person, add_prep
from tests.support.people import OTHER_TEAM, TEAM
from tests.support.query_count import counted

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)  # Thursday 3 December, 11:00 in Berlin


def org(db: Session) -> dict[str, Person]:
    """Boss ← Mira ← Ana ← Rae (Ana manages Rae); Kim is Mira's peer under Boss."""
    boss = add_person(db, "UBOSS", now=NOW)
    mira = add_person(db, "UMIRA", now=NOW, manager=boss)
    ana = add_person(db, "UANA", now=NOW, manager=mira)
    rae = add_person(db, "URAE", now=NOW, manager=ana)
    kim = add_person(db, "UKIM", now=NOW, manager=boss)
    return {"boss": boss, "mira": mira, "ana": ana, "rae": rae, "kim": kim}


def names(found: list[Suggestion]) -> list[str]:
    return [s.slack_user_id for s in found]


def test_only_open_offers_of_the_kind_needed(db: Session) -> None:
    people = org(db)
    add_offer(db, people["kim"], now=NOW, kinds=[OfferKind.SHADOWING])
    sol = add_person(db, "USOL", now=NOW)
    add_offer(db, sol, now=NOW, kinds=[OfferKind.MENTORING])
    off = add_person(db, "UOFF", now=NOW)
    add_offer(db, off, now=NOW, kinds=[OfferKind.MENTORING], open_now=False)
    found = suggest_helpers(db, team_id=TEAM, employee_id=people["ana"].id, need_kind="mentoring", now=NOW)
    assert names(found) == ["USOL"]
    assert found[0].kind is OfferKind.MENTORING
    assert need_for_ask("mentor") is OfferKind.MENTORING
    assert need_for_ask("shadowing") is OfferKind.SHADOWING
    assert need_for_ask("training") is None


def test_the_whole_management_chain_and_the_employee_are_left_out(db: Session) -> None:
    people = org(db)
    for person in people.values():
        add_offer(db, person, now=NOW)
    found = suggest_helpers(db, team_id=TEAM, employee_id=people["ana"].id, need_kind=OfferKind.MENTORING, now=NOW)
    # Mira (manager), Boss (manager's manager), Rae (Ana's report) and Ana herself are never suggested.
    assert names(found) == ["UKIM"]
    assert "outside your reporting line" in found[0].reasons


def test_a_report_of_a_report_is_in_the_chain_too(db: Session) -> None:
    people = org(db)
    deep = add_person(db, "UDEEP", now=NOW, manager=people["rae"])
    add_offer(db, deep, now=NOW)
    assert suggest_helpers(db, team_id=TEAM, employee_id=people["ana"].id, need_kind="mentoring", now=NOW) == []


def test_a_helper_at_capacity_this_month_waits_for_next_month(db: Session) -> None:
    people = org(db)
    # Leo is in Tokyo: 1 December 00:30 there is still 30 November in UTC.
    leo = add_person(db, "ULEO", now=NOW, tz="Asia/Tokyo")
    add_offer(db, leo, now=NOW, capacity=2)
    add_intro(db, people["rae"], leo, at=datetime(2026, 11, 30, 15, 30, tzinfo=UTC))
    add_intro(db, people["kim"], leo, at=NOW - timedelta(days=1), state=IntroState.ACCEPTED)
    add_intro(db, people["mira"], leo, at=NOW - timedelta(days=1), state=IntroState.DECLINED)
    add_intro(db, people["boss"], leo, at=datetime(2026, 11, 20, tzinfo=UTC))  # last month: not counted
    ana = people["ana"].id
    assert suggest_helpers(db, team_id=TEAM, employee_id=ana, need_kind="mentoring", now=NOW) == []
    next_month = datetime(2026, 12, 31, 15, 30, tzinfo=UTC)  # 1 January 00:30 in Tokyo
    found = suggest_helpers(db, team_id=TEAM, employee_id=ana, need_kind="mentoring", now=next_month)
    assert names(found) == ["ULEO"]
    assert "2 of 2 conversations free this month" in found[0].reasons


def test_capacity_left_is_shown(db: Session) -> None:
    people = org(db)
    add_offer(db, people["kim"], now=NOW, capacity=3)
    add_intro(db, people["rae"], people["kim"], at=NOW - timedelta(hours=1))
    [found] = suggest_helpers(db, team_id=TEAM, employee_id=people["ana"].id, need_kind="mentoring", now=NOW)
    assert "2 of 3 conversations free this month" in found.reasons


def test_paused_and_departed_people_are_not_suggested(db: Session) -> None:
    people = org(db)
    gone = add_person(db, "UGONE", now=NOW)
    gone.status = PersonStatus.LEFT
    away = add_person(db, "UAWAY", now=NOW)
    away.status = PersonStatus.PAUSED
    away.paused_until = NOW.date() + timedelta(days=3)
    back = add_person(db, "UBACK", now=NOW)
    back.status = PersonStatus.PAUSED
    back.paused_until = NOW.date() - timedelta(days=1)
    for person in (gone, away, back):
        add_offer(db, person, now=NOW)
    found = suggest_helpers(db, team_id=TEAM, employee_id=people["ana"].id, need_kind="mentoring", now=NOW)
    assert names(found) == ["UBACK"]


def test_shared_topics_from_the_prep_rank_first_with_reasons(db: Session) -> None:
    people = org(db)
    prep = {"grow_skills": "Data modelling and SQL", "paths": "analytics", "asks": [{"kind": "mentor", "detail": "Go"}]}
    add_prep(db, people["ana"], people["mira"], prep=prep, at=NOW - timedelta(days=1))
    match = add_person(db, "UMATCH", now=NOW, tz="America/New_York")
    add_offer(db, match, now=NOW, topics=["data modelling", "sql", "golang", "go"])
    plain = add_person(db, "UPLAIN", now=NOW)
    add_offer(db, plain, now=NOW, topics=["public speaking"])
    found = suggest_helpers(db, team_id=TEAM, employee_id=people["ana"].id, need_kind="mentoring", now=NOW)
    assert names(found) == ["UMATCH", "UPLAIN"]
    assert found[0].reasons[0] == "also into: data modelling, sql, go"
    # Berlin 09-18 and New York 09-18 share 15:00-18:00 Berlin time.
    assert "works hours that overlap yours 3h a day" in found[0].reasons
    assert found[1].reasons[0] == "offers mentoring; talks about: public speaking"
    assert "works hours that overlap yours 9h a day" in found[1].reasons


def test_hours_overlap_breaks_a_tie_in_topics(db: Session) -> None:
    people = org(db)
    far = add_person(db, "UFAR", now=NOW, tz="Pacific/Auckland")
    near = add_person(db, "UNEAR", now=NOW, tz="Europe/Paris")
    add_offer(db, far, now=NOW)
    add_offer(db, near, now=NOW)
    found = suggest_helpers(db, team_id=TEAM, employee_id=people["ana"].id, need_kind="mentoring", now=NOW)
    assert names(found) == ["UNEAR", "UFAR"]
    assert any("far-off time zone" in r for r in found[1].reasons)


def test_suggestions_rotate_among_equals_and_are_recorded(db: Session) -> None:
    people = org(db)
    helpers = [add_person(db, f"UH{n}", now=NOW) for n in range(4)]
    offers = [add_offer(db, h, now=NOW) for h in helpers]
    ana = people["ana"].id
    first = suggest_helpers(db, team_id=TEAM, employee_id=ana, need_kind="mentoring", now=NOW, limit=1)
    second = suggest_helpers(db, team_id=TEAM, employee_id=ana, need_kind="mentoring", now=NOW + timedelta(minutes=1))
    assert len(first) == 1
    assert len(second) == 3
    # The one just suggested goes to the back of the line: everyone else comes first.
    assert first[0].slack_user_id not in names(second)
    db.flush()
    shown = {o.person_id: o for o in offers if o.suggested_count}
    assert len(shown) == 4
    assert shown[first[0].person_id].last_suggested_at == NOW


def test_full_ties_are_broken_differently_for_different_employees(db: Session) -> None:
    org(db)
    helpers = [add_person(db, f"UH{n}", now=NOW) for n in range(6)]
    for helper in helpers:
        add_offer(db, helper, now=NOW)
    employees = [add_person(db, f"UE{n}", now=NOW) for n in range(6)]
    tops = {
        suggest_helpers(db, team_id=TEAM, employee_id=e.id, need_kind="mentoring", now=NOW, limit=1, record=False)[
            0
        ].slack_user_id
        for e in employees
    }
    assert len(tops) > 1


def test_excluded_people_and_other_workspaces_are_not_suggested(db: Session) -> None:
    people = org(db)
    add_offer(db, people["kim"], now=NOW)
    stranger = add_person(db, "USTRANGER", now=NOW, team=OTHER_TEAM)
    add_offer(db, stranger, now=NOW)
    ana = people["ana"].id
    kim = people["kim"].id
    assert (
        suggest_helpers(db, team_id=TEAM, employee_id=ana, need_kind="mentoring", now=NOW, exclude_person_ids=[kim])
        == []
    )
    assert suggest_helpers(db, team_id=OTHER_TEAM, employee_id=ana, need_kind="mentoring", now=NOW) == []


def test_a_constant_number_of_queries_whatever_the_number_of_offers(db: Session, engine: Engine) -> None:
    people = org(db)
    for n in range(40):
        helper = add_person(db, f"UH{n}", now=NOW, tz="America/New_York" if n % 2 else "Europe/Lisbon")
        add_offer(db, helper, now=NOW, topics=["sql"])
        add_intro(db, people["rae"], helper, at=NOW - timedelta(hours=2))
    db.flush()
    db.expire_all()
    with counted(engine) as statements:
        found = suggest_helpers(db, team_id=TEAM, employee_id=people["ana"].id, need_kind="mentoring", now=NOW)
        db.flush()
    assert len(found) == 3
    # Employee, workspace, latest prep, the offers (chain excluded in the same query), this month's intros,
    # and one batched update of the three shown: the same whatever the number of offers.
    assert len(statements) <= 6, statements.sql


def test_someone_already_asked_lately_is_not_suggested_again(db: Session) -> None:
    people = org(db)
    ana = people["ana"]
    add_offer(db, people["kim"], now=NOW, capacity=5)
    sol = add_person(db, "USOL", now=NOW)
    add_offer(db, sol, now=NOW, capacity=5)
    add_intro(db, ana, people["kim"], at=NOW - timedelta(days=40))  # still waiting for Kim's answer
    add_intro(db, ana, sol, at=NOW - timedelta(days=100), state=IntroState.ACCEPTED)  # long ago
    found = suggest_helpers(db, team_id=TEAM, employee_id=ana.id, need_kind="mentoring", now=NOW)
    assert names(found) == ["USOL"]
    assert "5 of 5 conversations free this month" in found[0].reasons
    # Sol says "not now" to a new request: the next suggestion is someone else, and a decline takes no room.
    add_intro(db, ana, sol, at=NOW - timedelta(hours=1), state=IntroState.DECLINED)
    bea = add_person(db, "UBEA", now=NOW)
    add_offer(db, bea, now=NOW)
    add_intro(db, people["rae"], bea, at=NOW - timedelta(hours=2), state=IntroState.DECLINED)
    found = suggest_helpers(db, team_id=TEAM, employee_id=ana.id, need_kind="mentoring", now=NOW)
    assert names(found) == ["UBEA"]
    assert "2 of 2 conversations free this month" in found[0].reasons
