"""Where the files shipped with the bot live: inside the installed package, or at a checkout's root."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent

# Repository-root name -> name inside the installed `bot` package (setup.py copies them at build time).
IN_PACKAGE = {"migrations": "_migrations", "app_manifest.yml": "app_manifest.yml"}


def shipped_path(name: str, *, package_dir: Path = PACKAGE_DIR) -> Path:
    """The installed copy of `name` (a wheel, `pip install .`, Docker), else the checkout's own file
    (an editable install, where developers edit it). Raises FileNotFoundError when neither exists."""
    installed = package_dir / IN_PACKAGE[name]
    if installed.exists():
        return installed
    checkout = package_dir.parent
    in_checkout = checkout / name
    if in_checkout.exists() and (checkout / "pyproject.toml").is_file():
        return in_checkout
    raise FileNotFoundError(
        f"{installed} is missing: this career-prep installation is incomplete. "
        "Reinstall it from a wheel or from a source checkout (pip install .)."
    )
