"""The export's section on the person's offer of help (public by design, and theirs to take with them)."""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.markdown import Doc, inline
from bot.models.help_offer import HelpOffer


def write_offer(doc: Doc) -> None:
    me = doc.reader
    offer = doc.session.scalar(select(HelpOffer).where(HelpOffer.team_id == me.team_id, HelpOffer.person_id == me.id))
    doc.add("## Your offer to help", "")
    if offer is None:
        doc.add("None.", "")
        return
    doc.add(
        f"- Topics: {inline(', '.join(offer.topics)) or 'none'}",
        f"- Kinds: {', '.join(k.replace('_', ' ') for k in offer.kinds) or 'none'}",
        f"- Conversations a month: {offer.capacity_per_month}",
        f"- Open now: {'yes' if offer.open else 'no (paused)'}",
        f"- In your words: {inline(offer.note) if offer.note else 'nothing added'}",
        f"- Suggested to colleagues {offer.suggested_count} time(s), last {doc.when(offer.last_suggested_at)}",
        f"- Saved {doc.when(offer.created_at)}, last changed {doc.when(offer.updated_at)}",
        "",
    )
