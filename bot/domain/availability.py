"""Whether a delivery may reach its recipient now: working hours in their zone, and time away.
(When a held one will arrive, by the same rules, is `bot.domain.arrival`.)"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.calendar.recurrence import to_local
from bot.domain.people import hours_for
from bot.domain.snooze import AWAY_RECHECK, HELD_AWAY
from bot.models import Delivery, Person, PersonStatus, Workspace


def not_now(session: Session, delivery: Delivery, now: datetime) -> datetime | None:
    """None if the delivery may go now; else the instant to try again.

    Answers to a person's own action (`immediate` notices) go at once. Everything else waits for
    the recipient's working hours, and for the end of their time away (status paused).
    """
    if delivery.payload.get("immediate") or delivery.recipient_id is None:
        return None
    person = session.get(Person, delivery.recipient_id)
    workspace = session.get(Workspace, delivery.team_id)
    if person is None or workspace is None:
        return None
    hours = hours_for(person, workspace)
    if person.status is PersonStatus.PAUSED:
        today = to_local(now, person.tz).date()
        if person.paused_until is None or person.paused_until >= today:
            # Look again in a few hours rather than at the end of the pause, so resuming early
            # (or the pause ending) lets held reminders go promptly; `resume` finds them by the mark.
            if not delivery.payload.get(HELD_AWAY):
                delivery.payload = {**delivery.payload, HELD_AWAY: True}
            return now + AWAY_RECHECK
        person.status = PersonStatus.ACTIVE  # the time away is over
        person.paused_until = None
        person.updated_at = now
    opens = hours.next_open(now)
    return None if opens <= now else opens
