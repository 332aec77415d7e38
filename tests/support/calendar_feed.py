"""Steps for calendar-feed tests: the link from `/career-prep calendar`, a plain GET/HEAD on it, the feed read
back with vobject, and a world with office hours and items around a set-up pair."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import vobject
from sqlalchemy import select

from bot.db import SessionFactory
from bot.models import ActionItem, Conversation, ItemStatus, Person
from bot.models.office_hours import OfficeHours, OfficeHoursBooking
from tests.support.fake_slack import FakeSlack

FEED_URL = re.compile(r"(https?://\S+/calendar/[A-Za-z0-9_-]+\.ics)")


@dataclass(frozen=True)
class Fetched:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(url: str, *, method: str = "GET") -> Fetched:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Fetched(response.status, dict(response.headers.items()), response.read())
    except urllib.error.HTTPError as error:
        return Fetched(error.code, dict(error.headers.items()), error.read())


def link_in(reply: dict[str, Any]) -> str | None:
    found = FEED_URL.search(str(reply.get("text", "")))
    return found.group(1) if found else None


def last_reply(fake_slack: FakeSlack) -> dict[str, Any]:
    return fake_slack.responses[-1]


def events(body: bytes) -> dict[str, Any]:
    """The feed's events by title, parsed with vobject (not the library that wrote them)."""
    calendar = vobject.readOne(body.decode("utf-8"))
    return {event.summary.value: event for event in calendar.contents.get("vevent", [])}


@dataclass(frozen=True)
class World:
    own_item: str
    done_item: str
    managers_item: str
    booked_at: datetime


OWN_ITEM = "Draft the <design> doc & share it"
DONE_ITEM = "Read the platform RFC"
MANAGERS_ITEM = "Mira: find a mentor in data engineering for Ana"


def office_hours_and_items(sessions: SessionFactory, now: datetime, *, employee: str, manager: str) -> World:
    """Leo holds office hours: Ana booked one session, cancelled another, and had one last week. Ana owns an
    open item due soon and a done one; Mira owes Ana an item."""
    booked_at = now + timedelta(days=3)
    with sessions.begin() as session:
        ana = _person(session, employee)
        mira = _person(session, manager)
        leo = Person(team_id=ana.team_id, slack_user_id="ULEOHOST", display_name="Leo Park", tz="Asia/Tokyo")
        leo.created_at = leo.updated_at = now
        session.add(leo)
        session.flush()
        hours = OfficeHours(
            team_id=ana.team_id,
            host_id=leo.id,
            weekday=0,
            start_minute=600,
            length_minutes=45,
            slots=3,
            channel_id="C0HOURS",
            lead_minutes=60,
            topic="careers in data",
            active=True,
            plan_after=None,
            created_at=now,
            updated_at=now,
        )
        session.add(hours)
        session.flush()
        for at, slot, cancelled in (
            (booked_at, 0, None),
            (now + timedelta(days=10), 1, now),
            (now - timedelta(days=4), 2, None),
        ):
            session.add(
                OfficeHoursBooking(
                    team_id=ana.team_id,
                    office_hours_id=hours.id,
                    session_at=at,
                    slot_index=slot,
                    booker_id=ana.id,
                    booked_at=now,
                    cancelled_at=cancelled,
                    live_slot=None if cancelled else slot,
                    live_booker_id=None if cancelled else ana.id,
                    created_at=now,
                    updated_at=now,
                )
            )
        conversation = session.scalars(select(Conversation).where(Conversation.employee_id == ana.id)).first()
        assert conversation is not None
        due = now.date() + timedelta(days=5)
        for owner, other, text, status in (
            (ana, mira, OWN_ITEM, ItemStatus.OPEN),
            (ana, mira, DONE_ITEM, ItemStatus.DONE),
            (mira, ana, MANAGERS_ITEM, ItemStatus.IN_PROGRESS),
        ):
            session.add(
                ActionItem(
                    team_id=ana.team_id,
                    conversation_id=conversation.id,
                    owner_id=owner.id,
                    counterpart_id=other.id,
                    text=text,
                    due_date=due,
                    status=status,
                    created_at=now,
                    updated_at=now,
                )
            )
    return World(OWN_ITEM, DONE_ITEM, MANAGERS_ITEM, booked_at)


def _person(session: Any, slack_user_id: str) -> Person:
    person = session.scalars(select(Person).where(Person.slack_user_id == slack_user_id)).one()
    assert isinstance(person, Person)
    return person


def local_starts(event: Any, after: date, count: int) -> list[datetime]:
    """The first `count` occurrences of a recurring event on or after `after`, as vobject expands them."""
    found = []
    for start in event.getrruleset(addRDate=True):
        if start.date() >= after:
            found.append(start)
        if len(found) == count:
            break
    return found
