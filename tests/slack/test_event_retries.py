"""Events delivered again or late: Slack's retries (X-Slack-Retry-Num) act once, an older `user_change` never
restores an older profile, a late `app_uninstalled` never erases a later install, and org-wide (Enterprise
Grid) events are refused with one log line."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.db import SessionFactory
from bot.models import OneOnOneSeries, Person, PersonStatus, Workspace
from bot.scheduling.relay import Relay
from bot.scheduling.tick import tick
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.prep_flow import EMPLOYEE, add_people, set_up_pair
from tests.support.reminders_flow import PREP_DUE
from tests.support.replays import assert_replays_change_nothing, footprint, slack_writes
from tests.support.signed import SignedSlack


@pytest.fixture(autouse=True)
def pair(slack: SignedSlack, fake_slack: FakeSlack, clock: FakeClock) -> None:
    """Ana and Mira set up at the clock's start; the clock then moves on a minute."""
    add_people(fake_slack)
    set_up_pair(slack, fake_slack)
    clock.advance(minutes=1)
    fake_slack.clear_calls()


def at(instant: datetime) -> dict[str, Any]:
    """Envelope fields for an event that happened at `instant`."""
    return {"event_time": int(instant.timestamp())}


def changed(instant: datetime, **user: Any) -> dict[str, Any]:
    return {
        "type": "user_change",
        "user": {"id": EMPLOYEE, "name": "ana", **user},
        "event_ts": f"{instant.timestamp():.6f}",
    }


def ana(sessions: SessionFactory) -> tuple[str, str, PersonStatus]:
    with sessions.begin() as session:
        person = session.scalars(select(Person).where(Person.slack_user_id == EMPLOYEE)).one()
        return person.display_name, person.tz, person.status


def series_count(sessions: SessionFactory) -> int:
    with sessions.begin() as session:
        return session.scalar(select(func.count()).select_from(OneOnOneSeries)) or 0


# --- user_change ----------------------------------------------------------------------------------------------------


def test_a_retried_user_change_is_applied_once(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    slack.event(changed(clock.now, real_name="Ana Silva", tz="Asia/Tokyo"), envelope=at(clock.now))
    assert ana(sessions)[1] == "Asia/Tokyo"
    clock.advance(minutes=1)  # Slack retries after a minute

    assert_replays_change_nothing(slack, fake_slack, sessions, as_retries=True)


def test_an_older_user_change_delivered_late_changes_nothing(
    slack: SignedSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    newer, older = clock.now, clock.now - timedelta(seconds=20)
    slack.event(changed(newer, real_name="Ana Costa", tz="Asia/Tokyo"), envelope=at(newer))

    slack.event(changed(older, real_name="Ana Silva", tz="Europe/Lisbon"), envelope=at(older))
    slack.event(changed(older, real_name="Ana Silva", deleted=True), envelope=at(older))

    assert ana(sessions) == ("Ana Costa", "Asia/Tokyo", PersonStatus.ACTIVE)


def test_a_user_change_from_before_the_profile_was_read_changes_nothing(
    slack: SignedSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    before_setup = clock.now - timedelta(minutes=5)  # setup read Ana's profile from Slack a minute ago
    stored = ana(sessions)

    slack.event(changed(before_setup, real_name="Ana S", tz="Asia/Tokyo", deleted=True), envelope=at(before_setup))

    assert ana(sessions) == stored
    assert stored[1:] == ("Europe/Berlin", PersonStatus.ACTIVE)


def test_a_newer_user_change_is_still_applied(slack: SignedSlack, sessions: SessionFactory, clock: FakeClock) -> None:
    older, newer = clock.now, clock.now + timedelta(seconds=20)
    slack.event(changed(older, real_name="Ana Silva", tz="Asia/Tokyo"), envelope=at(older))

    slack.event(changed(newer, real_name="Ana Silva", deleted=True), envelope=at(newer))

    assert ana(sessions)[2] is PersonStatus.LEFT


# --- app_uninstalled ------------------------------------------------------------------------------------------------


def reinstall_and_use(slack: SignedSlack, fake_slack: FakeSlack, clock: FakeClock) -> None:
    clock.advance(minutes=10)
    set_up_pair(slack, fake_slack)


def test_an_uninstall_retried_after_a_reinstall_erases_nothing_new(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    slack.event({"type": "app_uninstalled", "event_ts": f"{clock.now.timestamp():.6f}"}, envelope=at(clock.now))
    uninstall = len(slack.sent) - 1
    assert series_count(sessions) == 0
    reinstall_and_use(slack, fake_slack, clock)
    assert series_count(sessions) == 1

    assert_replays_change_nothing(slack, fake_slack, sessions, which=uninstall, as_retries=True)

    assert series_count(sessions) == 1


def test_after_uninstall_a_retry_and_a_reinstall_the_prep_reminder_arrives(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock, relay: Relay
) -> None:
    slack.event({"type": "app_uninstalled"}, envelope=at(clock.now))
    uninstall = len(slack.sent) - 1
    reinstall_and_use(slack, fake_slack, clock)  # the manager confirms, too
    slack.replay(uninstall, retry_num=1)
    fake_slack.clear_calls()

    for instant in (clock.now + timedelta(minutes=1), PREP_DUE):  # plan, then the reminder's moment
        clock.set(instant)
        tick(sessions, relay, instant)

    reminders = [c for c in fake_slack.calls_to("chat.postMessage") if "Prep" in json.dumps(c.params)]
    assert len(reminders) == 1, [c.params for c in fake_slack.calls_to("chat.postMessage")]
    assert reminders[0].params["channel"] in (EMPLOYEE, "D" + EMPLOYEE)


def test_an_old_uninstall_delivered_after_a_reinstall_erases_nothing_new(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    uninstalled = clock.now
    slack.event({"type": "app_uninstalled"}, envelope=at(uninstalled))
    reinstall_and_use(slack, fake_slack, clock)

    # The same uninstall under another event id (the key of its first delivery long pruned, say).
    event = {"type": "app_uninstalled", "event_ts": f"{uninstalled.timestamp():.6f}"}
    assert slack.event(event, envelope={**at(uninstalled), "event_id": "EvLATE"}).status == 200

    assert series_count(sessions) == 1
    with sessions.begin() as session:
        assert session.scalars(select(Workspace.team_id)).all() == ["T0001"]


def test_an_uninstall_first_delivered_after_the_workspace_was_used_again_erases_nothing(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    """Slack could not reach us when the app was uninstalled; by the time its retry arrives the app
    was installed again and someone set up: the old news must not wipe that."""
    uninstalled = clock.advance(hours=1)
    clock.advance(minutes=10)
    slack.command(EMPLOYEE, "hours 08:00-16:30")  # used after the reinstall

    event = {"type": "app_uninstalled", "event_ts": f"{uninstalled.timestamp():.6f}"}
    slack.event(event, envelope=at(uninstalled), retry_num=3)

    assert series_count(sessions) == 1


def test_an_uninstall_after_the_install_still_erases(
    slack: SignedSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    slack.event({"type": "app_uninstalled"}, envelope=at(clock.now))

    assert series_count(sessions) == 0


# --- Enterprise Grid org-wide events --------------------------------------------------------------------------------

NOT_SUPPORTED = "org-wide installs are not supported"
ORG_WIDE = {
    "team_id": None,
    "enterprise_id": "E0001",
    "is_ext_shared_channel": False,
    "authorizations": [
        {"enterprise_id": "E0001", "team_id": None, "user_id": "UBOT", "is_bot": True, "is_enterprise_install": True}
    ],
}


@pytest.mark.parametrize(
    "event",
    [
        {"type": "app_uninstalled"},
        {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}},
        {"type": "user_change", "user": {"id": EMPLOYEE, "name": "ana", "tz": "Asia/Tokyo", "deleted": True}},
        {"type": "app_home_opened", "user": EMPLOYEE, "channel": "DHOME", "tab": "home"},
    ],
    ids=lambda event: str(event["type"]),
)
def test_an_org_wide_event_is_refused_with_one_log_line(
    slack: SignedSlack,
    fake_slack: FakeSlack,
    sessions: SessionFactory,
    caplog: pytest.LogCaptureFixture,
    event: dict[str, Any],
) -> None:
    before = footprint(sessions)
    caplog.set_level(logging.INFO)

    response = slack.event(event, envelope=ORG_WIDE)

    assert response.status == 200
    assert footprint(sessions) == before
    assert slack_writes(fake_slack) == []
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    refused = [r.getMessage() for r in caplog.records if "Enterprise Grid" in r.getMessage()]
    assert refused == [
        f"ignored {event['type']} from Enterprise Grid organization E0001: org-wide installs are not supported"
    ]


# --- app_home_opened ------------------------------------------------------------------------------------------------


def test_a_retried_home_opening_publishes_once(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    slack.event({"type": "app_home_opened", "user": EMPLOYEE, "channel": "DHOME", "tab": "home"})
    assert len(fake_slack.calls_to("views.publish")) == 1

    assert_replays_change_nothing(slack, fake_slack, sessions, as_retries=True)
