"""The outbox relay with real transactions against the fake Slack: sending, retries, permanent
failures, cancellations, crash recovery through leases and, on PostgreSQL, concurrent relays."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db import SessionFactory
from bot.domain.people import Profile, upsert_person
from bot.domain.setup import SetupInput, confirm_manager, save_setup
from bot.domain.workspaces import ensure_workspace
from bot.models import Cadence, Delivery, DeliveryKind, DeliveryState, Person, PersonStatus, Workspace
from bot.scheduling.relay import LEASE, Relay
from bot.scheduling.relay_outcomes import GAVE_UP, RelayReport, backoff
from bot.slack.client import web_client
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.outbox_rows import queue_stored_row
from tests.support.people import ANA, LEO, MIRA, TEAM


def mira_id(session: Session) -> int:
    """The person id of Mira, the manager confirmation requests are addressed to."""
    return session.scalars(select(Person.id).where(Person.slack_user_id == "UMIRA")).one()


@pytest.fixture(autouse=True)
def slack_users(fake_slack: FakeSlack) -> None:
    for profile in (ANA, MIRA, LEO):
        fake_slack.add_user(profile.slack_user_id, real_name=profile.display_name, tz=profile.tz or "UTC")


def setup_form(manager: Profile = MIRA) -> SetupInput:
    return SetupInput(ANA, manager, date(2026, 12, 8), time(15, 30), Cadence.MONTHLY, 30)


def queue(
    sessions: SessionFactory,
    now: datetime,
    *,
    user: str = "UANA",
    team_id: str = TEAM,
    due_at: datetime | None = None,
    key: str | None = None,
) -> int:
    """Queue a 'manager_declined' notice (it renders from its payload alone) and return its id."""
    with sessions.begin() as session:
        ensure_workspace(session, team_id=team_id, now=now)
        recipient = upsert_person(session, team_id=team_id, profile=Profile(user, user.title(), "UTC"), now=now)
        delivery = queue_stored_row(
            session,
            team_id=team_id,
            kind=DeliveryKind.NOTICE,
            key=key or f"test:{user}:{(due_at or now).isoformat()}",
            due_at=due_at or now,
            now=now,
            recipient=recipient,
            stored={"template": "manager_declined", "manager_name": "Mira Chen"},
        )
        return delivery.id


def load(sessions: SessionFactory, delivery_id: int) -> Delivery:
    with sessions.begin() as session:
        delivery = session.get(Delivery, delivery_id)
        assert delivery is not None
        return delivery


def all_deliveries(sessions: SessionFactory) -> dict[int, Delivery]:
    with sessions.begin() as session:
        return {d.id: d for d in session.scalars(select(Delivery).order_by(Delivery.id))}


def posts_to(fake_slack: FakeSlack, user: str) -> int:
    return sum(1 for call in fake_slack.calls_to("chat.postMessage") if call.params.get("channel") == f"D{user}")


# -- the happy path ----------------------------------------------------------------------------------


def test_due_deliveries_are_sent_to_the_recipients_dm_and_recorded(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    with sessions.begin() as session:
        save_setup(session, team_id=TEAM, form=setup_form(), submission_id="s1", now=clock.now)

    report = relay.run_once(clock.now)

    assert (report.sent, report.failed, report.retrying, report.cancelled, report.errors) == (2, 0, 0, 0, [])
    assert sorted(call.params["users"] for call in fake_slack.calls_to("conversations.open")) == ["UANA", "UMIRA"]
    for delivery in all_deliveries(sessions).values():
        if delivery.kind is DeliveryKind.CALENDAR_INVITE:
            continue  # not due yet: it waits a few minutes for a correction
        recipient = "UMIRA" if delivery.kind is DeliveryKind.MANAGER_CONFIRMATION else "UANA"
        [message] = fake_slack.messages(channel=f"D{recipient}")
        assert delivery.state is DeliveryState.SENT
        assert (delivery.slack_channel, delivery.slack_ts) == (f"D{recipient}", message["ts"])
        assert delivery.sent_at == clock.now
        assert (delivery.lease_owner, delivery.lease_expires_at, delivery.last_error) == (None, None, None)
        assert delivery.attempts == 1


def test_future_deliveries_are_left_alone_until_due(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    due_at = clock.now + timedelta(hours=1)
    delivery_id = queue(sessions, clock.now, due_at=due_at)

    report = relay.run_once(clock.now)

    assert report.sent == 0
    assert fake_slack.calls_to("chat.postMessage") == []
    assert load(sessions, delivery_id).state is DeliveryState.PENDING
    assert relay.run_once(due_at - timedelta(seconds=1)).sent == 0
    assert relay.run_once(due_at).sent == 1
    assert load(sessions, delivery_id).sent_at == due_at


def test_running_twice_at_the_same_instant_sends_nothing_twice(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    for user in ("UANA", "UMIRA", "ULEO"):
        queue(sessions, clock.now, user=user)

    first = relay.run_once(clock.now)
    second = relay.run_once(clock.now)

    assert (first.sent, second.sent) == (3, 0)
    assert len(fake_slack.calls_to("chat.postMessage")) == 3


def test_deliver_sends_only_the_given_due_ids(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    urgent = queue(sessions, clock.now, user="UANA")
    other = queue(sessions, clock.now, user="UMIRA")
    later = queue(sessions, clock.now, user="ULEO", due_at=clock.now + timedelta(minutes=5))

    report = relay.deliver([urgent, later], clock.now)

    assert report.sent == 1
    states = {i: d.state for i, d in all_deliveries(sessions).items()}
    assert states == {urgent: DeliveryState.SENT, other: DeliveryState.PENDING, later: DeliveryState.PENDING}


# -- retries -----------------------------------------------------------------------------------------


def test_rate_limited_waits_retry_after_without_counting_an_attempt(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    first = queue(sessions, clock.now, user="UANA")
    second = queue(sessions, clock.now, user="UMIRA")
    fake_slack.fail_next("chat.postMessage", "ratelimited", retry_after=30)
    start = clock.now

    report = relay.run_once(start)

    # The second one in the batch waits too: Slack asked the workspace to slow down.
    assert (report.sent, report.retrying) == (0, 2)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    for delivery_id in (first, second):
        delivery = load(sessions, delivery_id)
        assert delivery.state is DeliveryState.PENDING
        assert delivery.due_at == start + timedelta(seconds=30)
        assert delivery.attempts == 0
        assert (delivery.lease_owner, delivery.lease_expires_at) == (None, None)
    assert load(sessions, first).last_error == "rate limited by Slack"

    assert relay.run_once(clock.advance(seconds=29)).sent == 0
    assert relay.run_once(clock.advance(seconds=1)).sent == 2
    assert posts_to(fake_slack, "UANA") == 2  # the refused attempt, then the real one
    assert len(fake_slack.messages(channel="DUANA")) == 1


def test_server_errors_back_off_and_are_retried_until_the_message_stops_being_useful(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    """A notice is still worth sending a day after Slack first failed it: the relay keeps trying every
    few minutes until then (an outage of hours ends in a delivery, not a failure), then gives up."""
    delivery_id = queue(sessions, clock.now)
    fake_slack.fail_next("chat.postMessage", "internal_error", status=500, times=10_000)
    start = clock.now

    for attempt in range(1, 7):
        report = relay.run_once(clock.now)
        delivery = load(sessions, delivery_id)
        assert (report.retrying, delivery.state, delivery.attempts) == (1, DeliveryState.PENDING, attempt)
        assert delivery.due_at == clock.now + backoff(attempt)
        assert delivery.last_error == "Slack answered HTTP 500"
        assert relay.run_once(delivery.due_at - timedelta(seconds=1)).retrying == 0
        clock.set(delivery.due_at)
    clock.set(start + timedelta(days=1) - timedelta(minutes=1))
    assert relay.run_once(clock.now).retrying == 1

    report = relay.run_once(clock.advance(minutes=5))

    delivery = load(sessions, delivery_id)
    assert (report.failed, delivery.state, delivery.attempts) == (1, DeliveryState.FAILED, 8)
    assert delivery.last_error == f"{GAVE_UP}: a day went by (8 attempts; last: Slack answered HTTP 500)"
    assert (delivery.sent_at, delivery.lease_owner, delivery.failing_since) == (None, None, start)
    assert len(fake_slack.calls_to("chat.postMessage")) == 8
    assert relay.run_once(clock.advance(days=1)).failed == 0


def test_backoff_doubles_from_thirty_seconds_up_to_five_minutes() -> None:
    assert [backoff(n).total_seconds() for n in range(1, 9)] == [10, 20, 40, 80, 160, 300, 300, 300]


# -- permanent failures ------------------------------------------------------------------------------


def test_an_unknown_user_fails_is_marked_left_and_their_queue_is_cancelled(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    gone_now = queue(sessions, clock.now, user="UGHOST")
    gone_later = queue(sessions, clock.now, user="UGHOST", due_at=clock.now + timedelta(days=2))
    other = queue(sessions, clock.now, user="UANA")

    report = relay.run_once(clock.now)

    assert (report.sent, report.failed) == (1, 1)
    failed = load(sessions, gone_now)
    assert (failed.state, failed.last_error, failed.sent_at) == (DeliveryState.FAILED, "user_not_found", None)
    cancelled = load(sessions, gone_later)
    assert (cancelled.state, cancelled.last_error) == (
        DeliveryState.CANCELLED,
        "recipient unreachable: user_not_found",
    )
    assert load(sessions, other).state is DeliveryState.SENT
    with sessions.begin() as session:
        ghost = session.scalars(select(Person).filter_by(slack_user_id="UGHOST")).one()
        assert ghost.status is PersonStatus.LEFT
    assert fake_slack.calls_to("chat.postMessage")[0].params["channel"] == "DUANA"
    assert relay.run_once(clock.advance(days=3)).sent == 0


def test_one_refused_answer_is_checked_with_auth_test_and_retried_when_the_token_works(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    blip = queue(sessions, clock.now, user="UANA")
    same_batch = queue(sessions, clock.now, user="UMIRA")
    fake_slack.fail_next("conversations.open", "invalid_auth")

    report = relay.run_once(clock.now)

    assert (report.sent, report.retrying, report.failed, report.cancelled, report.blocked) == (1, 1, 0, 0, 0)
    assert len(fake_slack.calls_to("auth.test")) == 1
    assert load(sessions, blip).last_error == "invalid_auth, but auth.test accepts the token: retrying"
    with sessions.begin() as session:
        assert session.get(Workspace, TEAM).sends_blocked_reason is None  # type: ignore[union-attr]
    assert relay.run_once(clock.advance(seconds=backoff(1).total_seconds())).sent == 1
    assert {load(sessions, i).state for i in (blip, same_batch)} == {DeliveryState.SENT}


def test_a_token_auth_test_refuses_holds_the_workspace_without_cancelling_anything(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    refused_on = queue(sessions, clock.now, user="UANA")
    same_batch = queue(sessions, clock.now, user="UMIRA")
    queued_later = queue(sessions, clock.now, user="ULEO", due_at=clock.now + timedelta(hours=1))
    fake_slack.fail_next("*", "invalid_auth", times=1000)  # every call, auth.test included

    report = relay.run_once(clock.now)

    assert (report.sent, report.failed, report.cancelled, report.blocked) == (0, 0, 0, 2)
    states = {i: d.state for i, d in all_deliveries(sessions).items()}
    assert states == dict.fromkeys((refused_on, same_batch, queued_later), DeliveryState.PENDING)
    with sessions.begin() as session:
        workspace = session.get(Workspace, TEAM)
        assert workspace is not None
        assert (workspace.sends_blocked_reason, workspace.sends_blocked_at) == ("invalid_auth", clock.now)
    # Anything queued for the blocked team afterwards waits too, without a call to Slack.
    fresh = queue(sessions, clock.advance(hours=2), user="UMIRA", key="after-block")
    calls = len(fake_slack.calls)
    assert relay.run_once(clock.advance(hours=1)).sent == 0
    assert relay.deliver([fresh], clock.now).sent == 0
    assert load(sessions, fresh).state is DeliveryState.PENDING
    assert len(fake_slack.calls) == calls


# -- cancellations -----------------------------------------------------------------------------------


def test_a_confirmation_for_an_already_confirmed_employee_is_cancelled(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    with sessions.begin() as session:
        series_id = save_setup(session, team_id=TEAM, form=setup_form(), submission_id="s1", now=clock.now).series.id
    with sessions.begin() as session:
        confirm_manager(
            session,
            team_id=TEAM,
            series_id=series_id,
            manager_id=mira_id(session),
            actor_slack_id="UMIRA",
            now=clock.now,
        )

    report = relay.run_once(clock.now)

    assert (report.sent, report.cancelled) == (2, 1)
    by_kind = {(d.kind, d.payload.get("template")): d for d in all_deliveries(sessions).values()}
    confirmation = by_kind[(DeliveryKind.MANAGER_CONFIRMATION, None)]
    assert (confirmation.state, confirmation.last_error) == (DeliveryState.CANCELLED, "already confirmed")
    assert (confirmation.sent_at, confirmation.lease_owner) == (None, None)
    assert by_kind[(DeliveryKind.NOTICE, "setup_saved")].state is DeliveryState.SENT
    assert by_kind[(DeliveryKind.NOTICE, "manager_confirmed")].state is DeliveryState.SENT
    assert posts_to(fake_slack, "UMIRA") == 0


def test_a_confirmation_for_a_replaced_manager_is_cancelled(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    with sessions.begin() as session:
        save_setup(session, team_id=TEAM, form=setup_form(), submission_id="s1", now=clock.now)
    with sessions.begin() as session:
        save_setup(session, team_id=TEAM, form=setup_form(manager=LEO), submission_id="s2", now=clock.now)

    relay.run_once(clock.now)
    # 23:00 in Tokyo: Leo's request waits for his working day (09:00 Tokyo is 00:00 UTC).
    relay.run_once(clock.advance(hours=10))

    confirmations = [d for d in all_deliveries(sessions).values() if d.kind is DeliveryKind.MANAGER_CONFIRMATION]
    assert [(d.state, d.last_error) for d in confirmations] == [
        (DeliveryState.CANCELLED, "the employee changed their manager before this was sent"),
        (DeliveryState.SENT, None),
    ]
    assert (posts_to(fake_slack, "UMIRA"), posts_to(fake_slack, "ULEO")) == (0, 1)


def test_a_confirmed_notice_never_names_a_manager_who_did_not_confirm(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    with sessions.begin() as session:
        series_id = save_setup(session, team_id=TEAM, form=setup_form(), submission_id="s1", now=clock.now).series.id
    with sessions.begin() as session:
        confirm_manager(
            session,
            team_id=TEAM,
            series_id=series_id,
            manager_id=mira_id(session),
            actor_slack_id="UMIRA",
            now=clock.now,
        )
    # Slack is slow to take the notice; meanwhile Ana picks Leo, who has not confirmed anything.
    fake_slack.fail_next("chat.postMessage", "ratelimited", retry_after=60)
    relay.run_once(clock.now)
    with sessions.begin() as session:
        save_setup(
            session, team_id=TEAM, form=setup_form(manager=LEO), submission_id="s2", now=clock.advance(seconds=30)
        )

    relay.run_once(clock.advance(minutes=5))

    texts = [message["text"] for message in fake_slack.messages(channel="DUANA")]
    assert not [text for text in texts if "<@ULEO> confirmed" in text], texts


# -- leases ------------------------------------------------------------------------------------------


def test_a_relay_killed_between_claim_and_send_loses_nothing(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    delivery_id = queue(sessions, clock.now)
    claimed_at = clock.now
    assert relay._claim(claimed_at, ids=None) == [delivery_id]  # ...and the process dies here.
    claimed = load(sessions, delivery_id)
    assert (claimed.state, claimed.lease_owner) == (DeliveryState.CLAIMED, "test-relay")
    assert claimed.lease_expires_at == claimed_at + LEASE

    # While the lease lives nobody sends it, not even a restarted process with the same name.
    assert relay.run_once(claimed_at + LEASE).sent == 0
    assert load(sessions, delivery_id).state is DeliveryState.CLAIMED

    report = relay.run_once(claimed_at + LEASE + timedelta(seconds=1))

    assert (report.reaped, report.sent) == (1, 1)
    assert relay.run_once(claimed_at + 2 * LEASE).sent == 0
    assert load(sessions, delivery_id).state is DeliveryState.SENT
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_an_expired_lease_of_another_owner_is_reaped_and_sent_once(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    delivery_id = queue(sessions, clock.now - timedelta(minutes=10))
    with sessions.begin() as session:
        delivery = session.get(Delivery, delivery_id)
        assert delivery is not None
        delivery.state = DeliveryState.CLAIMED
        delivery.lease_owner = "dead-host:4242"
        delivery.lease_expires_at = clock.now - timedelta(seconds=1)

    first, second = relay.run_once(clock.now), relay.run_once(clock.now)

    assert (first.reaped, first.sent, second.reaped, second.sent) == (1, 1, 0, 0)
    assert load(sessions, delivery_id).state is DeliveryState.SENT
    assert posts_to(fake_slack, "UANA") == 1


def test_a_live_lease_of_another_owner_is_not_sent(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    delivery_id = queue(sessions, clock.now)
    with sessions.begin() as session:
        delivery = session.get(Delivery, delivery_id)
        assert delivery is not None
        delivery.state = DeliveryState.CLAIMED
        delivery.lease_owner = "busy-host:7"
        delivery.lease_expires_at = clock.now + timedelta(minutes=2)

    report = relay.run_once(clock.now)
    delivered = relay.deliver([delivery_id], clock.now)

    assert (report.reaped, report.sent, delivered.sent) == (0, 0, 0)
    still = load(sessions, delivery_id)
    assert (still.state, still.lease_owner) == (DeliveryState.CLAIMED, "busy-host:7")
    assert fake_slack.calls_to("chat.postMessage") == []


# -- several relays at once --------------------------------------------------------------------------


@pytest.mark.postgres
def test_concurrent_relays_send_each_delivery_exactly_once(
    engine: Engine, sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no concurrent claim to test")
    users = [f"UCONC{n:03d}" for n in range(60)]
    for user in users:
        fake_slack.add_user(user)
        queue(sessions, clock.now, user=user)
    relays = [Relay(sessions, web_client(settings), owner=f"relay-{n}", batch_size=4, clock=clock) for n in range(4)]
    start = threading.Barrier(len(relays))

    def run(relay: Relay) -> RelayReport:
        start.wait(timeout=10)
        return relay.run_once(clock.now)

    # result() re-raises here whatever a relay thread raised.
    with ThreadPoolExecutor(max_workers=len(relays)) as pool:
        reports = [future.result(timeout=30) for future in [pool.submit(run, relay) for relay in relays]]

    assert sum(report.sent for report in reports) == 60
    assert all(report.errors == [] for report in reports)
    posts = Counter(call.params["channel"] for call in fake_slack.calls_to("chat.postMessage"))
    assert posts == Counter({f"D{user}": 1 for user in users})
    deliveries = all_deliveries(sessions).values()
    assert {d.state for d in deliveries} == {DeliveryState.SENT}
    assert len({d.slack_ts for d in deliveries}) == 60


# -- DM channels ---------------------------------------------------------------------------------------


def test_a_dm_channel_is_opened_once_per_person(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    for n in range(3):
        queue(sessions, clock.now, key=f"dm-{n}")

    assert relay.run_once(clock.now).sent == 3
    # conversations.open is Tier 3 (about 50 a minute): asked once, then remembered.
    assert len(fake_slack.calls_to("conversations.open")) == 1
    assert posts_to(fake_slack, "UANA") == 3


def test_a_remembered_dm_that_slack_no_longer_knows_is_opened_again(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    queue(sessions, clock.now, key="first")
    relay.run_once(clock.now)
    second = queue(sessions, clock.now, key="second")
    fake_slack.fail_next("chat.postMessage", "channel_not_found", status=200)

    report = relay.run_once(clock.now)

    assert (report.sent, report.failed) == (1, 0)
    assert load(sessions, second).state is DeliveryState.SENT
    assert len(fake_slack.calls_to("conversations.open")) == 2
