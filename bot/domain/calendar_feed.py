"""A person's private calendar subscription: a long random token shown once, kept only as its SHA-256."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.domain.errors import NotFound
from bot.domain.markdown import Doc
from bot.domain.people import find_person
from bot.models import Person, PersonStatus
from bot.models.calendar_feed import CalendarFeed

# 32 random bytes: 43 URL-safe characters, far beyond guessing.
TOKEN_BYTES = 32

# The feed's URL path: FEED_PREFIX + token + FEED_SUFFIX (bot/web.py serves it; `calendar` hands it out).
FEED_PREFIX = "/calendar/"
FEED_SUFFIX = ".ics"


def feed_path(token: str) -> str:
    return f"{FEED_PREFIX}{token}{FEED_SUFFIX}"


def token_hash(token: str) -> str:
    """What is stored and looked up: the hex SHA-256 of the token as it appears in the URL."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def open_feed(session: Session, *, team_id: str, slack_user_id: str, now: datetime, reset: bool = False) -> str | None:
    """A new token for the person's feed; None when one is live and `reset` was not asked for (only its
    hash is kept, so it cannot be shown again). Resetting replaces the hash: the old URL is dead at once."""
    person = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    if person is None or person.status is PersonStatus.LEFT:
        raise NotFound("Career Prep doesn't know you yet. Run `/career-prep` to set up your 1:1s first.")
    feed = session.scalar(
        select(CalendarFeed).where(CalendarFeed.team_id == team_id, CalendarFeed.person_id == person.id)
    )
    if feed is not None and not reset:
        return None
    token = secrets.token_urlsafe(TOKEN_BYTES)
    if feed is None:
        session.add(
            CalendarFeed(
                team_id=team_id, person_id=person.id, token_hash=token_hash(token), created_at=now, updated_at=now
            )
        )
    else:
        feed.token_hash = token_hash(token)
        feed.updated_at = now
    session.flush()
    return token


def close_feed(session: Session, *, team_id: str, slack_user_id: str) -> bool:
    """Switch the person's feed off (its URL answers 404 from now on); False if there was none."""
    person = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    if person is None:
        return False
    return delete_feed(session, team_id=team_id, person_id=person.id)


def delete_feed(session: Session, *, team_id: str, person_id: int) -> bool:
    gone = session.execute(
        delete(CalendarFeed).where(CalendarFeed.team_id == team_id, CalendarFeed.person_id == person_id)
    )
    return bool(getattr(gone, "rowcount", 0))


def feed_since(session: Session, *, team_id: str, person_id: int) -> datetime | None:
    """When the person's live feed was created or last reset; None without one."""
    feed = session.scalar(
        select(CalendarFeed).where(CalendarFeed.team_id == team_id, CalendarFeed.person_id == person_id)
    )
    return None if feed is None else feed.updated_at


def feed_owner(session: Session, token: str) -> Person | None:
    """The person a feed URL belongs to, or None. Every token, well-formed or not, costs the same:
    one hash and one lookup on the unique index, so answers don't tell a near miss from nonsense.
    A person who left gets nothing, even with the right token."""
    return session.scalar(
        select(Person)
        .join(CalendarFeed, CalendarFeed.person_id == Person.id)
        .where(
            CalendarFeed.token_hash == token_hash(token),
            Person.team_id == CalendarFeed.team_id,
            Person.status != PersonStatus.LEFT,
        )
    )


def write_calendar_feed(doc: Doc) -> None:
    """The export's line about the feed: whether one is live. Its link is not stored, so not exported."""
    me = doc.reader
    since = feed_since(doc.session, team_id=me.team_id, person_id=me.id)
    doc.add("## Your calendar link", "")
    if since is None:
        doc.add("None.", "")
        return
    doc.add(
        f"- A private calendar link is live, made {doc.when(since)}. Career Prep keeps only a fingerprint "
        "of it, never the link itself; `/career-prep calendar reset` replaces it, `calendar off` ends it.",
        "",
    )
