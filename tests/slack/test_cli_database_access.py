"""A SQLite database the bot cannot write stops it at start with one line naming the path and the user,
not a guess about the URL (e.g. a Docker /data volume owned by another user than uid 10001)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.sqlite_access import current_user
from tests.support.cli_env import clean_environment
from tests.support.fake_slack import FakeSlack

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_slack: FakeSlack) -> dict[str, str]:
    """Each test names its own database."""
    return clean_environment(monkeypatch, tmp_path, fake_slack, database=None)


@pytest.mark.parametrize("command", [["run-due"], ["db", "upgrade"]])
def test_a_file_in_place_of_the_data_folder_is_named(
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    (tmp_path / "data").write_text("", encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'data' / 'career_prep.db'}")

    assert main(command) == 2

    [line] = capsys.readouterr().err.splitlines()
    assert f"cannot open the SQLite database: {tmp_path / 'data'} is a file, not a folder" in line


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


def _without_root_powers() -> list[str]:
    """As root, permission bits bind only without CAP_DAC_OVERRIDE: run the bot with no capabilities
    (`setpriv`). Another user cannot be used here: the interpreter lives under /root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permission bits cannot be made to bind")
    return [setpriv, "--inh-caps=-all", "--bounding-set=-all"]


@pytest.mark.parametrize("command", [["run-due"], ["db", "upgrade"]])
def test_a_folder_the_bot_may_not_write_is_named_with_the_user(
    env: dict[str, str], read_only_folder: Path, command: list[str]
) -> None:
    result = subprocess.run(
        [*_without_root_powers(), sys.executable, "-m", "bot", *command],
        env={**os.environ, "PYTHONPATH": str(REPO), "DATABASE_URL": f"sqlite:///{read_only_folder / 'career_prep.db'}"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 2, result.stderr
    [line] = result.stderr.splitlines()
    assert f"the folder {read_only_folder} is not writable by {current_user()}: " in line
    assert "Check the URL" not in line
