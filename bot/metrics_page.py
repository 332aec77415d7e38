"""What GET /metrics answers: the process's metrics (bot/metrics.py), then the outbox as the database
holds it at scrape time (one GROUP BY, time-limited on PostgreSQL) and how far behind the relay is.

The outbox figures are the database's, so every process reports the same ones: aggregate them with
`max`, not `sum`, across processes. The counters and histograms are each process's own.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot import metrics
from bot.clock import Clock
from bot.db import SessionFactory
from bot.domain.outbox_report import WATCHED_STATES, backlog
from bot.models import DeliveryKind

logger = logging.getLogger(__name__)

# A scrape must not hang on a database that is overloaded or locked: PostgreSQL cancels the read after this.
READ_TIMEOUT_MS = 2000


class MetricsPage:
    """The /metrics body for one process; cheap: one query per scrape."""

    def __init__(self, sessions: SessionFactory, clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def __call__(self) -> bytes:
        return metrics.exposition(self.outbox)

    def outbox(self) -> Iterator[Metric]:
        now = self._clock()
        try:
            with self._sessions.begin() as session:
                if session.get_bind().dialect.name == "postgresql":
                    session.execute(text(f"SET LOCAL statement_timeout = {READ_TIMEOUT_MS}"))
                found = backlog(session, now=now)
        except SQLAlchemyError as exc:
            logger.warning("/metrics could not read the outbox: %s", type(exc).__name__)
            yield _gauge("outbox_read", "1 when this scrape could read the outbox from the database", 0)
            return
        yield _gauge("outbox_read", "1 when this scrape could read the outbox from the database", 1)
        rows = GaugeMetricFamily(
            f"{metrics.PREFIX}_outbox_deliveries",
            "Deliveries in the outbox now, by kind and state (pending, claimed, failed)",
            labels=["kind", "state"],
        )
        for kind in DeliveryKind:
            for state in WATCHED_STATES:
                rows.add_metric([kind.value, state.value], found.counts.get((kind, state), 0))
        yield rows
        lag = max((now - found.oldest_due).total_seconds(), 0.0) if found.oldest_due is not None else 0.0
        yield _gauge("relay_lag_seconds", "Age of the oldest pending delivery that is due (0 when none is)", lag)


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(f"{metrics.PREFIX}_{name}", documentation, value=value)
