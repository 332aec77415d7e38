"""Publish the App Home tab whenever someone opens it."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.domain.conversations import series_for
from bot.domain.people import find_person
from bot.models.person import DEFAULT_TZ
from bot.slack.blocks.home import HomeSummary, home_view
from bot.slack.deps import Deps
from bot.slack.ids import Event


def load_summary(deps: Deps, *, team_id: str, user_id: str) -> HomeSummary:
    with deps.sessions.begin() as session:
        person = find_person(session, team_id=team_id, slack_user_id=user_id)
        if person is None:
            return HomeSummary(tz=DEFAULT_TZ)
        series = series_for(session, team_id=team_id, employee=person)
        if series is None or not series.active:
            return HomeSummary(tz=person.tz)
        return HomeSummary(
            tz=person.tz,
            manager_user_id=series.manager.slack_user_id,
            manager_confirmed=person.manager_confirmed,
            next_meeting_at=series.next_meeting_at,
        )


def register(app: App, deps: Deps) -> None:
    @app.event(Event.APP_HOME_OPENED)
    def home_opened(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        if event.get("tab") != "home":
            return
        user_id = str(event["user"])
        summary = load_summary(deps, team_id=str(body["team_id"]), user_id=user_id)
        client.views_publish(user_id=user_id, view=home_view(summary).to_dict())
