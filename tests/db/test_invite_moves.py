"""A meeting moved by an accepted meeting request, in the calendar invite and in the private feed: read back
with vobject, both put exactly the meetings on the calendar that the bot itself plans, the moved one
included, whichever way and however far it moved."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import vobject
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import calendar_invites
from bot.domain.calendar_feed import feed_owner, open_feed
from bot.domain.calendar_feed_events import feed_calendar
from bot.domain.conversations import move_conversation, upcoming_conversation
from bot.domain.invite_files import invite_file, schedule_of
from bot.models import Cadence, OneOnOneSeries
from tests.support.invites import meetings, planned_meetings
from tests.support.pairs import planned_conversation
from tests.support.people import ANA, TEAM

BERLIN = ZoneInfo("Europe/Berlin")
SET_UP = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def berlin(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=BERLIN).astimezone(UTC)  # type: ignore[misc]


def accept_move(db: Session, *, to: datetime, now: datetime) -> OneOnOneSeries:
    """What accepting a meeting request does to the series: the upcoming meeting moves, invites follow."""
    series = db.scalars(select(OneOnOneSeries)).one()
    conversation = upcoming_conversation(db, series=series, now=now)
    move_conversation(db, conversation=conversation, at=to, now=now)
    calendar_invites.after_move(db, series=series, now=now)
    return series


def invite_for_ana(db: Session, series: OneOnOneSeries, now: datetime) -> bytes:
    file = invite_file(
        db, series=schedule_of(series), sequence=series.ics_sequence, cancel=False, other_name="Mira", now=now
    )
    return file.content


def feed_meetings(db: Session, now: datetime, count: int) -> list[datetime]:
    """The first `count` 1:1s after `now` in Ana's feed: the series' rule and its moved meeting."""
    token = open_feed(db, team_id=TEAM, slack_user_id=ANA.slack_user_id, now=now)
    assert token is not None
    owner = feed_owner(db, token)
    assert owner is not None
    calendar = vobject.readOne(feed_calendar(db, person=owner, now=now).decode())
    found: list[datetime] = []
    for event in calendar.contents["vevent"]:
        if event.summary.value.startswith("1:1 with"):
            found += _starts(event, now, count)
    return sorted(found)[:count]


def _starts(event: Any, after: datetime, count: int) -> list[datetime]:
    if not hasattr(event, "rrule"):
        return [event.dtstart.value.astimezone(UTC)]
    found: list[datetime] = []
    for start in event.getrruleset(addRDate=True):
        if start.astimezone(UTC) > after:
            found.append(start.astimezone(UTC))
        if len(found) == count:
            break
    return found


@pytest.mark.parametrize(
    ("cadence", "first", "now", "moved_to", "expected"),
    [
        # Weekly on Tuesdays: 15 Dec moves 6 days later, to Monday 21 Dec; the bot then holds Tuesday 22.
        pytest.param(
            Cadence.WEEKLY,
            date(2026, 12, 1),
            berlin(2026, 12, 9, 9, 0),
            berlin(2026, 12, 21, 10, 0),
            [berlin(2026, 12, 21, 10, 0), berlin(2026, 12, 22, 10, 0), berlin(2026, 12, 29, 10, 0)],
            id="weekly-6-days-later",
        ),
        # More than a week later: 15 Dec moves to Wednesday 30 Dec; 22 and 29 Dec are not held either.
        pytest.param(
            Cadence.WEEKLY,
            date(2026, 12, 1),
            berlin(2026, 12, 9, 9, 0),
            berlin(2026, 12, 30, 10, 0),
            [berlin(2026, 12, 30, 10, 0), berlin(2027, 1, 5, 10, 0), berlin(2027, 1, 12, 10, 0)],
            id="weekly-15-days-later",
        ),
        # Earlier: 15 Dec moves to Friday 11 Dec, and the bot still holds 15 Dec after it.
        pytest.param(
            Cadence.WEEKLY,
            date(2026, 12, 1),
            berlin(2026, 12, 9, 9, 0),
            berlin(2026, 12, 11, 10, 0),
            [berlin(2026, 12, 11, 10, 0), berlin(2026, 12, 15, 10, 0), berlin(2026, 12, 22, 10, 0)],
            id="weekly-earlier",
        ),
        # Monthly on the 2nd Tuesday: 12 Jan moves to 29 Jan; the bot then holds 9 Feb.
        pytest.param(
            Cadence.MONTHLY,
            date(2026, 12, 8),
            berlin(2026, 12, 20, 9, 0),
            berlin(2027, 1, 29, 10, 0),
            [berlin(2027, 1, 29, 10, 0), berlin(2027, 2, 9, 10, 0), berlin(2027, 3, 9, 10, 0)],
            id="monthly-17-days-later",
        ),
    ],
)
def test_the_invite_and_the_feed_hold_the_meetings_the_bot_plans_after_a_move(
    db: Session, cadence: Cadence, first: date, now: datetime, moved_to: datetime, expected: list[datetime]
) -> None:
    planned_conversation(db, SET_UP, day=first, at=time(10, 0), cadence=cadence)
    series = accept_move(db, to=moved_to, now=now)

    invited = meetings(invite_for_ana(db, series, now), now, 3)
    fed = feed_meetings(db, now, 3)
    planned = planned_meetings(db, now, 3)

    assert planned == expected
    assert invited == planned
    assert fed == planned


def test_a_meeting_moved_twice_still_stands_in_for_the_occurrence_it_first_left(db: Session) -> None:
    planned_conversation(db, SET_UP, day=date(2026, 12, 1), at=time(10, 0), cadence=Cadence.WEEKLY)
    now = berlin(2026, 12, 9, 9, 0)
    accept_move(db, to=berlin(2026, 12, 21, 10, 0), now=now)
    series = accept_move(db, to=berlin(2026, 12, 17, 10, 0), now=now)

    raw = invite_for_ana(db, series, now)

    [moved] = [e for e in vobject.readOne(raw.decode()).vevent_list if hasattr(e, "recurrence_id")]
    assert moved.recurrence_id.value.astimezone(UTC) == berlin(2026, 12, 15, 10, 0)
    planned = planned_meetings(db, now, 3)
    assert planned == [berlin(2026, 12, 17, 10, 0), berlin(2026, 12, 22, 10, 0), berlin(2026, 12, 29, 10, 0)]
    assert meetings(raw, now, 3) == planned
