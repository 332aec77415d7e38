"""SQLite writers of one process queue on the process's own lock before BEGIN IMMEDIATE (not in SQLite's
sleeping busy handler), and the lock is given back however a transaction ends."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, text

from bot.db import make_engine

NOT_BEFORE = 0.5  # seconds the second writer is given to (wrongly) reach SQLite


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'writers.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (n INTEGER)"))
    yield engine
    engine.dispose()


def test_a_second_writer_waits_for_the_first_before_it_reaches_sqlite(engine: Engine) -> None:
    reached = threading.Event()

    @event.listens_for(engine, "before_cursor_execute")
    def began(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement == "BEGIN IMMEDIATE" and threading.current_thread().name == "second":
            reached.set()

    def second() -> None:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO t VALUES (2)"))

    with engine.begin() as first:
        first.execute(text("INSERT INTO t VALUES (1)"))
        waiting = threading.Thread(target=second, name="second")
        waiting.start()
        assert not reached.wait(NOT_BEFORE)  # it queues here, not in SQLite's busy handler
    waiting.join(10)

    assert reached.is_set()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT n FROM t ORDER BY n")).scalars().all() == [1, 2]


def test_the_lock_is_given_back_after_a_rollback_and_after_a_failed_statement(engine: Engine) -> None:
    def failing_transaction() -> None:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO t VALUES (1)"))
            raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        failing_transaction()
    with pytest.raises(Exception, match="no such table"), engine.begin() as connection:
        connection.execute(text("INSERT INTO missing VALUES (1)"))

    done = threading.Event()

    def writer() -> None:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO t VALUES (3)"))
        done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    assert done.wait(10)
    thread.join(10)
