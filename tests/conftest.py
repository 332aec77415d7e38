"""Shared fixtures: the test database (SQLite by default, PostgreSQL via env), a fake clock,
the fake Slack server and the real Bolt app wired to both."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from slack_bolt import App
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.orm import Session

from bot.app import create_app
from bot.config import Settings
from bot.db import SessionFactory, make_engine, make_sessions
from bot.migrate import upgrade
from bot.models import Base
from bot.scheduling.relay import Relay
from bot.slack.background import Background
from bot.slack.turns import Turns
from bot.web import make_wsgi_app
from tests.support.fake_slack import FakeSlack
from tests.support.fixtures import fake_slack  # noqa: F401 - re-exported fixture
from tests.support.http_slack import Front, ServerLog, TrackingExecutor, running_server, server_log
from tests.support.signed import SignedSlack

TEST_DB_ENV = "CAREER_PREP_TEST_DATABASE_URL"
SIGNING_SECRET = "test-signing-secret"
TEAM_ID = "T0001"


class FakeClock:
    """A settable clock: the app reads `now` from it, tests move it."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def set(self, instant: datetime) -> None:
        self.now = instant

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def _fresh_database_url(tmp_root: Path) -> str:
    url = os.environ.get(TEST_DB_ENV)
    if url:
        return url
    return f"sqlite:///{tmp_root / 'career_prep_test.db'}"


def reset_schema(engine: Engine) -> None:
    """Drop everything so migrations start from an empty database (SQLite)."""
    with engine.begin() as connection:
        Base.metadata.drop_all(connection)
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@contextmanager
def private_schema(url: str) -> Iterator[str]:
    """On PostgreSQL, a schema of this test run's own (search_path in the URL), dropped afterwards,
    so two runs against one server never reset each other's tables."""
    schema = f"test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield (
            make_url(url)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="career-prep-") as tmp:
        url = _fresh_database_url(Path(tmp))
        if url.startswith("postgresql"):
            with private_schema(url) as scoped:
                yield scoped
        else:
            yield url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    """The test database, migrated to head once per session."""
    engine = make_engine(database_url)
    if engine.dialect.name == "sqlite":
        reset_schema(engine)
    upgrade(database_url)
    yield engine
    engine.dispose()


def truncate_all(engine: Engine) -> None:
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def sessions(engine: Engine) -> Iterator[SessionFactory]:
    """Real transactions (as in production); every table is emptied after the test."""
    yield make_sessions(engine)
    truncate_all(engine)


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test."""
    with engine.connect() as connection:
        transaction = connection.begin()
        session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
        try:
            yield session
        finally:
            session.close()
            transaction.rollback()


@pytest.fixture
def clock() -> FakeClock:
    # A Monday morning in November 2026, UTC.
    return FakeClock(datetime(2026, 11, 23, 14, 0, tzinfo=UTC))


@pytest.fixture
def settings(fake_slack: FakeSlack, database_url: str) -> Settings:  # noqa: F811
    return Settings(
        SLACK_BOT_TOKEN="xoxb-test-token",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake_slack.url,
        DATABASE_URL=database_url,
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture
def relay(sessions: SessionFactory, settings: Settings, clock: FakeClock) -> Relay:
    from bot.slack.client import relay_client

    return Relay(sessions, relay_client(settings), owner="test-relay", clock=clock)


@pytest.fixture
def listener_pool() -> Iterator[TrackingExecutor]:
    pool = TrackingExecutor()
    yield pool
    pool.shutdown(wait=True)


@pytest.fixture
def background() -> Iterator[Background]:
    """Where listeners leave their slow part after answering; SignedSlack waits for it to drain."""
    work = Background()
    yield work
    work.stop()


@pytest.fixture
def turns() -> Iterator[Turns]:
    """Where listeners of requests answered at once run; SignedSlack waits for it to drain."""
    queue = Turns()
    yield queue
    queue.stop()


@pytest.fixture
def app(
    settings: Settings,
    sessions: SessionFactory,
    clock: FakeClock,
    relay: Relay,
    listener_pool: TrackingExecutor,
    background: Background,
    turns: Turns,
) -> App:
    """The app as production runs it: Bolt acks first and runs listeners on its thread pool (clicks,
    commands and events on `turns`), which leave sends and Home refreshes to the background."""
    return create_app(
        settings, sessions, clock, relay=relay, listener_executor=listener_pool, background=background, turns=turns
    )


@pytest.fixture
def watched_log(request: pytest.FixtureRequest) -> Iterator[ServerLog]:
    """The server's log; the test fails if Slack would have seen a missing ack, an unhandled
    request or a traceback (mark a test `expected_alarm` when it provokes one on purpose)."""
    with server_log() as log:
        yield log
    if request.node.get_closest_marker("expected_alarm") is None:
        assert log.alarms() == [], "the server log shows failures Slack would have seen"


@pytest.fixture(scope="session")
def front() -> Iterator[tuple[Front, str]]:
    """One waitress server for the whole run (as `career-prep serve` runs it); tests plug in their app."""
    plug = Front()
    with running_server(plug) as url:
        yield plug, url


@pytest.fixture
def slack_server(app: App, engine: Engine, watched_log: ServerLog, front: tuple[Front, str]) -> Iterator[str]:
    """The test's app behind the real HTTP server, at this URL."""
    plug, url = front
    with plug.serving(make_wsgi_app(app, engine)):
        yield url


@pytest.fixture
def slack(app: App, fake_slack: FakeSlack, slack_server: str) -> SignedSlack:  # noqa: F811
    """Signed requests over real HTTP into the running server, stamped with the real time as
    Slack does; each must be answered within 3 s; response URLs point at the fake Slack."""
    return SignedSlack(
        app, SIGNING_SECRET, team_id=TEAM_ID, response_url=fake_slack.response_url, http_url=slack_server
    )
