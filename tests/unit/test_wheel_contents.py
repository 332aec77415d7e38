"""The wheel users install carries what the bot reads at run time: every migration and the manifest."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bot.shipped import IN_PACKAGE

REPO = Path(__file__).resolve().parents[2]


def _source_files(directory: Path) -> dict[str, bytes]:
    return {
        path.relative_to(directory).as_posix(): path.read_bytes()
        for path in directory.rglob("*")
        if path.is_file() and path.suffix in (".py", ".mako") and "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """A wheel built the way users get one: an sdist first, then the wheel from that sdist."""
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(REPO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    [path] = out.glob("*.whl")
    return zipfile.ZipFile(path)


def test_the_wheel_ships_every_migration(wheel: zipfile.ZipFile) -> None:
    prefix = f"bot/{IN_PACKAGE['migrations']}/"
    shipped = {name[len(prefix) :]: wheel.read(name) for name in wheel.namelist() if name.startswith(prefix)}

    expected = _source_files(REPO / "migrations")
    assert "env.py" in expected
    assert any(name.startswith("versions/") for name in expected)
    assert shipped == expected


def test_the_wheel_ships_the_manifest(wheel: zipfile.ZipFile) -> None:
    name = f"bot/{IN_PACKAGE['app_manifest.yml']}"

    assert wheel.read(name) == (REPO / "app_manifest.yml").read_bytes()
