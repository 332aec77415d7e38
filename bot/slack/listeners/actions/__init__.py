"""Block action listeners."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.deps import Deps
from bot.slack.listeners.actions import (
    asks,
    data,
    digest,
    intros,
    items,
    manager,
    office_hours,
    opportunity,
    prep,
    recap,
    request,
    settings,
    snooze,
    team,
)
from bot.slack.listeners.actions import reflection as reflection_actions


def register(app: App, deps: Deps) -> None:
    manager.register(app, deps)
    settings.register(app, deps)
    prep.register(app, deps)
    request.register(app, deps)
    recap.register(app, deps)
    items.register(app, deps)
    snooze.register(app, deps)
    team.register(app, deps)
    digest.register(app, deps)
    data.register(app, deps)
    office_hours.register(app, deps)
    intros.register(app, deps)
    asks.register(app, deps)
    opportunity.register(app, deps)
    reflection_actions.register(app, deps)
