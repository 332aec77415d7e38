"""The mid-year reflection DM: the employee's words from six months ago, to mark and note."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.outbox_payloads import ReflectionRef, decode
from bot.domain.reflections import superseded, view_of
from bot.models import Delivery, DeliveryKind, Reflection
from bot.slack.blocks.reflection import reflection_message
from bot.slack.outbound.outcomes import Outcome, Registry, Rendered, Skip


def reflection(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    found = session.get(Reflection, decode(ReflectionRef, delivery.payload).reflection_id)
    if found is None or found.employee_id != delivery.recipient_id:
        return Skip("the reflection was forgotten before it was sent")
    if superseded(session, found):
        return Skip("a later round's reflection replaced it")
    return Rendered(reflection_message(view_of(session, found)))


REGISTRY = Registry(kinds={DeliveryKind.REFLECTION: reflection})
