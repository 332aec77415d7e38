"""The Docker build context holds what the Dockerfile copies and nothing private, and those files
are enough to build the wheel the image installs (no Docker engine needed for either check)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _copied_sources() -> list[str]:
    """The sources of every COPY from the build context (not `COPY --from=` another stage)."""
    sources: list[str] = []
    for line in (REPO / "Dockerfile").read_text(encoding="utf-8").splitlines():
        words = line.split()
        if words[:1] == ["COPY"] and not any(word.startswith("--from=") for word in words):
            sources.extend(words[1:-1])
    return sources


def _pattern(glob: str) -> re.Pattern[str]:
    """A .dockerignore pattern as Docker reads it: `*` and `?` stop at `/`, `**` spans folders,
    `[abc]` is a character class."""
    parts = re.split(r"(\*\*/|\*\*|\*|\?|\[[^\]]+\])", glob.strip("/"))
    table = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    return re.compile("".join(part if part.startswith("[") else table.get(part, re.escape(part)) for part in parts))


def _in_context(path: str) -> bool:
    """Whether Docker sends `path` in the build context: the last matching rule decides, and a rule
    matching a parent folder matches everything inside it."""
    rules = [
        line.strip()
        for line in (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    candidates = ["/".join(path.split("/")[: i + 1]) for i in range(path.count("/") + 1)]
    included = True
    for rule in rules:
        negated = rule.startswith("!")
        pattern = _pattern(rule.removeprefix("!"))
        if any(pattern.fullmatch(candidate) for candidate in candidates):
            included = negated
    return included


def test_the_matcher_reads_dockerignore_rules_as_docker_does() -> None:
    assert _pattern("*").fullmatch("bot")
    assert not _pattern("*").fullmatch("bot/app.py")
    assert _pattern("**/__pycache__").fullmatch("__pycache__")
    assert _pattern("**/__pycache__").fullmatch("bot/slack/__pycache__")
    assert _pattern("**/*.py[cod]").fullmatch("bot/app.pyc")
    assert not _pattern("**/*.py[cod]").fullmatch("bot/app.py")


def test_everything_the_dockerfile_copies_is_in_the_context() -> None:
    sources = _copied_sources()

    assert {"pyproject.toml", "setup.py", "bot", "migrations", "app_manifest.yml"} <= set(sources)
    for source in sources:
        assert (REPO / source).exists(), source
        assert _in_context(source), f"{source} is copied by the Dockerfile but left out by .dockerignore"
    assert _in_context("bot/slack/listeners/commands/__init__.py")
    assert _in_context("migrations/versions/0001_initial_schema.py")


@pytest.mark.parametrize(
    "path",
    [
        ".venv/bin/python",
        ".env",
        "career_prep.db",
        "career_prep.db-wal",
        ".git/HEAD",
        "tests/conftest.py",
        "bench/tick_cost.py",
        ".mypy_cache/3.11/bot",
        "bot/__pycache__/app.cpython-311.pyc",
        "migrations/versions/__pycache__/x.pyc",
        "bot/.env.local",
        "dev.db",
    ],
)
def test_private_and_generated_files_stay_out_of_the_context(path: str) -> None:
    assert not _in_context(path)


def test_the_copied_files_build_the_wheel_the_image_installs(tmp_path: Path) -> None:
    """The build stage has only the COPY'd files: they must make a wheel with migrations and manifest."""
    context = tmp_path / "context"
    context.mkdir()
    for source in _copied_sources():
        if (REPO / source).is_dir():
            shutil.copytree(REPO / source, context / source, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(REPO / source, context / source)
    built = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--wheel", "--outdir", str(tmp_path / "dist"), str(context)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    [wheel] = (tmp_path / "dist").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "bot/app_manifest.yml" in names
    assert "bot/_migrations/env.py" in names
    assert any(name.startswith("bot/_migrations/versions/0001_") for name in names)


def test_the_image_runs_the_installed_package_not_a_source_tree() -> None:
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    final_stage = dockerfile.rsplit("\nFROM ", 1)[1]

    assert "PYTHONPATH" not in dockerfile
    assert "COPY bot" not in final_stage
    assert "COPY --from=build /wheels /wheels" in final_stage
