"""Placeholder: planning of digest deliveries (written with the digest feature)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.models import Workspace


def plan_digests(session: Session, workspace: Workspace, now: datetime) -> int:
    """Queue the digests due within the planning horizon; returns how many were queued."""
    return 0
