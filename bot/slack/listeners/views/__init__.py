"""View submission listeners."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.deps import Deps
from bot.slack.listeners.views import (
    asks,
    data,
    intro,
    items,
    offer,
    office_hours,
    opportunity,
    prep,
    recap,
    request,
    setup,
    team,
)
from bot.slack.listeners.views import reflection as reflection_views


def register(app: App, deps: Deps) -> None:
    setup.register(app, deps)
    prep.register(app, deps)
    request.register(app, deps)
    recap.register(app, deps)
    items.register(app, deps)
    team.register(app, deps)
    data.register(app, deps)
    office_hours.register(app, deps)
    intro.register(app, deps)
    offer.register(app, deps)
    asks.register(app, deps)
    opportunity.register(app, deps)
    reflection_views.register(app, deps)
