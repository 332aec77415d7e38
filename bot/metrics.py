"""Every Prometheus metric the bot keeps, on a registry of its own (not prometheus_client's global one).

Counters and histograms are per process: each `serve`, `run` or `run-due` process is its own scrape
target. Labels are only ever values from a closed set (a listener's id from bot/slack/ids.py, a delivery
kind or state, a Slack method and error code): never what people typed, never a Slack user id.
What the outbox holds is read from the database when /metrics is scraped (bot/metrics_page.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from prometheus_client import CollectorRegistry, Counter, Histogram, PlatformCollector, ProcessCollector
from prometheus_client.exposition import generate_latest
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

PREFIX = "career_prep"
# The classic text format, which every Prometheus version reads (the names here need none of 1.0.0's escaping).
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

REGISTRY = CollectorRegistry()
ProcessCollector(registry=REGISTRY)  # process_resident_memory_bytes, process_cpu_seconds_total, open fds
PlatformCollector(registry=REGISTRY)  # python_info

# Slack expects an acknowledgement within 3 s; the buckets are finest where a healthy ack lands.
ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0)
WORK_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)

REQUESTS = Counter(
    f"{PREFIX}_requests",
    "Slack requests answered, by kind, listener and HTTP status",
    ["kind", "listener", "status"],
    registry=REGISTRY,
)
ACK_SECONDS = Histogram(
    f"{PREFIX}_ack_seconds",
    "Time from a Slack request reaching Bolt until its acknowledgement, by kind and listener",
    ["kind", "listener"],
    buckets=ACK_BUCKETS,
    registry=REGISTRY,
)
DELIVERIES = Counter(
    f"{PREFIX}_deliveries",
    "Deliveries the relay finished, by kind and final state (sent, failed, cancelled)",
    ["kind", "state"],
    registry=REGISTRY,
)
DELIVERY_FAILURES = Counter(
    f"{PREFIX}_delivery_failures",
    "Failed sends the relay recorded on a delivery, by kind and what the failure means "
    "(rate_limited, transient, target_gone, workspace_blocked, bug, stale_message)",
    ["kind", "failure"],
    registry=REGISTRY,
)
SLACK_API_ERRORS = Counter(
    f"{PREFIX}_slack_api_errors",
    "Slack Web API calls that failed, by method and Slack's error code (http_<status>, or the connection error)",
    ["method", "error"],
    registry=REGISTRY,
)
TICK_SECONDS = Histogram(
    f"{PREFIX}_tick_seconds",
    "Duration of a scheduler tick: token re-check, planning and the relay run",
    buckets=WORK_BUCKETS,
    registry=REGISTRY,
)
PLANNING_SECONDS = Histogram(
    f"{PREFIX}_planning_seconds",
    "Duration of a planning pass, its commit included",
    buckets=WORK_BUCKETS,
    registry=REGISTRY,
)

# Slack's error codes are snake_case words, exceptions' names CamelCase; anything else is counted as "other".
_ERROR_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
_METHOD = re.compile(r"^[a-z][A-Za-z0-9_.]{0,63}$")


def observe_request(kind: str, listener: str, status: int, seconds: float) -> None:
    REQUESTS.labels(kind, listener, str(status)).inc()
    ACK_SECONDS.labels(kind, listener).observe(seconds)


def count_finished(kind: str, state: str) -> None:
    """A delivery reached a final state as the relay recorded it."""
    DELIVERIES.labels(kind, state).inc()


def count_failure(kind: str, failure: str) -> None:
    """A send of a delivery failed, and the relay recorded what it means (retry, hold or fail)."""
    DELIVERY_FAILURES.labels(kind, failure).inc()


def count_slack_error(method: str, error: str) -> None:
    SLACK_API_ERRORS.labels(_bounded(method, _METHOD), _bounded(error, _ERROR_CODE)).inc()


def _bounded(value: str, shape: re.Pattern[str]) -> str:
    return value if shape.match(value) else "other"


class _Page(Collector):
    """The process's metrics and, read at scrape time, whatever `extra` reports."""

    def __init__(self, extra: Callable[[], Iterable[Metric]]) -> None:
        self._extra = extra

    def collect(self) -> Iterable[Metric]:
        yield from REGISTRY.collect()
        yield from self._extra()


def exposition(extra: Callable[[], Iterable[Metric]] | None = None) -> bytes:
    """The text format Prometheus scrapes: every metric above, then `extra`'s."""
    return generate_latest(_Page(extra or tuple))
