"""Bolt listeners, one package per Slack surface, each with `register(app, deps)`."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.deps import Deps
from bot.slack.listeners import actions, commands, events, views


def register_all(app: App, deps: Deps) -> None:
    """Attach every listener to the app."""
    commands.register(app, deps)
    views.register(app, deps)
    actions.register(app, deps)
    events.register(app, deps)
