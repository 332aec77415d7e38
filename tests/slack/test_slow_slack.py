"""While Slack is slow to answer the calls listeners make after their ack, new requests are still
acknowledged within 3 seconds: the app as production builds it (its own listener pool)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine

from bot.app import LISTENER_THREADS, create_app
from bot.config import Settings
from bot.db import SessionFactory
from bot.scheduling.relay import Relay
from bot.web import make_wsgi_app
from tests.conftest import SIGNING_SECRET, TEAM_ID, FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.http_slack import Front, ServerLog
from tests.support.signed import SignedSlack

SLOW = 4.0  # seconds each Slack call takes, past Slack's own 3-second limit


@pytest.fixture
def production_app_url(
    settings: Settings,
    sessions: SessionFactory,
    clock: FakeClock,
    relay: Relay,
    engine: Engine,
    front: tuple[Front, str],
    watched_log: ServerLog,
) -> Iterator[str]:
    app = create_app(settings, sessions, clock, relay=relay)  # Bolt's threaded ack, the app's own pool
    plug, url = front
    with plug.serving(make_wsgi_app(app, engine)):
        yield url
    app.listener_runner.listener_executor.shutdown(wait=True)  # type: ignore[attr-defined]


def test_requests_are_acknowledged_in_time_while_slack_is_slow(
    production_app_url: str, settings: Settings, sessions: SessionFactory, fake_slack: FakeSlack
) -> None:
    fake_slack.add_user("UANA", name="ana", tz="Europe/Berlin")
    slow_listeners = 12  # more than Bolt's default pool on a small host (CPUs + 4)
    assert slow_listeners < LISTENER_THREADS
    fake_slack.slow_next("views.publish", SLOW, times=slow_listeners)
    signer = SignedSlack(
        None,  # type: ignore[arg-type]
        SIGNING_SECRET,
        team_id=TEAM_ID,
        http_url=production_app_url,
        response_url=fake_slack.response_url,
    )
    home = {"type": "app_home_opened", "user": "UANA", "tab": "home", "channel": "DUANA"}

    with ThreadPoolExecutor(max_workers=slow_listeners) as pool:
        opened = [pool.submit(signer.event, home) for _ in range(slow_listeners)]
        for done in opened:
            done.result()  # each answered within 3 s (asserted inside), its listener still waiting on Slack
        started = time.monotonic()
        helps = [pool.submit(signer.command, "UANA", "help") for _ in range(3)]
        answers = [h.result() for h in helps]

    assert [a.status for a in answers] == [200, 200, 200]
    assert time.monotonic() - started < 3.0
    time.sleep(SLOW)  # let the slow calls finish before the fake Slack stops
