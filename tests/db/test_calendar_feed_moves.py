"""A 1:1 moved off its rule (an accepted meeting request) shows in the feed at its new time, and the rule's
dates it replaces do not, as the bot plans them: the meeting after a moved one is the rule's next after it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import vobject
from sqlalchemy.orm import Session

from bot.domain.calendar_feed import feed_owner, open_feed
from bot.domain.calendar_feed_events import feed_calendar
from bot.domain.conversations import move_conversation
from bot.domain.export import build_export
from tests.support.calendar_feed import local_starts
from tests.support.pairs import planned_conversation
from tests.support.people import ANA, TEAM

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def ana_feed(db: Session) -> list[Any]:
    token = open_feed(db, team_id=TEAM, slack_user_id=ANA.slack_user_id, now=NOW)
    assert token is not None
    owner = feed_owner(db, token)
    assert owner is not None
    calendar = vobject.readOne(feed_calendar(db, person=owner, now=NOW).decode())
    return [e for e in calendar.contents["vevent"] if e.summary.value.startswith("1:1 with")]


@pytest.mark.parametrize(
    ("moved_to", "rule_dates"),
    [
        # Later than 8 Dec: 8 Dec is replaced, the rule goes on on 12 Jan.
        pytest.param(datetime(2026, 12, 10, 15, 0, tzinfo=UTC), [date(2027, 1, 12), date(2027, 2, 9)], id="later"),
        # Earlier: the bot still plans 8 Dec after it, so the rule keeps it.
        pytest.param(datetime(2026, 12, 3, 15, 0, tzinfo=UTC), [date(2026, 12, 8), date(2027, 1, 12)], id="earlier"),
    ],
)
def test_a_moved_meeting_is_its_own_event_and_replaces_the_rules_dates_before_it(
    db: Session, moved_to: datetime, rule_dates: list[date]
) -> None:
    conversation = planned_conversation(db, NOW)
    move_conversation(db, conversation=conversation, at=moved_to, now=NOW)

    repeating, *single = sorted(ana_feed(db), key=lambda e: hasattr(e, "rrule"), reverse=True)

    assert [s.date() for s in local_starts(repeating, NOW.date(), 2)] == rule_dates
    assert [e.dtstart.value.astimezone(UTC) for e in single] == [moved_to]
    assert single[0].dtstart.value.tzinfo is not None  # written in the pair's zone, with its VTIMEZONE


def test_an_unmoved_series_is_one_repeating_event(db: Session) -> None:
    planned_conversation(db, NOW)
    (repeating,) = ana_feed(db)
    assert [s.date() for s in local_starts(repeating, NOW.date(), 1)] == [date(2026, 12, 8)]


def test_the_export_says_a_link_is_live_but_never_holds_it(db: Session) -> None:
    planned_conversation(db, NOW)
    before = build_export(db, team_id=TEAM, slack_user_id=ANA.slack_user_id, now=NOW)
    token = open_feed(db, team_id=TEAM, slack_user_id=ANA.slack_user_id, now=NOW)
    after = build_export(db, team_id=TEAM, slack_user_id=ANA.slack_user_id, now=NOW)

    assert before is not None
    assert after is not None
    assert "## Your calendar link\n\nNone." in before.markdown
    assert "A private calendar link is live" in after.markdown
    assert token is not None
    assert token not in after.markdown
