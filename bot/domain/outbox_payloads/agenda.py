"""Payloads that edit the employee's earlier agenda messages (taken back, or an older copy emptied)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class OldCopyReason(StrEnum):
    """Why an older copy of the agenda in the manager's DM is emptied."""

    REPLACED = "replaced"  # a newer version was posted below it
    MOVED = "moved"  # the employee's 1:1s are with someone else now


@dataclass(frozen=True)
class AgendaTakenBack:
    """Edit the employee's "your agenda is with …" message at channel/ts: no longer shared."""

    conversation_id: int
    channel: str
    ts: str
    taken_back_at: datetime
    manager_changed: bool = False


@dataclass(frozen=True)
class AgendaOldCopy:
    """Empty an older copy of the agenda at channel/ts."""

    conversation_id: int
    employee_id: int
    channel: str
    ts: str
    reason: OldCopyReason
