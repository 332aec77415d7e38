"""What app_manifest.yml declares (slash commands, bot events, bot scopes), read for the tests that check it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def slash_commands(manifest: Mapping[str, Any]) -> set[str]:
    """Return the slash command names declared in ``manifest``, e.g. ``{"/career-prep"}``."""
    features = manifest.get("features") or {}
    return {str(cmd["command"]) for cmd in features.get("slash_commands") or []}


def bot_events(manifest: Mapping[str, Any]) -> set[str]:
    """Return the bot event types ``manifest`` subscribes to."""
    settings = manifest.get("settings") or {}
    subscriptions = settings.get("event_subscriptions") or {}
    return {str(event) for event in subscriptions.get("bot_events") or []}


def bot_scopes(manifest: Mapping[str, Any]) -> set[str]:
    """Return the bot token OAuth scopes requested by ``manifest``."""
    oauth = manifest.get("oauth_config") or {}
    scopes = oauth.get("scopes") or {}
    return {str(scope) for scope in scopes.get("bot") or []}
