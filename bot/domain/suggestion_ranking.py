"""Ranking who to suggest: pure rules for score bands, fair rotation and the reasons shown to the employee."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.models.help_offer import OfferKind

KIND_WORDS: dict[OfferKind, str] = {
    OfferKind.INFORMATIONAL_INTERVIEW: "an informational interview",
    OfferKind.MENTORING: "mentoring",
    OfferKind.SHADOWING: "a day of shadowing",
    OfferKind.PLAN_REVIEW: "a look at your plan",
}
SHOWN_TOPICS = 3
_NEVER = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Candidate:
    """One open offer that passed every rule, with what it has in common with the employee."""

    person_id: int
    matched: tuple[str, ...]
    overlap_minutes: int
    used_this_month: int
    capacity: int
    last_suggested_at: datetime | None
    suggested_count: int

    @property
    def band(self) -> tuple[int, int]:
        """Close scores share a band: shared topics (3 or more count alike), then a coarse hours overlap."""
        hours = 2 if self.overlap_minutes >= 4 * 60 else 1 if self.overlap_minutes >= 60 else 0
        return min(len(self.matched), SHOWN_TOPICS), hours


def rotation(employee_id: int, person_id: int) -> int:
    """A tie-break that differs per employee, so full ties do not always name the same person."""
    digest = hashlib.blake2b(f"{employee_id}:{person_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def rank(candidates: Sequence[Candidate], *, employee_id: int, limit: int) -> list[Candidate]:
    """Best band first; within a band the one suggested least recently, then least often, then rotation."""
    return sorted(
        candidates,
        key=lambda c: (
            tuple(-x for x in c.band),
            c.last_suggested_at or _NEVER,
            c.suggested_count,
            rotation(employee_id, c.person_id),
        ),
    )[: max(limit, 0)]


def reasons_for(candidate: Candidate, *, kind: OfferKind, topics: Sequence[str]) -> tuple[str, ...]:
    """Why this person, in plain words: shared topics, hours, reporting line, room this month."""
    found: list[str] = []
    if candidate.matched:
        found.append("also into: " + ", ".join(candidate.matched[:SHOWN_TOPICS]))
    elif topics:
        found.append(f"offers {KIND_WORDS[kind]}; talks about: " + ", ".join(topics[:SHOWN_TOPICS]))
    else:
        found.append(f"offers {KIND_WORDS[kind]}")
    hours = candidate.overlap_minutes // 60
    if hours >= 1:
        found.append(f"works hours that overlap yours {hours}h a day")
    else:
        found.append("works in a far-off time zone, so plan for a short or async chat")
    found.append("outside your reporting line")
    left = max(candidate.capacity - candidate.used_this_month, 0)
    found.append(f"{left} of {candidate.capacity} conversations free this month")
    return tuple(found)
