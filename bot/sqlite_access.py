"""Why a SQLite database file cannot be opened for writing: which path, and which user may not write it.

SQLite itself only says "unable to open database file"; a Docker volume owned by another user is the
usual cause, so the startup error names the folder or file and the user the bot runs as.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

Access = Callable[[Path, int], bool]

# WAL mode writes these next to the database file; SQLite needs the folder writable to create them.
SIDE_FILES = ("-wal", "-shm")


def sqlite_write_problem(database_url: str, *, access: Access = os.access) -> str | None:
    """A one-line reason the SQLite file of `database_url` cannot be written, or None when the URL is
    not a SQLite file or nothing is wrong with its folder and file permissions."""
    path = _sqlite_file(database_url)
    if path is None:
        return None
    user = current_user()
    folder = path.parent
    existing = next(p for p in (folder, *folder.parents) if p.exists())
    elsewhere = "or set DATABASE_URL to a path it can write"
    if not existing.is_dir():
        return f"{existing} is a file, not a folder, so {path} cannot be created: {elsewhere}"
    if existing != folder:
        return f"the folder {folder} does not exist: create it, writable by {user}, {elsewhere}"
    if not access(folder, os.W_OK | os.X_OK):
        return (
            f"the folder {folder} is not writable by {user}: give that user write access "
            f"(for a Docker volume or bind mount, chown the folder on the host to that uid), {elsewhere}"
        )
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in SIDE_FILES)):
        if candidate.exists() and not access(candidate, os.R_OK | os.W_OK):
            return f"the file {candidate} is not writable by {user}: give that user write access, {elsewhere}"
    return None


def current_user() -> str:
    """`user careerprep (uid 10001)`, or `uid 10001` when the uid has no name (e.g. `docker run --user`)."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None:  # Windows: no uids
        return "the user running the bot"
    uid = geteuid()
    try:
        import pwd

        return f"user {pwd.getpwuid(uid).pw_name} (uid {uid})"
    except (ImportError, KeyError):
        return f"uid {uid}"


def _sqlite_file(database_url: str) -> Path | None:
    try:
        url = make_url(database_url)
    except ArgumentError:
        return None
    name = url.database
    if url.get_backend_name() != "sqlite" or not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name).absolute()
