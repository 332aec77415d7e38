"""Alembic environment: the URL comes from the bot's settings unless the caller set one."""

from __future__ import annotations

from collections import Counter
from logging.config import fileConfig
from typing import Any

from alembic import context
from sqlalchemy import pool, text

from bot.config import load_database_settings
from bot.db import make_engine
from bot.models import Base, UTCDateTime

config = context.config
# PostgreSQL advisory lock held while migrating (the scheduler's keys are in bot/scheduling/planning_lock.py).
MIGRATION_LOCK = 0x43505030  # "CPP0", with the schema's name as the second half of the key
target_metadata = Base.metadata

if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name)


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    return url or load_database_settings().database_url


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _render_item(type_: str, obj: object, autogen_context: Any) -> str | bool:
    """Write our UTCDateTime as a plain timezone-aware DateTime, so migrations never import app code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=_render_item,
        # SQLite runs DDL inside a transaction too (bot.db begins each one itself), so a failed run is
        # undone whole instead of stopping halfway between two revisions.
        transactional_ddl=True,
    )
    if connection.dialect.name != "sqlite" or _up_to_date(connection):
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # Several web processes start at once (`docker compose up --scale bot=3`) and each
                # migrates: one at a time, and the later ones find the schema already at head.
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key, hashtext(current_schema()))"), {"key": MIGRATION_LOCK}
                )
            context.run_migrations()
        return
    _run_on_sqlite(connection)


def _up_to_date(connection: Any) -> bool:
    """Whether the database is already at the revision asked for (then nothing is migrated or checked)."""
    current = set(context.get_context().get_current_heads())
    connection.rollback()  # the look started a transaction; the pragma after it needs none
    try:
        wanted = {rev.revision for rev in context.script.get_revisions(context.get_revision_argument()) if rev}
    except Exception:  # noqa: BLE001 - a relative or odd target: take the careful path
        return False
    return current == wanted


def _run_on_sqlite(connection: Any) -> None:
    """On SQLite, batch mode changes a table by copying it and dropping the old one; with foreign keys on,
    that drop would cascade to every row pointing at the table (every table points at `workspaces`).
    So foreign keys are off while the migrations run, and a migration that leaves rows pointing at
    nothing is rolled back whole. The pragma does nothing inside a transaction: it goes to the
    driver's connection (autocommit) first, and is read back."""
    raw = connection.connection.dbapi_connection
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        if raw.execute("PRAGMA foreign_keys").fetchone()[0] != 0:
            raise RuntimeError("could not turn SQLite's foreign keys off to migrate; nothing was changed")
        before = _dangling(raw)  # rows an operator may have left pointing at nothing: not ours to judge
        with context.begin_transaction():
            context.run_migrations()
            added = _dangling(raw) - before
            if added:
                raise RuntimeError(f"a migration would leave rows pointing at nothing, so none was applied: {added}")
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def _dangling(raw: Any) -> Counter[tuple[str, str]]:
    """How many rows of each table point at nothing in each parent table."""
    return Counter((str(table), str(parent)) for table, _, parent, _ in raw.execute("PRAGMA foreign_key_check"))


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
