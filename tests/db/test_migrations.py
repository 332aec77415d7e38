"""Migrations against brand-new databases: head matches the models, downgrade and upgrade round-trip,
SQLite pragmas are set on every connection, and timestamps are stored and read as aware UTC."""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Engine, Integer, MetaData, Table, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from bot.db import SQLITE_BUSY_TIMEOUT_MS, make_engine
from bot.migrate import alembic_config, upgrade
from bot.models import Base, UTCDateTime, Workspace
from tests.conftest import TEST_DB_ENV


def _postgres_server_url() -> str | None:
    url = os.environ.get(TEST_DB_ENV)
    return url if url and url.startswith("postgresql") else None


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a database that has never seen a migration; PostgreSQL ones are dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    server_url = _postgres_server_url()
    if server_url is None:
        pytest.skip(f"{TEST_DB_ENV} does not point at PostgreSQL")
    name = f"career_prep_fresh_{uuid.uuid4().hex[:12]}"
    admin = make_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _pending_diff(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def _table_names(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_head_on_empty_database_matches_the_models(empty_database_url: str) -> None:
    upgrade(empty_database_url)

    assert _pending_diff(empty_database_url) == []
    assert _table_names(empty_database_url) == {*Base.metadata.tables, "alembic_version"}


def test_downgrade_to_base_leaves_only_alembic_version_and_upgrade_works_again(empty_database_url: str) -> None:
    upgrade(empty_database_url)

    command.downgrade(alembic_config(empty_database_url), "base")

    assert _table_names(empty_database_url) == {"alembic_version"}
    upgrade(empty_database_url)
    assert _pending_diff(empty_database_url) == []


def test_sqlite_connections_get_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.db'}")
    try:
        # The pragmas are per connection: check a pooled one and a brand-new one. (Not two at once:
        # every transaction starts with BEGIN IMMEDIATE, so a second one would wait for the first.)
        for _ in range(2):
            with engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == SQLITE_BUSY_TIMEOUT_MS == 15000
            engine.dispose()
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def stamp_table(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Engine, Table]]:
    """A scratch table with one UTCDateTime column, on a fresh SQLite file or the PostgreSQL test server."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'stamps.db'}"
    else:
        server_url = _postgres_server_url()
        if server_url is None:
            pytest.skip(f"{TEST_DB_ENV} does not point at PostgreSQL")
        url = server_url
    engine = make_engine(url)
    metadata = MetaData()
    name = f"utc_stamps_{uuid.uuid4().hex[:8]}"
    table = Table(name, metadata, Column("id", Integer, primary_key=True), Column("at", UTCDateTime()))
    metadata.create_all(engine)
    try:
        yield engine, table
    finally:
        metadata.drop_all(engine)
        engine.dispose()


def test_utc_datetime_refuses_naive_values(stamp_table: tuple[Engine, Table]) -> None:
    engine, table = stamp_table

    with pytest.raises(StatementError) as raised, engine.begin() as connection:
        connection.execute(table.insert().values(id=1, at=datetime(2026, 11, 23, 14, 0)))

    assert isinstance(raised.value.orig, ValueError)
    assert "naive" in str(raised.value.orig)


def test_utc_datetime_returns_aware_utc(stamp_table: tuple[Engine, Table]) -> None:
    engine, table = stamp_table
    berlin_evening = datetime(2026, 11, 23, 19, 30, 15, 250_000, tzinfo=timezone(timedelta(hours=1)))
    utc_morning = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)

    with engine.begin() as connection:
        connection.execute(table.insert(), [{"id": 1, "at": berlin_evening}, {"id": 2, "at": utc_morning}])
    with engine.connect() as connection:
        stored = {row.id: row.at for row in connection.execute(table.select().order_by(table.c.id))}
        earlier = connection.execute(table.select().where(table.c.at < utc_morning)).all()

    assert stored == {1: datetime(2026, 11, 23, 18, 30, 15, 250_000, tzinfo=UTC), 2: utc_morning}
    assert all(value.tzinfo is UTC for value in stored.values())
    assert [row.id for row in earlier] == [1]


_OLD_WORKSPACE = text(
    "INSERT INTO workspaces (team_id, working_days, work_start_minute, work_end_minute, prep_reminder_working_days,"
    " prep_reminder_minute, manager_brief_working_days, manager_brief_minute, recap_nudge_delay_minutes,"
    " check_in_days, coverage_window_days, coverage_flag_days, org_digest_user_ids, digests_enabled, holidays,"
    " created_at, updated_at) VALUES (:team_id, :days, 540, 1080, 2, 600, 1, 540, 60, 21, 60, 45, :users, :on,"
    " :holidays, :at, :at)"
)
_LISTS = text("SELECT team_id, working_days, org_digest_user_ids, holidays FROM workspaces ORDER BY team_id")


def test_workspace_lists_written_as_text_read_as_lists_after_upgrade_and_as_text_after_downgrade(
    empty_database_url: str,
) -> None:
    config = alembic_config(empty_database_url)
    command.upgrade(config, "0008_prep_share")
    engine = make_engine(empty_database_url)
    at = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    old_rows = [
        {"team_id": "T1", "days": "6, 0,1,2,3", "users": "UOTHER, UMIRA", "holidays": "2026-12-24,2026-12-25"},
        {"team_id": "T2", "days": "0,1,2,3,4", "users": "", "holidays": ""},
        # A hand-edited value the reader could not use meant Monday to Friday; it still does.
        {"team_id": "T3", "days": "0,1,x", "users": "", "holidays": ""},
    ]
    try:
        with engine.begin() as connection:
            connection.execute(_OLD_WORKSPACE, [{**row, "on": True, "at": at} for row in old_rows])

        upgrade(empty_database_url)
        with Session(engine) as session:
            read = {
                w.team_id: (w.working_days, w.org_digest_user_ids, w.holidays)
                for w in session.scalars(select(Workspace))
            }
        assert read == {
            "T1": ([6, 0, 1, 2, 3], ["UOTHER", "UMIRA"], ["2026-12-24", "2026-12-25"]),
            "T2": ([0, 1, 2, 3, 4], [], []),
            "T3": ([0, 1, 2, 3, 4], [], []),
        }
        assert _pending_diff(empty_database_url) == []

        command.downgrade(config, "0008_prep_share")
        with engine.connect() as connection:
            restored = [tuple(row) for row in connection.execute(_LISTS)]
        assert restored == [
            ("T1", "6,0,1,2,3", "UOTHER,UMIRA", "2026-12-24,2026-12-25"),
            ("T2", "0,1,2,3,4", "", ""),
            ("T3", "0,1,2,3,4", "", ""),
        ]
    finally:
        engine.dispose()


def test_migrating_workspaces_up_and_down_keeps_every_row_that_points_at_a_workspace(empty_database_url: str) -> None:
    """On SQLite, batch mode copies the table and drops the old one: with foreign keys on, the drop would
    cascade to everything a workspace owns."""
    config = alembic_config(empty_database_url)
    command.upgrade(config, "0008_prep_share")
    engine = make_engine(empty_database_url)
    at = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    person = text(
        "INSERT INTO people (slack_user_id, display_name, tz, manager_confirmed, status, team_id, created_at,"
        " updated_at) VALUES ('UANA', 'Ana', 'UTC', false, 'active', 'T1', :at, :at)"
    )
    count = text("SELECT count(*) FROM people")
    try:
        with engine.begin() as connection:
            connection.execute(
                _OLD_WORKSPACE,
                {"team_id": "T1", "days": "0,1,2,3,4", "users": "", "holidays": ""} | {"on": True, "at": at},
            )
            connection.execute(person, {"at": at})

        upgrade(empty_database_url)
        with engine.connect() as connection:
            after_upgrade = connection.execute(count).scalar()
        command.downgrade(config, "0008_prep_share")
        with engine.connect() as connection:
            after_downgrade = connection.execute(count).scalar()
    finally:
        engine.dispose()

    assert (after_upgrade, after_downgrade) == (1, 1)


_DANGLING_MIGRATION = """
from alembic import op

revision = "0099_drops_a_workspace"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM workspaces WHERE team_id = 'T1'")


def downgrade() -> None:
    pass
"""


_PERSON = text(
    "INSERT INTO people (slack_user_id, display_name, tz, manager_confirmed, status, team_id, manager_id, created_at,"
    " updated_at) VALUES (:user, 'x', 'UTC', false, 'active', 'T1', :manager, :at, :at)"
)


def test_a_sqlite_migration_that_leaves_rows_pointing_at_nothing_is_not_applied(tmp_path: Path) -> None:
    """Foreign keys are off while SQLite migrates, so a broken migration is caught after, and undone whole;
    a row that already pointed at nothing before (an operator's hand edit) stops nobody."""
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    upgrade(url)
    engine = make_engine(url)
    at = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO workspaces (team_id, working_days, work_start_minute, work_end_minute,"
                    " prep_reminder_working_days, prep_reminder_minute, manager_brief_working_days,"
                    " manager_brief_minute, recap_nudge_delay_minutes, check_in_days, coverage_window_days,"
                    " coverage_flag_days, org_digest_user_ids, digests_enabled, holidays, created_at, updated_at)"
                    " VALUES ('T1', '[0,1,2,3,4]', 540, 1080, 2, 600, 1, 540, 60, 21, 60, 45, '[]', true, '[]',"
                    " :at, :at)"
                ),
                {"at": at},
            )
            connection.execute(_PERSON, {"user": "UANA", "manager": None, "at": at})
        # An operator's hand edit, made the way the sqlite3 shell makes it (foreign keys off by default).
        shell = sqlite3.connect(tmp_path / "bot.db")
        with shell:
            shell.execute(_PERSON.text.replace(":user", "'UOLD'").replace(":manager", "999").replace(":at", "'x'"))
        shell.close()
        scripts = tmp_path / "migrations"
        shutil.copytree(Path(alembic_config(url).get_main_option("script_location") or ""), scripts)
        config = alembic_config(url)
        head = ScriptDirectory.from_config(config).get_current_head()
        (scripts / "versions" / "0099_drops_a_workspace.py").write_text(_DANGLING_MIGRATION.format(head=head))
        config.set_main_option("script_location", str(scripts))

        with pytest.raises(RuntimeError, match="would leave rows pointing at nothing"):
            command.upgrade(config, "head")

        with engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            kept = connection.execute(text("SELECT count(*) FROM workspaces")).scalar()
    finally:
        engine.dispose()

    assert (version, kept) == (head, 1)
