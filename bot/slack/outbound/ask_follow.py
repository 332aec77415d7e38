"""The "still waiting" nudge about an open ask, re-checked when due: an answered or withdrawn ask is not nudged."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.ask_nudges import ask_nudged, still_waiting
from bot.domain.snooze import offered_snoozes
from bot.models import Delivery, DeliveryKind
from bot.slack.blocks.ask_follow import ask_nudge
from bot.slack.outbound.outcomes import Outcome, Registry, Rendered, Skip


def nudge(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    waiting = still_waiting(session, delivery, now)
    if isinstance(waiting, str):
        return Skip(waiting)
    return Rendered(
        ask_nudge(
            delivery_id=delivery.id,
            ask_id=waiting.ask.id,
            employee_user_id=waiting.employee.slack_user_id,
            kind=waiting.ask.kind,
            days_open=waiting.days_open,
            snoozes=offered_snoozes(session, delivery, now),
        )
    )


REGISTRY = Registry(kinds={DeliveryKind.ASK_NUDGE: nudge}, after_sent={DeliveryKind.ASK_NUDGE: ask_nudged})
