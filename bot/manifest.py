"""Load, fill in and print the Slack app manifest (app_manifest.yml, shipped inside the package)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from bot.shipped import shipped_path

# Bolt's single HTTP endpoint: slash commands, events and interactivity all go there.
SLACK_EVENTS_PATH = "/slack/events"


def load_manifest(path: Path | None = None) -> dict[str, Any]:
    """Parse the YAML manifest at ``path`` (default: the shipped app_manifest.yml) and return it as a dict."""
    path = shipped_path("app_manifest.yml") if path is None else path
    with Path(path).open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a YAML mapping at the top level, got {type(data).__name__}")
    return data


def events_url(base_url: str) -> str:
    """Return ``<base_url>/slack/events``; raise ValueError unless base_url is an absolute http(s) URL."""
    stripped = base_url.strip()
    parts = urlsplit(stripped)
    if (
        parts.scheme not in ("https", "http")
        or not parts.netloc
        or not stripped.lower().startswith(parts.scheme + "://")
    ):
        raise ValueError(
            f"base URL must be an absolute URL starting with https:// (or http://), "
            f"e.g. https://careerprep.example.com; got {base_url!r}"
        )
    if parts.query or parts.fragment:
        raise ValueError(f"base URL must not contain a query string or fragment; got {base_url!r}")
    return stripped.rstrip("/") + SLACK_EVENTS_PATH


def base_url_warnings(base_url: str) -> list[str]:
    """What Slack will refuse or cannot reach about an otherwise well-formed base URL (may be empty)."""
    parts = urlsplit(base_url.strip())
    warnings = []
    if parts.scheme == "http":
        warnings.append(
            f"Slack sends requests only to https:// URLs and will not accept {base_url.strip()!r} as a request URL; "
            "serve the bot behind HTTPS (a reverse proxy or tunnel) and use its https:// address."
        )
    host = (parts.hostname or "").lower()
    if host == "localhost" or host.startswith("127.") or host in ("::1", "0.0.0.0"):
        warnings.append(
            f"Slack's servers cannot reach {host}: use the public address the bot is served at, "
            "or keep Socket Mode (no public URL needed)."
        )
    return warnings


def fill_request_urls(manifest: Mapping[str, Any], base_url: str, socket_mode: bool = False) -> dict[str, Any]:
    """Return a deep copy of ``manifest`` with every request URL pointing at ``<base_url>/slack/events``.

    Sets the ``url`` of every slash command, ``settings.event_subscriptions.request_url`` and
    ``settings.interactivity.request_url`` (for the sections the manifest declares), and sets
    ``settings.socket_mode_enabled`` to ``socket_mode``. The input is left untouched.
    Raises ValueError if ``base_url`` is not an absolute http:// or https:// URL.
    """
    url = events_url(base_url)
    filled: dict[str, Any] = copy.deepcopy(dict(manifest))

    features = filled.get("features") or {}
    for command in features.get("slash_commands") or []:
        command["url"] = url

    settings = filled.get("settings")
    if not isinstance(settings, dict):
        settings = filled["settings"] = {}
    for section in ("event_subscriptions", "interactivity"):
        if isinstance(settings.get(section), dict):
            settings[section]["request_url"] = url
    settings["socket_mode_enabled"] = socket_mode
    return filled


def dump_manifest(manifest: Mapping[str, Any]) -> str:
    """Serialize ``manifest`` to YAML, preserving key order (comments of the source file are not kept)."""
    return yaml.safe_dump(dict(manifest), sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
