"""A person's DM channel, kept on their row across runs: conversations.open is Tier 3 (about 50 a
minute), so it is asked once per person, and again only after Slack answers channel_not_found."""

from __future__ import annotations

from slack_sdk import WebClient
from sqlalchemy import update

from bot.db import SessionFactory
from bot.models import Person


def open_dm_channel(client: WebClient, sessions: SessionFactory, *, person_id: int, slack_user_id: str) -> str:
    """Ask Slack for the DM channel to `slack_user_id` and remember it on the person."""
    response = client.conversations_open(users=slack_user_id)
    channel = str(response["channel"]["id"])
    with sessions.begin() as session:
        session.execute(update(Person).where(Person.id == person_id).values(dm_channel_id=channel))
    return channel


def forget_dm_channel(sessions: SessionFactory, *, person_id: int, channel: str) -> None:
    """Slack no longer knows `channel`: the next message to the person opens a DM afresh."""
    with sessions.begin() as session:
        session.execute(
            update(Person).where(Person.id == person_id, Person.dm_channel_id == channel).values(dm_channel_id=None)
        )


def open_group_dm(client: WebClient, slack_user_ids: tuple[str, ...]) -> str:
    """The group DM (mpim) of these people and the bot. Slack answers the same channel for the same people,
    so opening it again after a crash lands in the one opened before; nothing is kept on our side."""
    response = client.conversations_open(users=",".join(slack_user_ids))
    return str(response["channel"]["id"])
