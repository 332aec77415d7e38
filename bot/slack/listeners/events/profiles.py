"""`user_change`: keep names and time zones current, and stop messaging someone deactivated."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.domain.people import refresh_profile
from bot.slack.deps import Deps
from bot.slack.ids import Event
from bot.slack.profiles import profile_from_user


def register(app: App, deps: Deps) -> None:
    @app.event(Event.USER_CHANGE)
    def user_changed(body: dict[str, Any], event: dict[str, Any]) -> None:
        user = event.get("user") or {}
        if not user.get("id"):
            return
        with deps.sessions.begin() as session:
            refresh_profile(session, team_id=str(body["team_id"]), profile=profile_from_user(user), now=deps.clock())
