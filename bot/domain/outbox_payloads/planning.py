"""Payload of the team-planning digest: which manager, for which planning date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PlanningDigestRef:
    """The digest a week before `planning_on`, for the manager `manager_id` (stale once the date changes)."""

    manager_id: int
    planning_on: date
