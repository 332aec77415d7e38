"""Whether a delivery may reach its recipient now: working hours in their zone, and time away.
(When a held one will arrive, by the same rules, is `bot.domain.arrival`.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.calendar.recurrence import to_local
from bot.domain.outbox_payloads.stored import Mark, is_held_away, is_immediate, mark
from bot.domain.people import hours_for
from bot.domain.snooze import AWAY_RECHECK
from bot.models import Delivery, Person, PersonStatus, Workspace


@dataclass(frozen=True)
class Hold:
    """Not now: try again at `until`; `away` when it is the recipient's time away that holds it."""

    until: datetime
    away: bool = False


def _waits(delivery: Delivery) -> bool:
    # Answers to a person's own action (`immediate` notices) go at once, whoever and wherever they are.
    return not is_immediate(delivery) and delivery.recipient_id is not None


def end_time_away(session: Session, delivery: Delivery, now: datetime) -> None:
    """A recipient whose time away ended before today is active again (run by the relay before it
    checks `not_now`, so what was held for them can go)."""
    person = session.get(Person, delivery.recipient_id) if _waits(delivery) else None
    if person is None or person.status is not PersonStatus.PAUSED or session.get(Workspace, delivery.team_id) is None:
        return
    if person.paused_until is not None and person.paused_until < to_local(now, person.tz).date():
        person.status = PersonStatus.ACTIVE
        person.paused_until = None
        person.updated_at = now


def not_now(session: Session, delivery: Delivery, now: datetime) -> Hold | None:
    """None if the delivery may go now; else when to try again.

    Answers to a person's own action (`immediate` notices) go at once. Everything else waits for
    the recipient's working hours, and for the end of their time away (status paused).
    """
    if not _waits(delivery):
        return None
    person = session.get(Person, delivery.recipient_id)
    workspace = session.get(Workspace, delivery.team_id)
    if person is None or workspace is None:
        return None
    if person.status is PersonStatus.PAUSED:
        today = to_local(now, person.tz).date()
        if person.paused_until is None or person.paused_until >= today:
            # Look again in a few hours rather than at the end of the pause, so resuming early
            # (or the pause ending) lets held reminders go promptly; `resume` finds them by the mark.
            return Hold(now + AWAY_RECHECK, away=True)
    opens = hours_for(person, workspace).next_open(now)
    return None if opens <= now else Hold(opens)


def mark_held_away(delivery: Delivery) -> None:
    """Mark a delivery held for its recipient's time away, so `resume` brings it back at once."""
    if not is_held_away(delivery):
        mark(delivery, Mark.HELD_AWAY)
