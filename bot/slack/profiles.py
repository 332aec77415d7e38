"""Read a person's Slack profile (name, time zone, bot or deactivated) with users.info."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.domain.people import Profile


def profile_from_user(user: dict[str, Any]) -> Profile:
    """Parse a Slack user object."""
    profile = user.get("profile") or {}
    name = profile.get("display_name") or profile.get("real_name") or user.get("real_name") or user.get("name")
    return Profile(
        slack_user_id=str(user["id"]),
        display_name=str(name or user["id"]),
        tz=user.get("tz"),
        is_bot=bool(user.get("is_bot")) or user.get("id") == "USLACKBOT",
        deleted=bool(user.get("deleted")),
    )


def fetch_profile(client: WebClient, slack_user_id: str) -> Profile:
    """users.info for one person; raises SlackApiError when Slack cannot find them."""
    response = client.users_info(user=slack_user_id)
    return profile_from_user(response["user"])
