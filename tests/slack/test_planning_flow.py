"""Team planning end to end over signed HTTP against the fake Slack: Mira sets a planning date; a week
before, in her morning, one DM lists what Ana shared with her (paths, skills, the stretch ask) while
Priya's unshared prep and Ana's later unshared draft never reach her; a changed date moves the digest;
someone who manages nobody is refused; Ana's App Home says her shared interests feed the planning."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.db import SessionFactory
from bot.models import DeliveryState
from bot.scheduling.relay import Relay
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.offer_flow import open_home
from tests.support.planning_flow import planning, save_draft, save_without_sharing, set_up_report
from tests.support.planning_world import digests as digest_rows
from tests.support.prep_flow import EMPLOYEE, MANAGER, add_people, set_up_pair, share
from tests.support.reminders_flow import run_at
from tests.support.signed import SignedSlack

PRIYA = "UPRIYA"
EVE = "UEVE"
MIRA_DM = "D" + MANAGER
# Planning on Mon 14 Dec 2026: the digest is due Mon 7 Dec, 09:00 in New York (14:00 UTC).
DUE = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
SHARED_PATHS = "Curious about data engineering"
SHARED_SKILLS = "Capacity planning"
STRETCH = "Lead the Kafka migration"
PRIYA_SECRET = "Interviewing at another company"
ANA_LATER_DRAFT = "Thinking of moving to sales"


@pytest.fixture(autouse=True)
def team(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    """Ana and Priya report to Mira (confirmed). Ana shares interests; Priya keeps her prep to herself."""
    add_people(fake_slack)
    set_up_pair(slack, fake_slack)
    set_up_report(slack, fake_slack, PRIYA)
    share(slack, fake_slack, paths=SHARED_PATHS, grow_skills=SHARED_SKILLS, asks=[("stretch", STRETCH)])
    save_without_sharing(slack, fake_slack, PRIYA, paths=PRIYA_SECRET, grow_skills=PRIYA_SECRET)
    slack.wait_for_listeners()


def digests(fake_slack: FakeSlack) -> list[dict[str, Any]]:
    return [m for m in fake_slack.messages(channel=MIRA_DM) if str(m.get("text", "")).startswith("Team planning on")]


def test_the_digest_holds_only_what_reports_shared_and_arrives_once_a_week_before(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    assert "Mon 14 Dec 2026" in planning(slack, fake_slack, MANAGER, "2026-12-14")
    # Ana edits her prep afterwards and leaves the new version unshared: the digest keeps the shared one.
    save_draft(slack, fake_slack, EMPLOYEE, paths=ANA_LATER_DRAFT)

    run_at(sessions, relay, clock, datetime(2026, 11, 24, 15, tzinfo=UTC))
    run_at(sessions, relay, clock, DUE - timedelta(minutes=1))
    assert digests(fake_slack) == []
    run_at(sessions, relay, clock, DUE)
    run_at(sessions, relay, clock, DUE + timedelta(days=1))

    [digest] = digests(fake_slack)
    assert digest["ts"]
    assert digest["text"] == (
        "Team planning on Mon 14 Dec 2026: what your reports shared about where they want to grow."
    )
    shown = json.dumps(digest["blocks"])
    assert f"<@{EMPLOYEE}>" in shown
    assert SHARED_PATHS in shown
    assert SHARED_SKILLS in shown
    assert f"A stretch assignment: {STRETCH}" in shown
    assert "1 person hasn't shared interests with you yet" in shown
    everything = json.dumps(fake_slack.messages(channel=MIRA_DM))
    assert PRIYA_SECRET not in everything
    assert ANA_LATER_DRAFT not in everything
    assert f"<@{PRIYA}>" not in shown  # those who shared nothing are counted, never named


def test_a_changed_date_moves_the_digest_and_off_stops_it(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    planning(slack, fake_slack, MANAGER, "2026-12-14")
    run_at(sessions, relay, clock, datetime(2026, 11, 24, 15, tzinfo=UTC))  # the digest for 14 Dec is queued
    clock.set(datetime(2026, 11, 25, 15, tzinfo=UTC))
    assert "then every 3 months" in planning(slack, fake_slack, MANAGER, "quarterly 2026-12-21")
    assert "Mon 21 Dec 2026" in planning(slack, fake_slack, MANAGER)

    run_at(sessions, relay, clock, DUE)
    run_at(sessions, relay, clock, DUE + timedelta(days=3))
    assert digests(fake_slack) == []
    run_at(sessions, relay, clock, DUE + timedelta(days=7))  # Mon 14 Dec, 09:00 in New York
    assert [m["text"].split(":")[0] for m in digests(fake_slack)] == ["Team planning on Mon 21 Dec 2026"]

    assert "off" in planning(slack, fake_slack, MANAGER, "off")
    run_at(sessions, relay, clock, datetime(2027, 3, 15, 14, tzinfo=UTC))  # a quarter on: nothing comes
    assert len(digests(fake_slack)) == 1
    assert "no upcoming team-planning date" in planning(slack, fake_slack, MANAGER)


def test_someone_who_manages_nobody_is_refused_and_a_report_sees_what_feeds_the_planning(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    assert "for managers" in planning(slack, fake_slack, EVE, "2026-12-14")
    assert "for managers" in planning(slack, fake_slack, EMPLOYEE, "2026-12-14")
    assert "didn't understand" in planning(slack, fake_slack, MANAGER, "next tuesday")
    assert "no team-planning date" in planning(slack, fake_slack, EVE)

    planning(slack, fake_slack, MANAGER, "2026-12-14")
    home = json.dumps(open_home(slack, fake_slack, EMPLOYEE))
    assert f"<@{MANAGER}> plans the team on Mon 14 Dec 2026" in home
    assert "stays private" in home
    assert "plans the team" not in json.dumps(open_home(slack, fake_slack, EVE))


def test_a_paused_manager_gets_the_digest_when_back_and_not_after_the_planning_day(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    planning(slack, fake_slack, MANAGER, "2026-12-14")
    assert slack.command(MANAGER, "pause until 2026-12-08").status == 200
    run_at(sessions, relay, clock, DUE)
    run_at(sessions, relay, clock, DUE + timedelta(days=1))
    assert digests(fake_slack) == []

    run_at(sessions, relay, clock, DUE + timedelta(days=2))  # Wed 9 Dec, 09:00 in New York: she is back
    assert len(digests(fake_slack)) == 1


def test_a_digest_held_past_the_planning_day_is_dropped(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    planning(slack, fake_slack, MANAGER, "2026-12-14")
    assert slack.command(MANAGER, "pause until 2026-12-14").status == 200
    for day in range(10):
        run_at(sessions, relay, clock, DUE + timedelta(days=day))

    assert digests(fake_slack) == []
    with sessions.begin() as session:
        [held] = digest_rows(session)
        assert (held.state, held.last_error) == (DeliveryState.CANCELLED, "the planning day has come")
