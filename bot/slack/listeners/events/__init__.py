"""Events API listeners."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.deps import Deps
from bot.slack.listeners.events import home, lifecycle, profiles


def register(app: App, deps: Deps) -> None:
    home.register(app, deps)
    lifecycle.register(app, deps)
    profiles.register(app, deps)
