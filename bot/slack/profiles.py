"""Read a person's Slack profile (name, time zone, bot or deactivated) with users.info."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.domain.people import Profile
from bot.slack.client import quick_client
from bot.slack.parse import clean_text

# The column sizes (people.display_name, people.tz): longer values are cut here, not refused by PostgreSQL.
NAME_MAX = 255
TZ_MAX = 64

logger = logging.getLogger(__name__)

# Lookups made before `ack()` share Slack's 3-second window with everything else in the request.
PRE_ACK_SECONDS = 2


def profile_from_user(user: dict[str, Any]) -> Profile:
    """Parse a Slack user object; names lose NUL and control bytes and fit the database."""
    profile = user.get("profile") or {}
    names = (profile.get("display_name"), profile.get("real_name"), user.get("real_name"), user.get("name"))
    name = next((cleaned for n in names if n and (cleaned := _clean_name(str(n)))), "")
    return Profile(
        slack_user_id=str(user["id"]),
        display_name=name or str(user["id"]),
        tz=_clean_tz(user.get("tz")),
        is_bot=bool(user.get("is_bot")) or user.get("id") == "USLACKBOT",
        deleted=bool(user.get("deleted")),
    )


def fetch_profile(client: WebClient, slack_user_id: str) -> Profile:
    """users.info for one person; raises SlackApiError when Slack cannot find them."""
    response = client.users_info(user=slack_user_id)
    return profile_from_user(response["user"])


def poster(client: WebClient, slack_user_id: str) -> tuple[Profile, bool]:
    """users.info for one person: their profile, and whether they are a workspace admin or owner (read at
    the moment of asking, since roles change)."""
    user = client.users_info(user=slack_user_id)["user"]
    return profile_from_user(user), bool(user.get("is_admin") or user.get("is_owner"))


class LookupFailed(Exception):
    """Slack could not say who these people are in time; the form should ask to try again."""


class NotInWorkspace(Exception):
    """users.info names someone from another workspace than the request's."""

    def __init__(self, slack_user_id: str) -> None:
        super().__init__(slack_user_id)
        self.slack_user_id = slack_user_id


def in_workspace(user: dict[str, Any], team_id: str) -> bool:
    """Whether a users.info answer is a member of `team_id` (Enterprise Grid members list theirs)."""
    if user.get("team_id") == team_id:
        return True
    teams = (user.get("enterprise_user") or {}).get("teams") or []
    return team_id in teams


def fetch_profiles_quickly(client: WebClient, user_ids: Sequence[str], *, team_id: str) -> list[Profile]:
    """users.info for each person, in parallel and within PRE_ACK_SECONDS, for lookups that must
    finish before a form is acknowledged (Slack waits 3 seconds in all)."""
    if not user_ids:
        return []
    quick = quick_client(client, timeout=PRE_ACK_SECONDS)
    try:
        with ThreadPoolExecutor(max_workers=min(8, len(user_ids)), thread_name_prefix="users-info") as pool:
            users = list(pool.map(lambda user_id: quick.users_info(user=user_id)["user"], user_ids))
    except (SlackApiError, OSError) as error:
        reason = error.response.get("error") if isinstance(error, SlackApiError) else type(error).__name__
        logger.warning("users.info failed before an acknowledgement: %s", reason)
        raise LookupFailed(str(reason)) from None
    for user in users:
        if not in_workspace(user, team_id):
            logger.warning("users.info answered for %s, who is not in workspace %s", user.get("id"), team_id)
            raise NotInWorkspace(str(user.get("id")))
    return [profile_from_user(user) for user in users]


def _clean_name(name: str) -> str:
    return " ".join(clean_text(name).split())[:NAME_MAX].strip()


def _clean_tz(tz: object) -> str | None:
    """A zone name that could be real; anything else (NUL, absurd length) means "unknown" (UTC)."""
    if not isinstance(tz, str) or len(tz) > TZ_MAX or clean_text(tz) != tz:
        return None
    return tz
