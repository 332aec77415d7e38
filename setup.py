"""Build step: ship migrations/ and app_manifest.yml inside the installed `bot` package.

Both stay at the top of the repository, where developers edit them and Alembic's own CLI (alembic.ini)
finds them. A wheel (and so `pip install .`, pipx, `uv tool install` and the Docker image) carries
copies as bot/_migrations/ and bot/app_manifest.yml; bot/shipped.py looks there first. Everything
else about the build is declared in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

# Repository-root name -> name inside the `bot` package; bot/shipped.py reads the same names.
SHIPPED = {"migrations": "_migrations", "app_manifest.yml": "app_manifest.yml"}
NOT_SHIPPED = shutil.ignore_patterns("__pycache__", "*.py[cod]")


class BuildPyWithShippedFiles(build_py):
    """build_py, then copy the shipped files into the built package, replacing any stale copy."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads them from the checkout itself
            return
        package = Path(self.build_lib, "bot")
        for source, target in SHIPPED.items():
            destination = package / target
            if destination.is_dir():
                shutil.rmtree(destination)
            if Path(source).is_dir():
                shutil.copytree(source, destination, ignore=NOT_SHIPPED)
            else:
                shutil.copy2(source, destination)


setup(cmdclass={"build_py": BuildPyWithShippedFiles})
