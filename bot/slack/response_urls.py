"""Which `response_url`s the bot will ever post to: Slack's own hosts, wherever the URL came from."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

# Slack's webhooks for interactive responses; the configured Web API host is allowed besides (tests
# point it at a local fake Slack, and a proxying deployment may point it at its own gateway).
SLACK_RESPONSE_HOSTS = frozenset({"hooks.slack.com"})


class ResponseUrls:
    """Decides whether a `response_url` is Slack's, so no request can aim the bot at another host."""

    def __init__(self, api_url: str) -> None:
        api = urlsplit(api_url)
        self._api_origin = (api.scheme, api.netloc.lower())

    def allowed(self, url: object) -> bool:
        if not isinstance(url, str) or len(url) > 2048:
            return False
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
            port = parts.port
        except ValueError:
            return False
        if parts.username or parts.password:
            return False
        if parts.scheme == "https" and host in SLACK_RESPONSE_HOSTS and port in (None, 443):
            return True
        return (parts.scheme, parts.netloc.lower()) == self._api_origin

    def foreign_in(self, body: dict[str, Any]) -> list[str]:
        """Every response_url a request body carries that is not Slack's."""
        found: list[object] = []
        if "response_url" in body:
            found.append(body["response_url"])
        entries = body.get("response_urls")
        if isinstance(entries, list):
            found.extend(entry.get("response_url") for entry in entries if isinstance(entry, dict))
        return [str(url) for url in found if not self.allowed(url)]
