"""A calendar feed costs a fixed number of statements whatever the org's size, and a wrong or ill-formed
token costs exactly what finding a right one does: one hash, one lookup on the unique index."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.domain.calendar_feed import feed_owner, open_feed
from bot.domain.calendar_feed_events import feed_calendar
from tests.support.calendar_feed import events
from tests.support.people import MIRA, TEAM
from tests.support.query_count import MET_AT, Statements, counted, team_of

SMALL, LARGE = 2, 6
# The token lookup, then one statement each for 1:1 series, booked office hours and due dates.
FEED_STATEMENTS = 4


def feed_of_mira(engine: Engine, db: Session, size: int) -> tuple[Statements, bytes]:
    team_of(db, size, recapped=True)  # each report's recap gave Mira an item due 15 December
    token = open_feed(db, team_id=TEAM, slack_user_id=MIRA.slack_user_id, now=MET_AT)
    assert token is not None
    db.expunge_all()
    with counted(engine) as seen:
        owner = feed_owner(db, token)
        assert owner is not None
        body = feed_calendar(db, person=owner, now=MET_AT)
    return seen, body


def test_a_feed_costs_the_same_for_two_or_six_reports(engine: Engine, db: Session) -> None:
    small, small_body = feed_of_mira(engine, db, SMALL)
    db.rollback()
    large, large_body = feed_of_mira(engine, db, LARGE)

    assert len(small) == len(large) == FEED_STATEMENTS, large.sql
    assert len(events(small_body)) == 2 * SMALL
    titles = set(events(large_body))
    assert {f"1:1 with Report {n}" for n in range(LARGE)} <= titles
    assert {f"Mira's step for {n}" for n in range(LARGE)} <= titles
    assert not any(title.startswith("Report") for title in titles)  # the reports' own items stay theirs


def test_a_wrong_or_ill_formed_token_costs_what_a_right_one_does(engine: Engine, db: Session) -> None:
    team_of(db, SMALL, recapped=False)
    token = open_feed(db, team_id=TEAM, slack_user_id=MIRA.slack_user_id, now=MET_AT)
    assert token is not None
    db.expunge_all()
    lookups = []
    for tried in (token, token[:-1] + ("A" if token[-1] != "A" else "B"), "", "../../etc/passwd", "x" * 5000):
        with counted(engine) as seen:
            found = feed_owner(db, tried)
        assert (found is not None) == (tried == token)
        lookups.append(seen.sql)
    assert all(sql == lookups[0] for sql in lookups)
    assert len(lookups[0]) == 1
