"""GET /metrics scraped over real HTTP as Prometheus does: requests and their acknowledgements by listener,
what the relay recorded, Slack's errors, the outbox read at scrape time; never a user id or typed text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from slack_bolt import App
from sqlalchemy import Engine, create_engine, func, select

from bot.db import SessionFactory, make_sessions
from bot.metrics_page import MetricsPage
from bot.models import Delivery, DeliveryKind, DeliveryState
from bot.scheduling.relay import Relay
from bot.scheduling.tick import tick
from bot.web import make_wsgi_app
from tests.conftest import FakeClock
from tests.support import kill_points
from tests.support.fake_slack import FakeSlack
from tests.support.http_slack import Front, ServerLog
from tests.support.metrics_scrape import Scrape, scrape, status_of
from tests.support.prep_flow import EMPLOYEE, MANAGER, add_people, set_up_pair
from tests.support.signed import SignedSlack

TYPED = "quietly hoping for the platform lead role"
TOKEN = "scrape-token-0123456789"


@pytest.fixture
def slack_server(
    app: App,
    engine: Engine,
    sessions: SessionFactory,
    clock: FakeClock,
    watched_log: ServerLog,
    front: tuple[Front, str],
) -> Iterator[str]:
    """The app behind the real server, its /metrics reading the outbox at the test's clock."""
    plug, url = front
    with plug.serving(make_wsgi_app(app, engine, metrics_page=MetricsPage(sessions, clock))):
        yield url


def queue_notice(sessions: SessionFactory, user: str, now: datetime) -> None:
    """A 'manager_declined' notice to `user`, due now (it renders from its payload alone)."""
    kill_points.queue_notices(sessions, now, [user])


def increase(before: Scrape, after: Scrape, name: str, **labels: str) -> float:
    return after.value(name, **labels) - before.value(name, **labels)


def test_requests_are_counted_and_timed_by_listener(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    add_people(fake_slack)
    before = scrape(slack.http_url or "")

    set_up_pair(slack, fake_slack)  # the bare command opens the form, a submission, the manager's click
    slack.command(EMPLOYEE, "help")
    slack.command(EMPLOYEE, f"{TYPED} <@{MANAGER}>")  # free text: shown help, counted as "other"

    after = scrape(slack.http_url or "")
    requests = "career_prep_requests_total"
    assert increase(before, after, requests, kind="command", listener="default", status="200") == 1
    assert increase(before, after, requests, kind="command", listener="help", status="200") == 1
    assert increase(before, after, requests, kind="command", listener="other", status="200") == 1
    assert increase(before, after, requests, kind="view_submission", listener="setup_modal", status="200") == 1
    assert increase(before, after, requests, kind="block_actions", listener="manager_confirm", status="200") == 1
    # Every request is in the ack histogram, in a bucket no later than Slack's 3 seconds.
    acks = {"kind": "block_actions", "listener": "manager_confirm"}
    assert increase(before, after, "career_prep_ack_seconds_count", **acks) == 1
    assert increase(before, after, "career_prep_ack_seconds_bucket", le="3.0", **acks) == 1
    assert after.value("career_prep_ack_seconds_sum", **acks) > before.value("career_prep_ack_seconds_sum", **acks)
    assert after.label_values(requests, "listener") <= {
        "default",
        "help",
        "other",
        "setup_modal",
        "manager_confirm",
        *before.label_values(requests, "listener"),
    }
    for private in (TYPED, "platform lead", EMPLOYEE, MANAGER):
        assert private not in after.text


def test_relay_outcomes_slack_errors_and_the_outbox_are_in_the_scrape(
    slack: SignedSlack, fake_slack: FakeSlack, relay: Relay, sessions: SessionFactory, clock: FakeClock
) -> None:
    for user in ("UANA", "ULEO", "UPRIYA"):
        fake_slack.add_user(user, tz="UTC")
    url = slack.http_url or ""
    before = scrape(url)
    queue_notice(sessions, "UANA", clock.now)
    queue_notice(sessions, "ULEO", clock.now)
    fake_slack.fail_for_channel("ULEO", "is_archived")
    relay.run_once(clock.now)  # Ana's is sent, Leo's fails for good
    queue_notice(sessions, "UPRIYA", clock.now)
    fake_slack.fail_next("chat.postMessage", "ratelimited", retry_after=30)
    relay.run_once(clock.now)  # Priya's waits 30 s, as Slack asked
    clock.advance(seconds=90)  # the relay is now 60 s behind with Priya's

    after = scrape(url)
    notice = DeliveryKind.NOTICE.value
    assert increase(before, after, "career_prep_deliveries_total", kind=notice, state="sent") == 1
    assert increase(before, after, "career_prep_deliveries_total", kind=notice, state="failed") == 1
    failures = "career_prep_delivery_failures_total"
    assert increase(before, after, failures, kind=notice, failure="target_gone") == 1
    assert increase(before, after, failures, kind=notice, failure="rate_limited") == 1
    errors = "career_prep_slack_api_errors_total"
    assert increase(before, after, errors, method="chat.postMessage", error="is_archived") == 1
    assert increase(before, after, errors, method="chat.postMessage", error="ratelimited") == 1
    # The outbox as the database has it now: Priya's pending, Leo's failed, nothing claimed.
    outbox = "career_prep_outbox_deliveries"
    assert after.value(outbox, kind=notice, state="pending") == 1
    assert after.value(outbox, kind=notice, state="failed") == 1
    assert after.value(outbox, kind=notice, state="claimed") == 0
    assert after.value("career_prep_outbox_read") == 1
    assert after.value("career_prep_relay_lag_seconds") == 60
    with sessions.begin() as session:
        counted = session.scalar(select(func.count()).where(Delivery.state == DeliveryState.PENDING))
    assert after.total(outbox, state="pending") == counted
    assert "UANA" not in after.text
    assert "ULEO" not in after.text
    assert "Manager UANA" not in after.text  # the notices' text


def test_a_tick_and_its_planning_are_timed(
    slack: SignedSlack, relay: Relay, sessions: SessionFactory, clock: FakeClock
) -> None:
    before = scrape(slack.http_url or "")
    tick(sessions, relay, clock.now)
    tick(sessions, relay, clock.now, plan_first=False)
    after = scrape(slack.http_url or "")

    assert increase(before, after, "career_prep_tick_seconds_count") == 2
    assert increase(before, after, "career_prep_planning_seconds_count") == 1


def test_a_metrics_token_is_required_when_set(app: App, engine: Engine, front: tuple[Front, str]) -> None:
    plug, url = front
    with plug.serving(make_wsgi_app(app, engine, metrics_token=TOKEN)):
        assert status_of(url) == 401
        assert status_of(url, token="not-" + TOKEN) == 401
        assert status_of(url, token=TOKEN) == 200
        assert status_of(url, method="POST", token=TOKEN) == 404  # GET only
    with plug.serving(make_wsgi_app(app, engine)):
        assert status_of(url) == 200  # open when no token is configured


def test_a_database_that_does_not_answer_leaves_the_rest_of_the_page(tmp_path: Path, clock: FakeClock) -> None:
    unreachable = create_engine(f"sqlite:///{tmp_path / 'missing' / 'no.db'}")
    page = MetricsPage(make_sessions(unreachable), clock)().decode()

    families = {family.name for family in text_string_to_metric_families(page)}
    assert "career_prep_outbox_read" in families
    assert "career_prep_outbox_deliveries" not in families
    assert "career_prep_requests" in families  # the process's own metrics are still there
    assert "career_prep_outbox_read 0.0" in page
