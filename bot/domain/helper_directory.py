"""The directory of open offers anyone in the workspace can browse (offers are public by design)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.help_tags import normalise_tag, words_of
from bot.domain.helper_capacity import available, used_this_month
from bot.models import Person, PersonStatus
from bot.models.help_offer import HelpOffer, OfferKind


@dataclass(frozen=True)
class OfferRow:
    person_id: int
    slack_user_id: str
    display_name: str
    kinds: tuple[OfferKind, ...]
    topics: tuple[str, ...]
    capacity: int
    free: int
    note: str | None


@dataclass(frozen=True)
class Directory:
    rows: list[OfferRow]
    total: int  # how many matched, of which `rows` is the first part
    topic: str | None


def browse_offers(session: Session, *, team_id: str, topic: str | None, now: datetime, limit: int) -> Directory:
    """Open offers by available people, those with room this month first, then by name; filtered by a topic
    (a topic matches when all its words are in one of the offer's topics)."""
    wanted = normalise_tag(topic or "") or None
    rows = session.execute(
        select(HelpOffer, Person)
        .join(Person, Person.id == HelpOffer.person_id)
        .where(
            HelpOffer.team_id == team_id,
            HelpOffer.open.is_(True),
            Person.team_id == team_id,
            Person.status != PersonStatus.LEFT,
        )
        .order_by(Person.display_name, Person.id)
    ).all()
    found = [(o, p) for o, p in rows if available(p, now) and (wanted is None or _about(o, wanted))]
    used = used_this_month(session, team_id=team_id, helpers=[p for _, p in found], now=now)
    listed = [
        OfferRow(
            person_id=p.id,
            slack_user_id=p.slack_user_id,
            display_name=p.display_name,
            kinds=tuple(OfferKind(k) for k in OfferKind if k.value in o.kinds),
            topics=tuple(o.topics),
            capacity=o.capacity_per_month,
            free=max(o.capacity_per_month - used[p.id], 0),
            note=o.note,
        )
        for o, p in found
    ]
    listed.sort(key=lambda r: r.free == 0)  # stable: by name within each group
    return Directory(rows=listed[: max(limit, 0)], total=len(listed), topic=wanted)


def _about(offer: HelpOffer, wanted: str) -> bool:
    words = words_of(wanted)
    return any(words <= words_of(t) for t in offer.topics)
