"""The team-planning digest, read when it is due: only what reports shared with the manager by then."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.planning_digest import digest_to_send
from bot.models import Delivery, DeliveryKind
from bot.slack.blocks.planning import planning_digest
from bot.slack.outbound.outcomes import Outcome, Registry, Rendered, Skip


def render_digest(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    digest = digest_to_send(session, delivery, now)
    if isinstance(digest, str):
        return Skip(digest)
    return Rendered(planning_digest(digest))


REGISTRY = Registry(kinds={DeliveryKind.PLANNING_DIGEST: render_digest})
