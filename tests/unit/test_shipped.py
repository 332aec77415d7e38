"""Shipped files are found inside an installed package first, else at a checkout's root, else loudly missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.shipped import PACKAGE_DIR, shipped_path

REPO = Path(__file__).resolve().parents[2]


def test_a_checkout_reads_the_files_at_its_root() -> None:
    assert PACKAGE_DIR == REPO / "bot"
    assert shipped_path("migrations") == REPO / "migrations"
    assert shipped_path("app_manifest.yml") == REPO / "app_manifest.yml"


def test_an_installed_package_reads_its_own_copies(tmp_path: Path) -> None:
    package = tmp_path / "site-packages" / "bot"
    (package / "_migrations").mkdir(parents=True)
    (package / "app_manifest.yml").write_text("display_information: {}\n", encoding="utf-8")

    assert shipped_path("migrations", package_dir=package) == package / "_migrations"
    assert shipped_path("app_manifest.yml", package_dir=package) == package / "app_manifest.yml"


def test_a_copy_inside_the_package_wins_over_a_checkout(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    (tmp_path / "app_manifest.yml").write_text("checkout", encoding="utf-8")
    (tmp_path / "bot").mkdir()
    (tmp_path / "bot" / "app_manifest.yml").write_text("installed", encoding="utf-8")

    assert shipped_path("app_manifest.yml", package_dir=tmp_path / "bot").read_text(encoding="utf-8") == "installed"


def test_an_installed_package_without_its_files_says_so(tmp_path: Path) -> None:
    package = tmp_path / "site-packages" / "bot"
    package.mkdir(parents=True)
    # Not a checkout: a stray file next to site-packages is not taken for the shipped one.
    (tmp_path / "site-packages" / "migrations").mkdir()

    with pytest.raises(FileNotFoundError, match=r"_migrations is missing: this career-prep installation is incomplete"):
        shipped_path("migrations", package_dir=package)
