"""Wire the parts together for a process: engine, migrations, Bolt app, relay and scheduler."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt import App
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.app import create_app
from bot.clock import Clock
from bot.config import Settings
from bot.db import SessionFactory, make_engine, make_sessions
from bot.domain.workspaces import blocked_workspaces
from bot.feed_page import FeedPage
from bot.health import Health
from bot.metrics_page import MetricsPage
from bot.migrate import analyze, upgrade
from bot.scheduling.driver import start_scheduler
from bot.scheduling.pacing import Pace, Pacer
from bot.scheduling.relay import Relay
from bot.scheduling.relay_loop import deliver_while_due
from bot.scheduling.relay_outcomes import RelayReport
from bot.scheduling.tick import tick
from bot.scheduling.token_checks import confirm_identity
from bot.slack.background import Background
from bot.slack.client import relay_client, web_client
from bot.slack.identity import REQUEST_TIMEOUT_SECONDS, SlackIdentity, TokenCheck, TokenState
from bot.slack.turns import Turns
from bot.sqlite_access import sqlite_write_problem
from bot.web import WSGIApp, make_wsgi_app

logger = logging.getLogger(__name__)

SLACK_CHECK_EVERY = timedelta(minutes=5)
# SQLite's query-planner statistics are refreshed at start (bot.migrate) and then this often.
ANALYZE_EVERY = timedelta(days=1)


class StartupError(Exception):
    """The bot cannot start; the message says why and what to do, in one line."""


@dataclass
class Runtime:
    settings: Settings
    clock: Clock
    engine: Engine
    sessions: SessionFactory
    relay: Relay
    app: App
    identity: SlackIdentity | None = field(default=None)
    scheduler: BackgroundScheduler | None = field(default=None)
    background: Background | None = field(default=None)  # what listeners left for after their answer
    turns: Turns | None = field(default=None)  # the listeners of requests answered at once
    analyzed_at: datetime | None = field(default=None)
    _stop: threading.Event = field(default_factory=threading.Event)
    _retry: threading.Thread | None = field(default=None)

    @classmethod
    def start(cls, settings: Settings, clock: Clock) -> Runtime:
        """Migrate the database, then build the app; fails fast if either cannot be done."""
        try:
            upgrade(settings.database_url)
        except SQLAlchemyError as exc:
            if problem := sqlite_write_problem(settings.database_url):
                raise StartupError(f"Startup error: cannot open the SQLite database: {problem}.") from None
            raise StartupError(
                f"Startup error: cannot open the database at DATABASE_URL ({type(exc).__name__}: "
                f"{str(exc).splitlines()[0]}). Check the URL and that the server is running."
            ) from None
        engine = make_engine(settings.database_url)
        sessions = make_sessions(engine)
        pace = Pace(per_second=settings.slack_posts_per_minute / 60)
        relay = Relay(sessions, relay_client(settings), clock=clock, pacer=Pacer(pace), workers=settings.relay_workers)
        identity = SlackIdentity(web_client(settings), clock)
        checked = identity.check()
        _refuse_to_start(settings, checked)
        if checked.state is TokenState.OK:
            confirm_identity(sessions, checked, clock())  # a working token ends a block at once
        else:
            logger.warning(
                "Slack is unreachable at SLACK_API_URL=%s (%s); starting anyway and retrying auth.test "
                'in the background (GET /healthz says "degraded" meanwhile)',
                settings.slack_api_url,
                checked.reason,
            )
        _warn_blocked(sessions)
        background, turns = Background(), Turns()
        app = create_app(settings, sessions, clock, relay=relay, identity=identity, background=background, turns=turns)
        runtime = cls(settings, clock, engine, sessions, relay, app, identity, background=background, turns=turns)
        if checked.state is not TokenState.OK:
            runtime._retry_in_background()
        return runtime

    def _retry_in_background(self) -> None:
        assert self.identity is not None
        identity = self.identity

        def retry() -> None:
            identity.retry_until_known(self._stop)
            checked, _ = identity.last_check
            if checked is not None and not self._stop.is_set():
                confirm_identity(self.sessions, checked, self.clock())

        self._retry = threading.Thread(target=retry, name="auth-test-retry", daemon=True)
        self._retry.start()

    def tick(self) -> RelayReport:
        """Plan, then deliver what is due, on every tick.

        Planning is a sweep of the rows whose planning moment has come (changes mark theirs `now`), so
        a tick with nothing new to plan costs a few indexed queries whatever the org size
        (bench/tick_cost.py), and a change is planned at the next tick, not minutes later."""
        now = self.clock()
        self._recheck_slack()
        self._refresh_statistics(now)
        return tick(self.sessions, self.relay, now)

    def _refresh_statistics(self, now: datetime) -> None:
        """ANALYZE (SQLite) once a day, so the query planner's picture grows with the org."""
        if self.analyzed_at is None:
            self.analyzed_at = now  # done by the upgrade at start
        if now - self.analyzed_at < ANALYZE_EVERY:
            return
        self.analyzed_at = now
        try:
            analyze(self.settings.database_url)
        except SQLAlchemyError:
            logger.exception("refreshing the database statistics failed; trying again tomorrow")

    def tick_while_due(self, *, keep_going: bool = True) -> RelayReport:
        """A tick, then more deliveries as long as something becomes sendable before the next tick
        would come. `serve`'s scheduler keeps going (a whole tick every 30 s, so planning goes on
        meanwhile); `run-due` (keep_going=False) stops at what is sendable within 30 s of its start."""
        replan = self.tick if keep_going else None
        return deliver_while_due(self.relay, self.tick(), clock=self.clock, replan=replan)

    def _recheck_slack(self) -> None:
        """Ask auth.test again when the last answer is older than SLACK_CHECK_EVERY, so /healthz
        notices an outage (or its end) that began after startup."""
        if self.identity is None:
            return
        last, _ = self.identity.last_check
        was = last.state if last is not None else None
        checked = self.identity.recheck(timeout=REQUEST_TIMEOUT_SECONDS, at_most_every=SLACK_CHECK_EVERY)
        if checked.state is not was and checked.state is not TokenState.OK:
            logger.warning("Slack check: auth.test %s (%s)", checked.state.value, checked.reason)
        elif checked.state is not was:
            logger.warning("Slack check: auth.test answers again")

    def start_scheduler(self) -> None:
        self.scheduler = start_scheduler(self.tick_while_due, at_once=True)
        logger.info("scheduler started: a tick every 30 seconds")

    def health(self) -> Health:
        return Health(self.engine, self.sessions, self.identity)

    def wsgi_app(self) -> WSGIApp:
        token = self.settings.metrics_token.get_secret_value() if self.settings.metrics_token else None
        page = MetricsPage(self.sessions, self.clock)
        feed = FeedPage(self.sessions, self.clock)
        return make_wsgi_app(
            self.app, self.engine, health=self.health(), metrics_page=page, metrics_token=token, feed=feed
        )

    def stop(self) -> None:
        self._stop.set()
        self.relay.stop()  # the tick in flight finishes its message and gives the rest back
        if self.turns is not None:
            self.turns.stop()  # listeners of requests already answered: each is quick, and was promised
        if self.background is not None:
            # A send or Home refresh under way finishes; queued sends stay in the outbox, queued Homes
            # are rebuilt when next opened.
            self.background.stop()
        if self._retry is not None:
            self._retry.join(timeout=5)
            self._retry = None
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=True)
            self.scheduler = None
        self.engine.dispose()


def _warn_blocked(sessions: SessionFactory) -> None:
    with sessions.begin() as session:
        for b in blocked_workspaces(session):
            logger.warning(
                "workspace %s is blocked: Slack refuses the bot token (%s); %d deliveries are held. "
                "See `career-prep workspace show`",
                b.team_id,
                b.reason,
                b.held,
            )


def _refuse_to_start(settings: Settings, checked: TokenCheck) -> None:
    """Slack answered, and the answer means the configuration is wrong: one line, and stop."""
    if checked.state is TokenState.REFUSED:
        raise StartupError(
            f"Startup error: Slack refused SLACK_BOT_TOKEN ({checked.reason}). Copy the Bot User OAuth Token "
            "(xoxb-…) again from your Slack app's OAuth & Permissions page, set SLACK_BOT_TOKEN to it and restart."
        )
    if checked.state is TokenState.WRONG_URL:
        raise StartupError(
            f"Startup error: SLACK_API_URL={settings.slack_api_url} does not answer like Slack's Web API "
            f"({checked.reason}). Set it to a URL ending in /api/, or leave it unset for https://slack.com/api/."
        )
