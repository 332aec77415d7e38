"""Keep App Homes current: note whose Home a unit of work changed, and re-publish those after it commits.

The people are read off the rows each flush writes (a conversation names its employee and manager, an
action item its owner and counterpart, …), so every listener that goes through `unit_of_work` refreshes
the right Homes without saying so. Publishing is best effort: a failure is logged, never raised, and
the Home is rebuilt anyway the next time its owner opens it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db import SessionFactory
from bot.domain.home import home_summary
from bot.models import ActionItem, Ask, Conversation, Intro, Invitation, OneOnOneSeries, Person, PersonStatus, Workspace
from bot.slack.blocks.home import home_view
from bot.slack.client import web_client

logger = logging.getLogger(__name__)

# A listener touches two or three people; this only bounds the odd bulk change.
MAX_HOMES = 10
# A slow Slack must not hold up the listener that already answered: Homes give up sooner than sends.
PUBLISH_TIMEOUT_SECONDS = 5
# Per model, the columns naming the people whose Home shows that row.
PEOPLE_COLUMNS: dict[type[Any], tuple[str, ...]] = {
    Conversation: ("employee_id", "manager_id"),
    OneOnOneSeries: ("employee_id", "manager_id"),
    ActionItem: ("owner_id", "counterpart_id"),
    Invitation: ("manager_id",),  # the invitee's Home does not list invitations
    Intro: ("employee_id",),  # the employee's Home counts the intros that led to a meeting
    Person: ("id", "manager_id"),
    Ask: ("employee_id", "asked_id"),  # both sides list asks (a proposed redirect shows only to the employee)
}
# A person row shows on Homes through these; a refreshed name or timestamp alone changes nothing there.
PERSON_FIELDS = ("manager_id", "manager_confirmed", "status", "tz")

Home = tuple[str, str]  # (team id, Slack user id)


class HomeTracker:
    """Collects, at each flush of one session, the people whose Home the flushed rows appear on."""

    def __init__(self, session: Session) -> None:
        self._person_ids: set[int] = set()
        self._asked: dict[Home, None] = {}
        event.listen(session, "after_flush", self._flushed)

    def add(self, team_id: str, slack_user_id: str) -> None:
        """Refresh this Home too (first, whatever else changed)."""
        self._asked[(team_id, slack_user_id)] = None

    def _flushed(self, session: Session, _context: object) -> None:
        # After a flush the session still lists what it just wrote as new, dirty and deleted.
        for obj in (*session.new, *session.dirty, *session.deleted):
            self._person_ids.update(_people_of(obj, new=obj in session.new))

    def homes(self, session: Session) -> list[Home]:
        """The Homes to refresh, asked-for ones first, at most MAX_HOMES; people who left are skipped."""
        found: list[Home] = []
        if self._person_ids:
            rows = session.execute(
                select(Person.team_id, Person.slack_user_id)
                .join(Workspace, Workspace.team_id == Person.team_id)
                .where(
                    Person.id.in_(sorted(self._person_ids)),
                    Person.status != PersonStatus.LEFT,
                    Workspace.sends_blocked_reason.is_(None),
                )
                .order_by(Person.id)
            )
            found = [(team_id, user_id) for team_id, user_id in rows]
        homes = list(dict.fromkeys([*self._asked, *found]))
        if len(homes) > MAX_HOMES:
            logger.info("%d App Homes changed at once; refreshing the first %d", len(homes), MAX_HOMES)
        return homes[:MAX_HOMES]


def _people_of(obj: object, *, new: bool) -> Iterable[int]:
    columns = PEOPLE_COLUMNS.get(type(obj))
    if columns is None:
        return ()
    state = inspect(obj)
    if isinstance(obj, Person) and (new or not any(state.attrs[f].history.has_changes() for f in PERSON_FIELDS)):
        return ()  # someone just added (say, invited) has nothing on their Home yet
    ids: list[int] = []
    for name in columns:
        # Current and former values (a manager replaced loses the report from their Home); read
        # without loading, since a deleted row can no longer be loaded.
        values = [state.dict.get(name), *state.attrs[name].history.deleted]
        ids += [v for v in values if isinstance(v, int)]
    return ids


def publish_home(
    client: WebClient, sessions: SessionFactory, *, team_id: str, slack_user_id: str, now: datetime
) -> None:
    """Build one person's Home from the database and publish it."""
    with sessions.begin() as session:
        summary = home_summary(session, team_id=team_id, slack_user_id=slack_user_id, now=now)
    client.views_publish(user_id=slack_user_id, view=home_view(summary).to_dict())


def refresh_homes(settings: Settings, sessions: SessionFactory, homes: list[Home], now: datetime) -> None:
    """Publish each Home in turn; one that fails is logged and the rest still go."""
    if not homes:
        return
    client = web_client(settings, timeout=PUBLISH_TIMEOUT_SECONDS)
    for team_id, slack_user_id in homes:
        try:
            publish_home(client, sessions, team_id=team_id, slack_user_id=slack_user_id, now=now)
        except SlackApiError as error:
            logger.warning("could not refresh the App Home of %s: %s", slack_user_id, error.response.get("error"))
        except Exception:
            # The listener's work is saved and answered; a stale Home is fixed when it is next opened.
            logger.exception("could not refresh the App Home of %s", slack_user_id)
