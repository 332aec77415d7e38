"""`/career-prep digest` end to end: signed commands and clicks into Bolt, the tick at chosen instants,
and what lands in channels and DMs of the fake Slack."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db import SessionFactory
from bot.domain.people import Profile
from bot.domain.setup import SetupInput, confirm_manager, save_setup
from bot.models import (
    ActionItem,
    Cadence,
    Conversation,
    ConversationState,
    Delivery,
    DeliveryState,
    DigestScope,
    DigestSubscription,
    ItemStatus,
)
from bot.scheduling.relay import Relay
from bot.scheduling.tick import tick
from bot.slack.ids import Action
from tests.conftest import TEAM_ID
from tests.support.fake_slack import FakeSlack
from tests.support.signed import SignedSlack

MANAGER = "UMIRA"
ADMIN = "UADMIN"
SECRET = "SECRET-do-not-post"
# Reports of Mira (New York), their names and when they last had a development conversation.
REPORTS = [
    ("UANA", "Ana Silva", "Europe/Berlin", datetime(2026, 11, 13, 15, tzinfo=UTC)),
    ("UBO", "Bo <b>Li</b> & co", "Asia/Kolkata", datetime(2026, 10, 10, 15, tzinfo=UTC)),
    ("UCY", "Cy Park", "America/New_York", datetime(2026, 8, 20, 15, tzinfo=UTC)),
    ("UDEE", "Dee Okafor", "UTC", None),
]
MONDAY_9_NY = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # the first Monday 09:00 in New York after subscribing


@pytest.fixture(autouse=True)
def workspace(fake_slack: FakeSlack, sessions: SessionFactory) -> None:
    fake_slack.add_user(MANAGER, name="mira", tz="America/New_York")
    fake_slack.add_user(ADMIN, name="pat", tz="UTC", is_admin=True)
    fake_slack.add_user("UEVE", name="eve", tz="UTC")
    for user_id, name, tz, _ in REPORTS:
        fake_slack.add_user(user_id, name=name, tz=tz)
    fake_slack.add_channel("C123", "mgrs")
    fake_slack.add_channel("CNOTIN", "random", is_member=False)
    fake_slack.add_channel("CARCH", "old-team", is_archived=True)
    fake_slack.add_channel("GSECRET", "secret-room", is_private=True, is_member=False)
    fake_slack.add_channel("CPEOPLE", "people-team")
    _team_of_four(sessions, now=datetime(2026, 11, 20, 12, tzinfo=UTC))


def _team_of_four(sessions: SessionFactory, *, now: datetime) -> None:
    """Four confirmed reports of Mira (one unconfirmed), past conversations, a shared prep and items."""
    with sessions.begin() as session:
        for user_id, name, tz, held_at in [*REPORTS, ("UEVE", "Eve Unconfirmed", "UTC", None)]:
            _report(session, user_id, name, tz, held_at, now=now, confirmed=user_id != "UEVE")
        # The setup chatter (confirmations) is not what these tests are about.
        session.execute(update(Delivery).values(state=DeliveryState.CANCELLED))


def _fifth_report(fake_slack: FakeSlack, sessions: SessionFactory) -> None:
    """Fay joins Mira's team, which makes it five: big enough for counts in a channel."""
    fake_slack.add_user("UFAY", name="Fay Dunn", tz="UTC")
    with sessions.begin() as session:
        now = datetime(2026, 11, 21, 12, tzinfo=UTC)
        _report(session, "UFAY", "Fay Dunn", "UTC", datetime(2026, 11, 16, 15, tzinfo=UTC), now=now, confirmed=True)
        session.execute(update(Delivery).values(state=DeliveryState.CANCELLED))


def _report(
    session: Session, user_id: str, name: str, tz: str, held_at: datetime | None, *, now: datetime, confirmed: bool
) -> None:
    mira = Profile(MANAGER, "Mira Chen", "America/New_York")
    form = SetupInput(Profile(user_id, name, tz), mira, date(2026, 12, 8), time(15, 30), Cadence.MONTHLY, 30)
    result = save_setup(session, team_id=TEAM_ID, form=form, submission_id=f"setup-{user_id}", now=now)
    if confirmed:
        confirm_manager(
            session,
            team_id=TEAM_ID,
            series_id=result.series.id,
            manager_id=result.manager.id,
            actor_slack_id=MANAGER,
            now=now,
        )
        if held_at is None:  # on the team since June, never a conversation: overdue
            result.employee.created_at = result.employee.manager_confirmed_at = datetime(2026, 6, 1, tzinfo=UTC)
    upcoming = session.scalars(select(Conversation).where(Conversation.series_id == result.series.id)).one()
    if user_id == "UANA":
        upcoming.prep, upcoming.prep_shared_at = {"strengths": SECRET}, now
        upcoming.shared_prep, upcoming.prep_shared_with_id = upcoming.prep, result.manager.id
    if held_at is not None:
        held = Conversation(
            team_id=TEAM_ID,
            series_id=result.series.id,
            employee_id=result.employee.id,
            manager_id=result.manager.id,
            scheduled_at=held_at,
            state=ConversationState.HELD,
            recap={"takeaways": SECRET},
            created_at=now,
            updated_at=now,
        )
        session.add(held)
        session.flush()
        for owner, other in ((result.employee, result.manager), (result.manager, result.employee)):
            item = ActionItem(
                team_id=TEAM_ID,
                conversation_id=held.id,
                owner_id=owner.id,
                counterpart_id=other.id,
                text=SECRET,
                due_date=date(2026, 11, 25),
                status=ItemStatus.OPEN,
                created_at=now,
                updated_at=now,
            )
            session.add(item)


def reply(fake_slack: FakeSlack) -> str:
    """The latest ephemeral answer (response_url), as one string of its text and blocks."""
    answer = fake_slack.responses[-1]
    assert answer["response_type"] == "ephemeral"
    return json.dumps({"text": answer["text"], "blocks": answer.get("blocks")}, ensure_ascii=False)


def subscription(sessions: SessionFactory, scope: DigestScope = DigestScope.TEAM) -> DigestSubscription | None:
    with sessions.begin() as session:
        sub = session.scalar(select(DigestSubscription).where(DigestSubscription.scope == scope))
        if sub is not None:
            session.expunge(sub)
        return sub


def posted(fake_slack: FakeSlack, channel: str) -> list[dict[str, Any]]:
    return fake_slack.messages(channel=channel)


def ticks(sessions: SessionFactory, relay: Relay, *instants: datetime) -> None:
    for instant in instants:
        tick(sessions, relay, instant)


# -- subscribing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["<#C123|mgrs>", "#mgrs"])
def test_a_manager_subscribes_a_channel(
    typed: str, slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    assert slack.command(MANAGER, f"digest {typed}").status == 200

    answer = reply(fake_slack)
    assert "Your team digest goes to <#C123> every Monday at 09:00 (America/New_York)" in answer
    assert "First one: Mon 30 Nov 2026, 09:00 (America/New_York)" in answer
    sub = subscription(sessions)
    assert sub is not None
    assert (sub.channel_id, sub.interval_weeks, sub.weekday, sub.hour, sub.active) == ("C123", 1, 0, 9, True)
    assert sub.next_due_at == MONDAY_9_NY
    if typed.startswith("#"):
        assert fake_slack.last("conversations.list").params["types"] == "public_channel,private_channel"
    else:
        assert fake_slack.last("conversations.info").params["channel"] == "C123"


@pytest.mark.parametrize(
    ("typed", "told"),
    [
        ("<#CNOTIN|random>", "I'm not a member of <#CNOTIN> yet. Add me by typing `/invite @Career Prep`"),
        ("#random", "I'm not a member of <#CNOTIN> yet"),
        ("<#CARCH|old-team>", "<#CARCH> is archived"),
        ("#old-team", "<#CARCH> is archived"),
        ("#secret-room", "I can't see #secret-room. If it's a private channel, add me first"),
        ("<#CGONE|>", "I can't see <#CGONE>"),
    ],
)
def test_a_channel_the_bot_cannot_post_in_is_refused_at_once_with_the_fix(
    typed: str, told: str, slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    slack.command(MANAGER, f"digest {typed}")

    assert told in reply(fake_slack)
    assert subscription(sessions) is None


def test_unreadable_input_gets_an_example(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    slack.command(MANAGER, "digest #mgrs sometimes")

    assert "I didn't understand `sometimes`" in reply(fake_slack)


def test_digest_alone_shows_the_subscription_and_off_stops_it(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay
) -> None:
    slack.command(MANAGER, "digest")
    assert "digest #channel" in reply(fake_slack)

    slack.command(MANAGER, "digest <#C123|mgrs> every 2 weeks thursday 15:00")
    slack.command(MANAGER, "digest")
    assert "goes to <#C123> every other Thursday at 15:00 (America/New_York)" in reply(fake_slack)

    slack.command(MANAGER, "digest off")
    assert "Stopped" in reply(fake_slack)
    sub = subscription(sessions)
    assert sub is not None
    assert sub.active is False
    ticks(sessions, relay, datetime(2026, 11, 26, 20, tzinfo=UTC), datetime(2026, 12, 10, 20, tzinfo=UTC))
    assert posted(fake_slack, "C123") == []


# -- the team digest --------------------------------------------------------------------------------


def names_or_ids(text: str) -> list[str]:
    """Every report's name, first name or Slack id (confirmed or not) that appears in `text`."""
    people = [(u, n) for u, n, _, _ in REPORTS] + [("UEVE", "Eve"), ("UFAY", "Fay Dunn")]
    return [word for u, n in people for word in (u, n.split()[0]) if re.search(rf"\b{word}\b", text)]


def test_the_team_digest_arrives_at_the_managers_local_hour_with_nothing_private(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay
) -> None:
    _fifth_report(fake_slack, sessions)
    slack.command(MANAGER, "digest <#C123|mgrs>")

    ticks(sessions, relay, MONDAY_9_NY - timedelta(minutes=15))
    assert posted(fake_slack, "C123") == []
    ticks(sessions, relay, MONDAY_9_NY, MONDAY_9_NY + timedelta(minutes=15), MONDAY_9_NY + timedelta(hours=3))

    (message,) = posted(fake_slack, "C123")
    shown = json.dumps(message["blocks"], ensure_ascii=False)
    assert "mira's team: 3 of 5 had a development conversation in the last 60 days" in message["text"]
    assert "5 confirmed reports on the team" in shown
    assert "3 of 5 gone over 45 days without one" in shown
    assert "5 of 5 with a 1:1 scheduled, 1 of them with their prep shared for it" in shown
    assert "4 overdue commitments from the manager to the team" in shown
    assert names_or_ids(json.dumps(message)) == []
    assert "last:" not in shown
    assert "Longest" not in shown
    assert "13 Nov" not in shown
    assert SECRET not in json.dumps(message)
    assert "<@" not in json.dumps(message)
    with sessions.begin() as session:
        sub = session.scalars(select(DigestSubscription)).one()
        assert (sub.last_sent_at, sub.next_due_at) == (MONDAY_9_NY, MONDAY_9_NY + timedelta(weeks=1))

    ticks(sessions, relay, MONDAY_9_NY + timedelta(weeks=1))
    assert len(posted(fake_slack, "C123")) == 2


def test_a_team_of_four_gets_no_figure_in_a_channel(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay
) -> None:
    slack.command(MANAGER, "digest <#C123|mgrs>")

    ticks(sessions, relay, MONDAY_9_NY)

    (message,) = posted(fake_slack, "C123")
    everything = json.dumps(message, ensure_ascii=False)
    assert message["text"] == "mira's team: figures kept to the manager's DM (teams under 5)"
    assert "fewer than 5 confirmed reports" in everything
    assert "`/career-prep digest dm`" in everything
    assert " of 4" not in everything
    assert "overdue commitments" not in everything
    assert names_or_ids(everything) == []
    assert SECRET not in everything


def test_a_dm_digest_waits_for_working_hours_and_lists_the_managers_own_items(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay
) -> None:
    slack.command(MANAGER, "digest dm monday 7am")
    seven, nine = MONDAY_9_NY - timedelta(hours=2), MONDAY_9_NY

    ticks(sessions, relay, seven, seven + timedelta(hours=1))
    assert [m for m in posted(fake_slack, "DUMIRA") if "team" in m["text"]] == []
    ticks(sessions, relay, nine)

    (digest,) = [m for m in posted(fake_slack, "DUMIRA") if "Your team" in m["text"]]
    shown = json.dumps(digest["blocks"], ensure_ascii=False)
    assert "2 of 4 had a development conversation in the last 60 days" in digest["text"]
    assert "Longest without one* (over 45 days): Dee Okafor (none recorded), Cy Park (102 days), Bo" in shown
    assert "*Ana Silva* — last: 13 Nov (17 days ago) · next 1:1: Tue 8 Dec, prep shared" in shown
    assert "items: theirs 1 open (1 overdue), yours 1 open (1 overdue)" in shown
    assert "Bo &lt;b&gt;Li&lt;/b&gt; &amp; co" in shown
    assert "Your overdue commitments (3)" in shown
    assert f"• {SECRET} — due 25 Nov, with Ana Silva" in shown
    assert "Eve" not in shown  # not confirmed: not on Mira's team
    assert "strengths" not in shown
    assert "<@" not in json.dumps(digest)


def test_the_owner_can_stop_the_digest_from_it_and_nobody_else_can(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay
) -> None:
    slack.command(MANAGER, "digest <#C123|mgrs>")
    ticks(sessions, relay, MONDAY_9_NY)
    (message,) = posted(fake_slack, "C123")
    value = next(e["value"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"])

    slack.click("UANA", Action.DIGEST_OFF, value, message=message)
    assert "Only the person who set this digest up can stop it." in reply(fake_slack)
    assert "mira" not in reply(fake_slack).lower()  # a refusal never says whose digest it is
    sub = subscription(sessions)
    assert sub is not None
    assert sub.active is True

    slack.click(MANAGER, Action.DIGEST_OFF, value, message=message)
    assert "Stopped: no more team digests in <#C123>" in reply(fake_slack)
    ticks(sessions, relay, MONDAY_9_NY + timedelta(weeks=1), MONDAY_9_NY + timedelta(weeks=2))
    assert len(posted(fake_slack, "C123")) == 1


# -- the org digest ---------------------------------------------------------------------------------


def test_the_org_digest_is_refused_to_a_non_admin(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    slack.command(MANAGER, "digest <#CPEOPLE|people-team> org")

    assert "only workspace admins and owners" in reply(fake_slack)
    assert subscription(sessions, DigestScope.ORG) is None


def test_the_org_digest_is_posted_for_an_admin_with_counts_only(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay
) -> None:
    _fifth_report(fake_slack, sessions)
    slack.command(ADMIN, "digest #people-team org")
    assert "Your workspace digest goes to <#CPEOPLE> every Monday at 09:00 (UTC)" in reply(fake_slack)

    ticks(sessions, relay, datetime(2026, 11, 30, 8, 45, tzinfo=UTC), datetime(2026, 11, 30, 9, tzinfo=UTC))

    (message,) = posted(fake_slack, "CPEOPLE")
    shown = json.dumps(message, ensure_ascii=False)
    assert "3 of 5 people had a development conversation in the last 60 days" in shown
    assert "*Mira Chen* — 3 of 5 covered · 3 over 45 days without one" in shown
    assert names_or_ids(shown) == []
    assert SECRET not in shown


def test_the_org_digest_shows_no_team_of_four(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay
) -> None:
    slack.command(ADMIN, "digest #people-team org")

    ticks(sessions, relay, datetime(2026, 11, 30, 9, tzinfo=UTC))

    (message,) = posted(fake_slack, "CPEOPLE")
    shown = json.dumps(message, ensure_ascii=False)
    assert message["text"] == "Career conversations: no figures yet"
    assert "Teams under 5 people are left out" in shown
    assert "mira" not in shown.lower()
    assert " of 4" not in shown
    assert names_or_ids(shown) == []


# -- a channel that stops working -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "paused"), [("is_archived", True), ("channel_not_found", True), ("not_in_channel", False)]
)
def test_a_failing_channel_tells_the_owner_once(
    error: str, paused: bool, slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay
) -> None:
    slack.command(MANAGER, "digest <#C123|mgrs>")
    fake_slack.fail_for_channel("C123", error)

    for week in range(3):
        monday = MONDAY_9_NY + timedelta(weeks=week)
        ticks(sessions, relay, monday, monday + timedelta(minutes=15), monday + timedelta(hours=1))

    notices = [m for m in posted(fake_slack, "DUMIRA") if "couldn't be posted" in m["text"]]
    assert len(notices) == 1
    told = json.dumps(notices[0]["blocks"])
    assert ("I've paused it" in told) is paused
    assert "/invite @Career Prep" in told or "digest #channel" in told
    sub = subscription(sessions)
    assert sub is not None
    assert sub.active is not paused
    with sessions.begin() as session:
        failed = session.scalars(select(Delivery).where(Delivery.state == DeliveryState.FAILED)).all()
        assert {d.last_error for d in failed} == {error}
        assert len(failed) == (1 if paused else 3)
