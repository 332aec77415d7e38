"""Engine and session factory; SQLite gets WAL, a busy timeout, foreign keys, private files and
secure deletion."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 15_000

SessionFactory = sessionmaker[Session]
PRIVATE_MODE = 0o600
# The files SQLite keeps next to the database in WAL mode.
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")

logger = logging.getLogger(__name__)
_HOLDS_WRITER_LOCK = "career_prep_writer_lock"


def make_engine(database_url: str, **kwargs: Any) -> Engine:
    """Create the engine for `database_url`, with the SQLite pragmas the bot relies on.

    SQL parameters are left out of error messages and SQL logs (`hide_parameters`): they hold what
    people typed, and a failed statement's message ends up in the log with its traceback.
    """
    if database_url.startswith("sqlite"):
        path = sqlite_path(database_url)
        if path is not None:
            make_private(path)
        connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        engine = create_engine(database_url, connect_args=connect_args, hide_parameters=True, **kwargs)
        writers = _Writers()
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", writers.begin)
        event.listen(engine, "commit", writers.end)
        event.listen(engine, "rollback", writers.end)
        return engine
    return create_engine(database_url, pool_pre_ping=True, hide_parameters=True, **kwargs)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 driver, decide when transactions begin (see _Writers).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleted rows are overwritten with zeros, not just marked free: `forget` and uninstall
        # must not leave prep or recap text readable in the file.
        cursor.execute("PRAGMA secure_delete=ON")
    finally:
        cursor.close()


class _Writers:
    """BEGIN IMMEDIATE takes SQLite's write lock up front, so two writers queue on busy_timeout instead
    of one failing with "database is locked" when it upgrades a read lock.

    Within one process they first queue on a lock of ours: SQLite's busy handler waits by sleeping
    ever longer (up to 100 ms a try), so under contention a writer slept past locks freed meanwhile
    (bench/ack_bench.py: form submissions waited seconds). A waiter here wakes as soon as the lock is
    free. Other processes still meet SQLite's own lock; a lock that somehow stays taken here is only
    waited for up to the busy timeout, then SQLite's is used alone."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def begin(self, connection: Any) -> None:
        held = self._lock.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
        connection.info[_HOLDS_WRITER_LOCK] = held
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            self.end(connection)
            raise

    def end(self, connection: Any) -> None:
        """At commit or rollback (either, once, from the thread that ends the transaction)."""
        if connection.info.pop(_HOLDS_WRITER_LOCK, False):
            self._lock.release()


def make_sessions(engine: Engine) -> SessionFactory:
    """The session factory every edge (listener, job, command) opens its unit of work from."""
    return sessionmaker(engine, expire_on_commit=False)


def database_reachable(engine: Engine) -> bool:
    """True when a trivial query succeeds; used by the health check."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means "not reachable" to a probe
        return False
    return True


def sqlite_path(database_url: str) -> Path | None:
    """The file a SQLite URL names; None for an in-memory database or a URI filename."""
    database = make_url(database_url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def make_private(path: Path) -> None:
    """Create the database file readable by its owner only, and tighten it and its side files if they
    exist. SQLite gives the WAL and SHM files it creates later the database file's mode."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_RDWR, PRIVATE_MODE))
    except OSError:
        return  # an unwritable place: SQLite's own error on connect says so
    for file in (path, *(path.with_name(path.name + suffix) for suffix in SQLITE_SIDE_FILES)):
        try:
            if file.stat().st_mode & 0o777 != PRIVATE_MODE:
                file.chmod(PRIVATE_MODE)
        except FileNotFoundError:
            continue
        except OSError as exc:
            logger.warning("could not make %s private (mode 0600): %s", file, exc)


def purge_deleted(sessions: SessionFactory) -> bool:
    """After deleting personal data, remove every leftover copy of it from SQLite's files.

    secure_delete zeroes the freed space in the pages, but in WAL mode the old versions of those
    pages are still in the -wal file and, until a checkpoint, in the database file. So: checkpoint,
    VACUUM (rebuilds the file from live rows only), checkpoint again and truncate the WAL to zero.
    True when that completed; False when another connection kept the WAL busy (logged) or on
    PostgreSQL, where deleted rows stay as dead tuples until (auto)vacuum reuses their space.
    """
    engine = sessions.kw["bind"]
    if not isinstance(engine, Engine) or engine.dialect.name != "sqlite":
        return False
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        try:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("VACUUM")
            busy = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            cursor.close()
    except sqlite3.OperationalError as exc:
        # Another process held the write lock past the busy timeout; the next purge catches up.
        logger.warning("deleted data could not be purged from the database file yet: %s", exc)
        return False
    finally:
        raw.close()
    if busy:
        logger.warning("deleted data purged, but the write-ahead log could not be emptied yet (busy)")
    return not busy
