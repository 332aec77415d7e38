"""Digests: the team and workspace digests at their slot, and the owner's notice when a channel refused one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.digest.coverage import org_digest
from bot.domain.digest.planning import digest_sent, is_current, subscription_for
from bot.domain.digest.subscriptions import subscription_view
from bot.domain.digest.team import team_digest
from bot.domain.outbox_payloads import DigestUndeliverable, Notice, decode
from bot.models import Delivery, DeliveryKind, DigestScope, DigestSubscription, Person, Workspace
from bot.slack.blocks import digest as blocks
from bot.slack.blocks import digest_replies as replies
from bot.slack.outbound.outcomes import Outcome, Registry, Rendered, Skip


def _schedule(sub: DigestSubscription, owner: Person) -> str:
    return blocks.schedule_text(subscription_view(sub, owner.tz))


def _ready(session: Session, delivery: Delivery, scope: DigestScope) -> tuple[DigestSubscription, Person] | Skip:
    """The subscription and owner behind a digest that should still go out, or why not."""
    sub = subscription_for(session, delivery)
    owner = session.get(Person, sub.owner_id) if sub is not None else None
    if sub is None or owner is None or sub.scope is not scope:
        return Skip("the digest subscription no longer exists")
    if not is_current(sub, delivery):
        return Skip("the digest was stopped, moved or rescheduled, or a newer one replaces this one")
    if sub.channel_id != delivery.channel_id:
        return Skip("the digest moved to another place after this was queued")
    workspace = session.get(Workspace, delivery.team_id)
    if workspace is None or not workspace.digests_enabled:
        return Skip("digests are turned off in this workspace")
    return sub, owner


def team(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    ready = _ready(session, delivery, DigestScope.TEAM)
    if isinstance(ready, Skip):
        return ready
    sub, owner = ready
    in_channel = sub.channel_id is not None
    data = team_digest(session, owner=owner, now=now, with_titles=not in_channel)
    message = blocks.team_digest_message(
        data, subscription_id=sub.id, in_channel=in_channel, schedule=_schedule(sub, owner)
    )
    return Rendered(message, channel_id=sub.channel_id)


def org(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    ready = _ready(session, delivery, DigestScope.ORG)
    if isinstance(ready, Skip):
        return ready
    sub, owner = ready
    data = org_digest(session, team_id=sub.team_id, tz=owner.tz, now=now)
    message = blocks.org_digest_message(data, subscription_id=sub.id, schedule=_schedule(sub, owner))
    return Rendered(message, channel_id=sub.channel_id)


def undeliverable(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """Told to the owner by DM; pointless once they moved the digest elsewhere or stopped it."""
    payload = decode(DigestUndeliverable, delivery.payload)
    sub = subscription_for(session, delivery)
    channel_id = payload.channel_id
    if sub is None or not channel_id or sub.channel_id != channel_id:
        return Skip("the digest has moved or no longer exists")
    if sub.updated_at > delivery.created_at:
        return Skip("the owner changed or stopped the digest since")
    return Rendered(
        replies.undeliverable(channel_id=channel_id, reason=payload.reason, paused=not sub.active, scope=sub.scope)
    )


REGISTRY = Registry(
    kinds={DeliveryKind.TEAM_DIGEST: team, DeliveryKind.ORG_DIGEST: org},
    notices={Notice.DIGEST_UNDELIVERABLE: undeliverable},
    after_sent={DeliveryKind.TEAM_DIGEST: digest_sent, DeliveryKind.ORG_DIGEST: digest_sent},
)
