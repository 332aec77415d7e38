"""Handled-request keys: claimed once per workspace, given back when the transaction rolls back, pruned after a
day (by the tick); and concurrent claims of one key, of which exactly one wins."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db import SessionFactory
from bot.domain.handled import KEPT_FOR, AlreadyHandled, claim, prune_handled
from bot.models import HandledRequest
from bot.scheduling.relay import Relay
from bot.scheduling.tick import tick
from tests.conftest import FakeClock
from tests.support.people import OTHER_TEAM, TEAM


def keys(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(HandledRequest)) or 0


def test_a_key_is_claimed_once_per_workspace(db: Session, clock: FakeClock) -> None:
    claim(db, team_id=TEAM, key="view:V1:h1:{}", now=clock.now)

    with pytest.raises(AlreadyHandled):
        claim(db, team_id=TEAM, key="view:V1:h1:{}", now=clock.now)
    claim(db, team_id=OTHER_TEAM, key="view:V1:h1:{}", now=clock.now)
    claim(db, team_id=TEAM, key="view:V1:h2:{}", now=clock.now)

    assert keys(db) == 3


def test_the_stored_key_is_a_digest(db: Session, clock: FakeClock) -> None:
    claim(db, team_id=TEAM, key="action:UANA:" + "x" * 500, now=clock.now)

    stored = db.scalars(select(HandledRequest.key)).one()
    assert len(stored) == 64
    assert "UANA" not in stored


def test_a_claim_rolled_back_with_its_work_can_be_made_again(sessions: SessionFactory, clock: FakeClock) -> None:
    def refused_submission() -> None:
        with sessions.begin() as session:
            claim(session, team_id=TEAM, key="view:V1:h1:{}", now=clock.now)
            raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        refused_submission()

    with sessions.begin() as session:
        claim(session, team_id=TEAM, key="view:V1:h1:{}", now=clock.now)
        assert keys(session) == 1


def test_concurrent_claims_of_one_key_let_exactly_one_through(sessions: SessionFactory, clock: FakeClock) -> None:
    def attempt(_: int) -> bool:
        try:
            with sessions.begin() as session:
                claim(session, team_id=TEAM, key="view:V1:h1:{}", now=clock.now)
        except AlreadyHandled:
            return False
        return True

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(attempt, range(8)))

    assert sorted(outcomes) == [False] * 7 + [True]


def test_keys_older_than_a_day_are_pruned(db: Session, clock: FakeClock) -> None:
    claim(db, team_id=TEAM, key="old", now=clock.now - KEPT_FOR - timedelta(seconds=1))
    claim(db, team_id=TEAM, key="recent", now=clock.now - KEPT_FOR + timedelta(minutes=1))

    assert prune_handled(db, now=clock.now) == 1

    claim(db, team_id=TEAM, key="old", now=clock.now)  # may be handled again: Slack won't send it any more
    with pytest.raises(AlreadyHandled):
        claim(db, team_id=TEAM, key="recent", now=clock.now)


def test_the_tick_prunes_old_keys(sessions: SessionFactory, relay: Relay, clock: FakeClock) -> None:
    with sessions.begin() as session:
        claim(session, team_id=TEAM, key="old", now=clock.now - timedelta(days=2))
        claim(session, team_id=TEAM, key="recent", now=clock.now)

    tick(sessions, relay, clock.now)

    with sessions.begin() as session:
        assert keys(session) == 1
