"""Wire the parts together for a process: engine, migrations, Bolt app, relay and scheduler."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt import App
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.app import create_app, make_client
from bot.clock import Clock
from bot.config import Settings
from bot.db import SessionFactory, make_engine, make_sessions
from bot.migrate import upgrade
from bot.scheduling.driver import start_scheduler
from bot.scheduling.relay import Relay, RelayReport
from bot.scheduling.tick import tick
from bot.sqlite_access import sqlite_write_problem
from bot.web import WSGIApp, make_wsgi_app

logger = logging.getLogger(__name__)

PLAN_EVERY = timedelta(minutes=5)


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
    scheduler: BackgroundScheduler | None = field(default=None)
    last_planned: datetime | None = field(default=None)

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
        relay = Relay(sessions, make_client(settings))
        try:
            # Bolt checks the token with auth.test as it starts.
            app = create_app(settings, sessions, clock, relay=relay)
        except SlackApiError as exc:
            raise StartupError(
                f"Startup error: Slack rejected SLACK_BOT_TOKEN ({exc.response.get('error')}). "
                "Copy the Bot User OAuth Token again from your app's OAuth & Permissions page."
            ) from None
        except OSError as exc:
            raise StartupError(
                f"Startup error: cannot reach Slack at SLACK_API_URL={settings.slack_api_url} ({exc}). "
                "Check the network or the URL."
            ) from None
        return cls(settings, clock, engine, sessions, relay, app)

    def tick(self) -> RelayReport:
        """Deliver what is due; plan first when the last plan is older than PLAN_EVERY.

        Reminders are planned days ahead, so planning every few minutes loses nothing, while the
        relay still runs on every tick (bench/tick_bench.py: planning is ~1.6 ms per pair)."""
        now = self.clock()
        plan_first = self.last_planned is None or now - self.last_planned >= PLAN_EVERY
        if plan_first:
            self.last_planned = now
        return tick(self.sessions, self.relay, now, plan_first=plan_first)

    def start_scheduler(self) -> None:
        self.scheduler = start_scheduler(self.tick)
        logger.info("scheduler started: a tick every 30 seconds")

    def wsgi_app(self) -> WSGIApp:
        return make_wsgi_app(self.app, self.engine)

    def stop(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=True)
            self.scheduler = None
        self.engine.dispose()
