"""What a digest may tell anyone but the manager: whole-group counts, and only for groups of 5 or more.

A channel sees a team digest, and whoever reads the workspace digest is not the reports' manager,
so neither may single anyone out: no names, no value per person, and no figure about fewer than
`MIN_GROUP` people, not even one that could be worked out by subtracting the figures shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

MIN_GROUP = 5


@dataclass(frozen=True)
class OpenAsks:
    """Asks from one report still waiting for the manager's answer; no text."""

    count: int = 0
    oldest_days: int | None = None


@dataclass(frozen=True)
class AnswerShare:
    """Asks a manager was asked in the window, how many got an answer within 30 days, and how many people
    asked them (groups of managers add up: their reports are different people)."""

    asked: int = 0
    in_time: int = 0
    people: int = 0

    @property
    def shown(self) -> bool:
        """A share of fewer than `MIN_GROUP` asks, or of asks from fewer than `MIN_GROUP` people, is a figure
        about too few: it is not shown."""
        return self.asked >= MIN_GROUP and self.people >= MIN_GROUP

    def __add__(self, other: AnswerShare) -> AnswerShare:
        return AnswerShare(self.asked + other.asked, self.in_time + other.in_time, self.people + other.people)


@dataclass(frozen=True)
class KindCount:
    """Intros of one kind that led to a meeting: how many, and how many people asked for them."""

    kind: str
    count: int
    people: int


@dataclass(frozen=True)
class MetIntros:
    """Intros that led to a meeting since `since` (the quarter's first day), per kind."""

    since: date
    kinds: tuple[KindCount, ...] = ()

    @property
    def shown(self) -> tuple[KindCount, ...]:
        """The kinds whose count is about `MIN_GROUP` people or more, most first."""
        return tuple(k for k in self.kinds if k.people >= MIN_GROUP)

    @property
    def withheld(self) -> bool:
        """Some kind had meetings, but with fewer than `MIN_GROUP` people: it is in no figure."""
        return any(k.people < MIN_GROUP for k in self.kinds)


@dataclass(frozen=True)
class TeamCounts:
    """A team digest as a channel sees it: counts over the whole team, nothing per person."""

    size: int
    covered: int  # had a development conversation within the coverage window
    flagged: int  # none recorded, or none for longer than the flag threshold
    scheduled: int  # have a next 1:1 planned
    prep_shared: int  # shared their prep for that next 1:1
    own_overdue: int  # the manager's overdue commitments to the team
    open_asks: int = 0  # the team's asks waiting for the manager's answer


@dataclass(frozen=True)
class GroupCoverage:
    """The teams under `MIN_GROUP` people taken together: no manager, no report, no team size."""

    reports: int
    covered: int
    flagged: int
    asks: AnswerShare = field(default_factory=AnswerShare)


@dataclass(frozen=True)
class ManagerCoverage:
    """Counts for one manager's confirmed reports; no names of reports, no content."""

    slack_user_id: str
    name: str
    still_here: bool
    reports: int
    covered: int
    flagged: int
    asks: AnswerShare = field(default_factory=AnswerShare)  # asks this manager was asked in the window


@dataclass(frozen=True)
class InterestCount:
    """People interested in one open opportunity (its title is the poster's, public by design)."""

    opportunity_id: int
    title: str
    people: int

    @property
    def shown(self) -> int | None:
        """The figure, or None under `MIN_GROUP` (said as "fewer than 5", never the number)."""
        return self.people if self.people >= MIN_GROUP else None


@dataclass(frozen=True)
class OrgDigest:
    """Only groups of `MIN_GROUP` people or more: each manager's team, and the smaller teams together."""

    tz: str
    today: date
    window_days: int
    flag_days: int
    managers: tuple[ManagerCoverage, ...]  # teams of at least MIN_GROUP, lowest coverage first
    smaller: GroupCoverage | None  # the teams under MIN_GROUP together, if they add up to MIN_GROUP
    withheld: bool  # some teams under MIN_GROUP add up to fewer: they are in no figure at all
    intros: MetIntros | None = None  # intros that led to a meeting this quarter, workspace-wide
    opportunities: tuple[InterestCount, ...] = ()  # interest per open opportunity, most first

    def __post_init__(self) -> None:
        sizes = [m.reports for m in self.managers] + ([self.smaller.reports] if self.smaller else [])
        if any(size < MIN_GROUP for size in sizes):
            raise ValueError(f"an org digest holds no group of fewer than {MIN_GROUP} people")

    @classmethod
    def grouped(
        cls,
        teams: Sequence[ManagerCoverage],
        *,
        tz: str,
        today: date,
        window_days: int,
        flag_days: int,
        intros: MetIntros | None = None,
    ) -> OrgDigest:
        """Teams of `MIN_GROUP` or more as they are (lowest coverage first); the rest merged, or left out."""
        small = [m for m in teams if m.reports < MIN_GROUP]
        merged = GroupCoverage(
            reports=sum(m.reports for m in small),
            covered=sum(m.covered for m in small),
            flagged=sum(m.flagged for m in small),
            asks=sum((m.asks for m in small), AnswerShare()),
        )
        shown = merged.reports >= MIN_GROUP
        large = sorted((m for m in teams if m.reports >= MIN_GROUP), key=_lowest_coverage_first)
        return cls(
            tz=tz,
            today=today,
            window_days=window_days,
            flag_days=flag_days,
            managers=tuple(large),
            smaller=merged if shown else None,
            withheld=bool(small) and not shown,
            intros=intros,
        )

    @property
    def reports(self) -> int:
        """Everyone shown, never the withheld: subtracting the lines shown must not single anyone out."""
        return sum(m.reports for m in self.managers) + (self.smaller.reports if self.smaller else 0)

    @property
    def covered(self) -> int:
        return sum(m.covered for m in self.managers) + (self.smaller.covered if self.smaller else 0)


def _lowest_coverage_first(m: ManagerCoverage) -> tuple[float, int, str]:
    return (m.covered / m.reports, -m.flagged, m.name.lower())
