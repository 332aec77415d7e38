"""`user_change`: keep names and time zones current, and stop messaging someone deactivated."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.domain import calendar_invites
from bot.domain.people import refresh_profile
from bot.slack.deps import Deps, unit_of_work
from bot.slack.ids import Event
from bot.slack.profiles import profile_from_user
from bot.slack.request_keys import event_at, event_key, event_team


def register(app: App, deps: Deps) -> None:
    @app.event(Event.USER_CHANGE)
    def user_changed(body: dict[str, Any], event: dict[str, Any]) -> None:
        user = event.get("user") or {}
        team_id = event_team(body)
        if not user.get("id") or team_id is None:
            return
        now = deps.clock()
        with unit_of_work(deps, now) as work:
            work.once(team_id, event_key(body))
            # Compared with the stored profile's time, so an older change delivered late is ignored.
            changed_at = event_at(body) or now
            person = refresh_profile(
                work.session, team_id=team_id, profile=profile_from_user(user), changed_at=changed_at, now=now
            )
            if person is not None:
                calendar_invites.after_left(work.session, person=person, now=now)
