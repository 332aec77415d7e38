"""The SQLite files are private to the bot's user, and deleted text leaves no copy behind in them."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from bot.db import make_engine, make_sessions, purge_deleted

SECRET = "ask-for-the-zanzibar-promotion"


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The usual umask (022): without care, files come out world-readable."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture
def notes(tmp_path: Path, loose_umask: None) -> Iterator[tuple[Engine, Path]]:
    path = tmp_path / "bot.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
        connection.execute(text("INSERT INTO notes (body) VALUES ('kept'), (:secret)"), {"secret": SECRET * 20})
    try:
        yield engine, path
    finally:
        engine.dispose()


def files_of(path: Path) -> list[Path]:
    return [p for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")) if p.exists()]


def test_a_new_database_and_its_wal_and_shm_are_private(notes: tuple[Engine, Path]) -> None:
    _, path = notes
    files = files_of(path)

    assert [p.name for p in files] == ["bot.db", "bot.db-wal", "bot.db-shm"]
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}


def test_a_wal_created_later_is_private_too(notes: tuple[Engine, Path]) -> None:
    engine, path = notes
    engine.dispose()  # the last connection closing removes the WAL and SHM
    assert files_of(path) == [path]
    os.umask(0)  # nothing left to chance: without care, the next files would be 0666

    with engine.begin() as connection:
        connection.execute(text("INSERT INTO notes (body) VALUES ('later')"))

    assert {p.name: mode(p) for p in files_of(path)} == {"bot.db": 0o600, "bot.db-wal": 0o600, "bot.db-shm": 0o600}


def test_an_existing_readable_database_is_tightened(tmp_path: Path, loose_umask: None) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    engine.dispose()
    for file in files_of(path):
        file.chmod(0o644)

    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO t VALUES (1)"))
    engine.dispose()

    assert {p.name: mode(p) for p in files_of(path)} == {p.name: 0o600 for p in files_of(path)}


def raw_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in files_of(path))


def test_connections_delete_securely(notes: tuple[Engine, Path]) -> None:
    engine, _ = notes
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


@pytest.mark.parametrize("secure_delete", ["ON", "OFF"])
def test_purging_leaves_no_copy_of_deleted_text_in_the_files(notes: tuple[Engine, Path], secure_delete: str) -> None:
    """With secure delete OFF (some SQLite builds, or a connection that turned it off) the freed cells
    keep the text until VACUUM rebuilds the file."""
    engine, path = notes
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA secure_delete={secure_delete}")
        connection.execute(text("DELETE FROM notes WHERE body != 'kept'"))
        connection.exec_driver_sql("PRAGMA secure_delete=ON")
    assert SECRET.encode() in raw_bytes(path)  # the WAL still holds the page as it was

    assert purge_deleted(make_sessions(engine)) is True

    assert SECRET.encode() not in raw_bytes(path)
    assert path.with_name("bot.db-wal").stat().st_size == 0
    with engine.connect() as connection:
        assert connection.execute(text("SELECT body FROM notes")).scalars().all() == ["kept"]


def test_purging_does_nothing_for_an_in_memory_database() -> None:
    engine = make_engine("sqlite://")
    try:
        assert purge_deleted(make_sessions(engine)) is True
    finally:
        engine.dispose()


def test_a_failed_statement_does_not_carry_its_parameters_into_the_log(notes: tuple[Engine, Path]) -> None:
    engine, _ = notes
    with engine.begin() as connection:
        connection.execute(text("CREATE UNIQUE INDEX one_body ON notes (body)"))

    with pytest.raises(IntegrityError) as failed, engine.begin() as connection:
        connection.execute(text("INSERT INTO notes (body) VALUES (:secret)"), {"secret": SECRET * 20})

    assert SECRET not in str(failed.value)
    assert "hidden due to hide_parameters" in str(failed.value)
