"""Apply Alembic migrations programmatically (on start, and by `career-prep db upgrade`)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from bot.shipped import shipped_path


def alembic_config(database_url: str) -> Config:
    """An Alembic config pointing at our migrations and at `database_url`."""
    config = Config()
    config.set_main_option("script_location", str(shipped_path("migrations")))
    # Percent signs in passwords would otherwise be read as interpolation by configparser.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["configure_logging"] = False
    return config


ANALYSIS_LIMIT = 1000  # rows sampled per index by ANALYZE


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the database schema up to `revision`, then refresh SQLite's query-planner statistics."""
    command.upgrade(alembic_config(database_url), revision)
    analyze(database_url)


def analyze(database_url: str) -> None:
    """SQLite plans queries from statistics only ANALYZE gathers; without them it may walk a whole
    workspace's rows through the wrong index (the relay's carried items: 106 ms instead of 0.2 ms a
    call at 100k people). Run at every start and once a day (bot.runtime); PostgreSQL's autovacuum keeps
    its own. A sample of each index (analysis_limit) is enough for the planner, and keeps this quick
    at any size."""
    if not database_url.startswith("sqlite"):
        return
    engine = create_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
            connection.exec_driver_sql("ANALYZE")
    finally:
        engine.dispose()
