"""Who a claimed delivery goes to, and whether they may get it now (working hours, time away)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.availability import end_time_away, mark_held_away, not_now
from bot.models import Delivery
from bot.scheduling.relay_outcomes import release


def held(session: Session, delivery: Delivery, now: datetime) -> bool:
    """Hold a delivery its recipient may not get now (working hours, time away); True if held."""
    end_time_away(session, delivery, now)
    hold = not_now(session, delivery, now)
    if hold is None:
        return False
    if hold.away:
        mark_held_away(delivery)
    release(delivery, until=hold.until, now=now)
    return True
