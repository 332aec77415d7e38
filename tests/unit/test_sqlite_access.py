"""The reason a SQLite database cannot be opened names the path and the user, for each way it goes wrong."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.sqlite_access import Access, current_user, sqlite_write_problem


def _denied(*denied: Path) -> Access:
    """An os.access stand-in: the permission bits of `denied` say no (root ignores real ones)."""

    def access(path: Path, mode: int) -> bool:
        return Path(path) not in denied

    return access


def test_a_folder_the_bot_cannot_write_is_named_with_the_user(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()

    problem = sqlite_write_problem(f"sqlite:///{data / 'career_prep.db'}", access=_denied(data))

    assert problem is not None
    assert problem.startswith(f"the folder {data} is not writable by {current_user()}: ")
    assert "chown" in problem
    assert "check the URL" not in problem


def test_a_database_file_the_bot_cannot_write_is_named(tmp_path: Path) -> None:
    database = tmp_path / "career_prep.db"
    database.touch()

    problem = sqlite_write_problem(f"sqlite:///{database}", access=_denied(database))

    assert problem is not None
    assert problem.startswith(f"the file {database} is not writable by {current_user()}")


def test_a_wal_file_left_by_another_user_is_named(tmp_path: Path) -> None:
    database = tmp_path / "career_prep.db"
    database.touch()
    wal = tmp_path / "career_prep.db-wal"
    wal.touch()

    problem = sqlite_write_problem(f"sqlite:///{database}", access=_denied(wal))

    assert problem is not None
    assert problem.startswith(f"the file {wal} is not writable")


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    problem = sqlite_write_problem(f"sqlite:///{tmp_path / 'nowhere' / 'career_prep.db'}")

    assert problem is not None
    assert problem.startswith(f"the folder {tmp_path / 'nowhere'} does not exist: create it")


def test_a_file_where_the_folder_should_be_is_named(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("not a folder", encoding="utf-8")

    problem = sqlite_write_problem(f"sqlite:///{tmp_path / 'data' / 'career_prep.db'}")

    assert problem is not None
    assert problem.startswith(f"{tmp_path / 'data'} is a file, not a folder")


def test_a_relative_path_is_reported_as_the_absolute_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    problem = sqlite_write_problem("sqlite:///career_prep.db", access=_denied(tmp_path))

    assert problem is not None
    assert problem.startswith(f"the folder {tmp_path} is not writable")


@pytest.mark.parametrize(
    "url",
    ["postgresql+psycopg://u:p@db/x", "sqlite://", "sqlite:///:memory:", "sqlite:///file:x.db?mode=ro&uri=true"],
)
def test_no_reason_is_made_up_for_other_databases(url: str, tmp_path: Path) -> None:
    assert sqlite_write_problem(url, access=_denied(tmp_path)) is None


def test_a_writable_place_has_no_problem(tmp_path: Path) -> None:
    (tmp_path / "career_prep.db").touch()

    assert sqlite_write_problem(f"sqlite:///{tmp_path / 'career_prep.db'}") is None


def test_the_user_is_named_by_name_and_uid() -> None:
    assert current_user().endswith(f"(uid {os.geteuid()})")
