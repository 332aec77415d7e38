"""The HTTP front: Slack's /slack/events (size-capped, verified before Bolt sees it), /healthz, /metrics
and people's private calendar feeds (/calendar/<token>.ics)."""

from __future__ import annotations

import hmac
import json
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.request.internals import build_context
from sqlalchemy import Engine

from bot import __version__, metrics
from bot.clock import system_clock
from bot.db import database_reachable, make_sessions
from bot.domain.calendar_feed import FEED_PREFIX, FEED_SUFFIX
from bot.feed_page import FeedPage
from bot.metrics_page import MetricsPage
from bot.slack.payload_shape import parse
from bot.slack.signature import RequestSignature

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
# Calendar apps poll a subscription every few hours at most; five minutes spares the database a burst.
FEED_HEADERS = [
    ("Content-Type", "text/calendar; charset=utf-8"),
    ("Cache-Control", "private, max-age=300"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Robots-Tag", "noindex"),
]
# Slack's requests are a few kilobytes (a full modal's state is well under 100 KB); anything near
# this is not from Slack, and is refused before it is read into memory.
MAX_BODY_BYTES = 1024 * 1024

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
# A /healthz source: (HTTP status, JSON body). The runtime passes bot.health.Health.
HealthCheck = Callable[[], tuple[int, dict[str, Any]]]
# A /metrics source: the page in Prometheus' text format. The runtime passes bot.metrics_page.MetricsPage.
Metrics = Callable[[], bytes]
# A /calendar source: the feed for a token, or None. The runtime passes bot.feed_page.FeedPage.
Feed = Callable[[str], bytes | None]


def server_options() -> dict[str, Any]:
    """waitress settings for serving Slack: the body cap is enforced as the request is read; a
    connection idle for 10 s is closed (Slack sends a whole request at once), so half-open
    connections can't use up the connection limit for long; poll() lifts select()'s 1024 sockets."""
    return {
        "max_request_body_size": MAX_BODY_BYTES,
        "ident": "career-prep",
        "channel_timeout": 10,
        "cleanup_interval": 5,
        "connection_limit": 1000,
        "asyncore_use_poll": True,
    }


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


def make_wsgi_app(
    app: App,
    engine: Engine,
    *,
    health: HealthCheck | None = None,
    metrics_page: Metrics | None = None,
    metrics_token: str | None = None,
    clock: Callable[[], float] = time.time,
    feed: Feed | None = None,
) -> WSGIApp:
    """Route Slack's requests to Bolt and answer health checks and scrapes; everything else is 404.
    With `metrics_token`, /metrics answers only a request bearing it (`Authorization: Bearer …`)."""
    signature = RequestSignature(_signing_secret(app))
    health_check = health or database_health(engine)
    scrape = metrics_page or MetricsPage(make_sessions(engine), system_clock)
    calendar = feed or FeedPage(make_sessions(engine), system_clock)

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == EVENTS_PATH and method == "POST":
            status, headers, body = _slack_request(app, signature, environ, clock)
            start_response(status, headers)
            return [body]
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            code, report = health_check()
            start_response(_status(code), [("Content-Type", "application/json"), ("Cache-Control", "no-store")])
            return [json.dumps(report).encode()]
        if path == METRICS_PATH and method == "GET":
            if metrics_token is not None and not _bearer_matches(environ, metrics_token):
                start_response("401 Unauthorized", [("Content-Type", "text/plain"), ("WWW-Authenticate", "Bearer")])
                return [b"a bearer token is required"]
            start_response("200 OK", [("Content-Type", metrics.CONTENT_TYPE), ("Cache-Control", "no-store")])
            return [scrape()]
        if path.startswith(FEED_PREFIX) and method in ("GET", "HEAD"):
            status, headers, body = _feed(calendar, path)
            start_response(status, headers)
            return [] if method == "HEAD" else [body]
        return _plain(start_response, "404 Not Found", "Not found")

    return application


def _feed(calendar: Feed, path: str) -> Answer:
    """Every path under /calendar/ costs the same: hash and look up whatever follows, whatever its
    shape, so a wrong token answers 404 no sooner than a right one is found."""
    name = path[len(FEED_PREFIX) :]
    token = name.removesuffix(FEED_SUFFIX)
    try:
        body = calendar(token)
    except Exception:  # the edge: left to waitress, its log line would carry the path, token and all
        logger.exception("serving a calendar feed failed (the token is not logged)")
        return _answer(503, "The calendar feed is unavailable; your calendar app will try again later.")
    if body is None or not name.endswith(FEED_SUFFIX):
        return _answer(404, "Not found")
    return _status(200), [*FEED_HEADERS, ("Content-Length", str(len(body)))], body


def _bearer_matches(environ: dict[str, Any], token: str) -> bool:
    given = str(environ.get("HTTP_AUTHORIZATION", ""))
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


Answer = tuple[str, list[tuple[str, str]], bytes]


def _slack_request(
    app: App, signature: RequestSignature, environ: dict[str, Any], clock: Callable[[], float]
) -> Answer:
    length = _content_length(environ)
    if length is None or length > MAX_BODY_BYTES:
        return _answer(413, "Request body too large")
    raw = environ["wsgi.input"].read(length) if length else b""
    timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
    if not signature.verified(raw, timestamp, environ.get("HTTP_X_SLACK_SIGNATURE", ""), now=clock()):
        return _answer(401, "invalid request")
    try:
        text = raw.decode("utf-8")
        body = parse(text, environ.get("CONTENT_TYPE"))
    except ValueError:  # undecodable text, or a `payload` that is not a JSON object
        logger.info("refused a signed request whose body could not be read")
        return _answer(400, "malformed request")
    request = BoltRequest(body=text, query=environ.get("QUERY_STRING", ""), headers=_headers(environ))
    if request.body != body:
        # Bolt's parser takes any form mentioning "payload" for an interaction; keep the real one.
        request.body = body
        request.context = build_context(BoltContext(), body)
    return _from_bolt(app.dispatch(request))


def _content_length(environ: dict[str, Any]) -> int | None:
    raw = str(environ.get("CONTENT_LENGTH") or "0")
    return int(raw) if raw.isdigit() else None


def _headers(environ: dict[str, Any]) -> dict[str, str | Sequence[str]]:
    headers: dict[str, str | Sequence[str]] = {
        key[5:].replace("_", "-").lower(): str(value) for key, value in environ.items() if key.startswith("HTTP_")
    }
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = str(environ["CONTENT_TYPE"])
    return headers


def _from_bolt(response: BoltResponse) -> Answer:
    headers = [(name, value) for name, values in response.headers.items() for value in values]
    body = response.body if isinstance(response.body, str) else json.dumps(response.body)
    return f"{response.status} {_REASONS.get(response.status, 'Status')}", headers, body.encode()


def _status(code: int) -> str:
    return f"{code} {_REASONS.get(code, 'Status')}"


def _answer(status: int, text: str) -> Answer:
    return f"{status} {_REASONS[status]}", [("Content-Type", "text/plain; charset=utf-8")], text.encode()


def _plain(start_response: StartResponse, status: str, text: str) -> list[bytes]:
    start_response(status, [("Content-Type", "text/plain")])
    return [text.encode()]


def _signing_secret(app: App) -> str:
    secret = getattr(app, "signing_secret", None)
    if not isinstance(secret, str) or not secret:
        raise ValueError("the Bolt app must carry its signing secret (build it with bot.app.create_app)")
    return secret


_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    413: "Payload Too Large",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
