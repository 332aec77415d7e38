"""Digests open no modal: they are set up with `/career-prep digest` and stopped with a button.

Kept so every Slack surface of a feature registers in the same place; it registers nothing.
"""

from __future__ import annotations

from slack_bolt import App

from bot.slack.deps import Deps


def register(app: App, deps: Deps) -> None:
    return None
