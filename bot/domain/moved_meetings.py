"""Where a meeting moved by an accepted meeting request sits against its series' rule, as the bot plans
around it: the calendar invite and the private feed both show exactly the meetings the bot will hold.

The bot plans the meeting after a moved one at the rule's next date after its new time. So a meeting moved
later replaces the occurrence it was moved off and every rule date up to its new time; one moved earlier
replaces none (the bot still holds the occurrence it came from), and is an extra meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.calendar.recurrence import next_occurrence, occurrences_after

# A meeting is moved by days or weeks; a year of weekly dates is more than any move skips.
MOST_REPLACED = 53
_JUST_BEFORE = timedelta(microseconds=1)


@dataclass(frozen=True)
class Rule:
    rrule: str
    anchor_local: str
    tz: str

    def holds(self, at: datetime) -> bool:
        """Whether `at` is one of the rule's occurrences."""
        anchor = datetime.fromisoformat(self.anchor_local)
        return next_occurrence(self.rrule, anchor, self.tz, at - _JUST_BEFORE) == at

    def dates(self, after: datetime, before: datetime) -> list[datetime]:
        """The rule's occurrences strictly after `after` and before `before`."""
        anchor = datetime.fromisoformat(self.anchor_local)
        found = occurrences_after(self.rrule, anchor, self.tz, after, count=MOST_REPLACED)
        return [at for at in found if at < before]


def replaced_dates(rule: Rule, *, moved_to: datetime, moved_from: datetime | None, now: datetime) -> list[datetime]:
    """The rule's dates the bot will not hold because a meeting moved to `moved_to`: from the occurrence it
    was moved off up to its new time. Where that occurrence is not known (moved before it was recorded),
    the dates from now on, unless the meeting sits on the rule (then nothing says it was moved at all)."""
    if moved_from is not None and rule.holds(moved_from):
        return rule.dates(moved_from - _JUST_BEFORE, moved_to)
    if rule.holds(moved_to):
        return []
    return rule.dates(now, moved_to)


@dataclass(frozen=True)
class Placement:
    """How one calendar event with the series' UID shows a moved meeting: the occurrence it overrides
    (RECURRENCE-ID), the rule dates left out (EXDATE), and whether it is an extra date (RDATE)."""

    recurrence_id: datetime
    left_out: list[datetime]
    extra: bool


def placement(rule: Rule, *, moved_to: datetime, moved_from: datetime | None, now: datetime) -> Placement:
    replaced = replaced_dates(rule, moved_to=moved_to, moved_from=moved_from, now=now)
    if rule.holds(moved_to):  # moved onto a later rule date: the dates before it go
        return Placement(moved_to, replaced, extra=False)
    if replaced:  # moved later: it stands in for the first date it replaced, the others go
        return Placement(replaced[0], replaced[1:], extra=False)
    return Placement(moved_to, [], extra=True)  # moved earlier: one meeting more
