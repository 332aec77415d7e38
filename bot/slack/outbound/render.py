"""Turn a queued delivery into the message to send now, or a reason it no longer makes sense."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot import log_context
from bot.domain.manager_link import LINK_RECHECK, LinkGate, hold_for_link, link_gate
from bot.domain.outbox_payloads import BadPayload
from bot.domain.outbox_payloads.stored import template_name, template_of
from bot.models import Delivery, DeliveryKind, Person, PersonStatus
from bot.slack.outbound import (
    ask_follow,
    asks,
    calendar_invites,
    data,
    digest,
    intros,
    items,
    meeting_type,
    office_hours,
    opportunities,
    planning,
    prep,
    recap,
    reminders,
    request,
    setup,
    team,
)
from bot.slack.outbound import reflection as reflection_out
from bot.slack.outbound.outcomes import Defer, GroupRendered, NoRenderer, Outcome, Registry, Rendered, Renderer, Skip

REGISTRY = (
    Registry()
    .merge(setup.REGISTRY)
    .merge(prep.REGISTRY)
    .merge(request.REGISTRY)
    .merge(recap.REGISTRY)
    .merge(items.REGISTRY)
    .merge(reminders.REGISTRY)
    .merge(team.REGISTRY)
    .merge(digest.REGISTRY)
    .merge(data.REGISTRY)
    .merge(office_hours.REGISTRY)
    .merge(intros.REGISTRY)
    .merge(ask_follow.REGISTRY)
    .merge(asks.REGISTRY)
    .merge(planning.REGISTRY)
    .merge(meeting_type.REGISTRY)
    .merge(calendar_invites.REGISTRY)
    .merge(opportunities.REGISTRY)
    .merge(reflection_out.REGISTRY)
)

__all__ = [
    "Defer",
    "GroupRendered",
    "NoRenderer",
    "Outcome",
    "Rendered",
    "Skip",
    "after_sent",
    "forget_message",
    "render",
]


def render(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """Dispatch on the delivery kind (and a notice's template)."""
    log_context.add(team_id=delivery.team_id)  # the relay bound the delivery's id; its workspace is known now
    recipient = session.get(Person, delivery.recipient_id) if delivery.recipient_id else None
    if recipient is not None and recipient.status is PersonStatus.LEFT:
        return Skip("recipient has left the workspace")
    gate = link_gate(session, delivery)
    if gate is LinkGate.WAIT:
        hold_for_link(session, delivery)
        return Defer(LINK_RECHECK.total_seconds(), "waiting for the named manager to confirm the link")
    if gate is LinkGate.NEVER:
        return Skip("the named manager never confirmed the link")
    renderer = _renderer(delivery)
    settle = REGISTRY.before_render.get(delivery.kind)
    try:
        if settle is not None:
            settle(session, delivery, now)
        return renderer(session, delivery, now)
    except BadPayload as exc:
        return Skip(f"the queued payload is unreadable ({exc})")


def _renderer(delivery: Delivery) -> Renderer:
    """The delivery kind's renderer, or a notice's by its template."""
    if delivery.kind is DeliveryKind.NOTICE:
        template = template_of(delivery)
        renderer = REGISTRY.notices.get(template) if template is not None else None
        if renderer is None:
            raise NoRenderer(f"no template named {template_name(delivery)!r}")
        return renderer
    kind_renderer = REGISTRY.kinds.get(delivery.kind)
    if kind_renderer is None:
        raise NoRenderer(f"no renderer for {delivery.kind.value}")
    return kind_renderer


def after_sent(session: Session, delivery: Delivery, channel: str, ts: str) -> None:
    """Let the delivery's kind remember where its message landed (to update it later)."""
    hook = REGISTRY.after_sent.get(delivery.kind)
    if hook is not None:
        hook(session, delivery, channel, ts)


def forget_message(session: Session, delivery: Delivery) -> bool:
    """Forget a message Slack no longer has; True if the kind knows how (the retry then posts anew)."""
    hook = REGISTRY.forget_message.get(delivery.kind)
    if hook is None:
        return False
    hook(session, delivery)
    return True
