"""Turns for the work only one process at a time should do, when every web process runs the scheduler.

Sending is shared out row by row (leases.claim's SKIP LOCKED); planning, pruning and the token re-check
are whole-database passes, so on PostgreSQL each takes a transaction-scoped advisory lock first and a
process that finds it taken skips that part of its tick: the holder does it for everyone, and the next
tick comes soon. On SQLite every write transaction begins with BEGIN IMMEDIATE, which already lets one
writer in at a time, so the turn is always granted.
"""

from __future__ import annotations

from enum import IntEnum

from sqlalchemy import text
from sqlalchemy.orm import Session


class Turn(IntEnum):
    """The advisory lock keys, one 32-bit number per kind of pass (arbitrary, fixed, and ours). The
    second half of the key is the schema's name, so two installs sharing a database never wait on
    each other."""

    PLANNING = 0x43505031  # "CPP1"
    TOKEN_CHECK = 0x43505032  # "CPP2"


def take_turn(session: Session, turn: Turn) -> bool:
    """Whether this transaction may do `turn`'s pass now; held until the transaction ends.

    Never waits: a second planner would only repeat the first one's work once it was done."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(
        session.scalar(text("SELECT pg_try_advisory_xact_lock(:key, hashtext(current_schema()))"), {"key": int(turn)})
    )
