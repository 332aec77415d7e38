"""Read a person's Slack profile (name, time zone, bot or deactivated) with users.info."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.domain.people import Profile
from bot.slack.parse import clean_text

# The column sizes (people.display_name, people.tz): longer values are cut here, not refused by PostgreSQL.
NAME_MAX = 255
TZ_MAX = 64


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


def _clean_name(name: str) -> str:
    return " ".join(clean_text(name).split())[:NAME_MAX].strip()


def _clean_tz(tz: object) -> str | None:
    """A zone name that could be real; anything else (NUL, absurd length) means "unknown" (UTC)."""
    if not isinstance(tz, str) or len(tz) > TZ_MAX or clean_text(tz) != tz:
        return None
    return tz
