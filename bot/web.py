"""The HTTP front: Bolt's /slack/events and a /healthz probe, as one WSGI application."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import Engine

from bot import __version__
from bot.db import database_reachable

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
# A /healthz source: (HTTP status, JSON body). The runtime passes bot.health.Health.
HealthCheck = Callable[[], tuple[int, dict[str, Any]]]
_REASONS = {200: "200 OK", 503: "503 Service Unavailable"}


def database_health(engine: Engine) -> HealthCheck:
    """The plain check: 200 while the database answers, 503 when it does not."""

    def check() -> tuple[int, dict[str, Any]]:
        healthy = database_reachable(engine)
        return (200 if healthy else 503), {
            "status": "ok" if healthy else "unavailable",
            "database": healthy,
            "version": __version__,
        }

    return check


def make_wsgi_app(app: App, engine: Engine, *, health: HealthCheck | None = None) -> WSGIApp:
    """Route Slack's requests to Bolt and answer health checks; everything else is 404."""
    slack_handler = SlackRequestHandler(app)
    health_check = health or database_health(engine)

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == EVENTS_PATH and method == "POST":
            return slack_handler(environ, start_response)
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            code, report = health_check()
            status = _REASONS.get(code, f"{code} Health")
            start_response(status, [("Content-Type", "application/json"), ("Cache-Control", "no-store")])
            return [json.dumps(report).encode()]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"Not found"]

    return application
