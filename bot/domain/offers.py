"""Offers of help: saved from the offer form, switched off and on, and the workspace's list of topics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.help_tags import TAGS_MAX, normalise_tag, normalise_tags, split_tags
from bot.domain.people import find_person
from bot.domain.workspaces import ensure_workspace
from bot.models import Workspace
from bot.models.help_offer import HelpOffer, OfferKind

F_TOPICS = "topics"
F_KINDS = "kinds"
F_CAPACITY = "capacity"
F_NOTE = "note"
NOTE_MAX = 200
CAPACITY_MAX = 10
WORKSPACE_TOPICS_MAX = 50
NOT_YET = "You haven't offered help yet. Type `/career-prep offer` to set up your offer."


@dataclass(frozen=True)
class OfferInput:
    """What the offer form holds: topics (picked and typed), kinds, monthly capacity, open now, a note."""

    topics: tuple[str, ...] = ()
    kinds: tuple[OfferKind, ...] = ()
    capacity: int = 2
    open_now: bool = True
    note: str = ""

    @classmethod
    def build(
        cls, *, picked: list[str], typed: str, kinds: list[str], capacity: int, open_now: bool, note: str
    ) -> OfferInput:
        everything = [*picked, *split_tags(typed)]
        # One over the cap, so validation can say "too many" rather than drop some silently.
        topics = normalise_tags(everything, cap=TAGS_MAX + 1)
        chosen = tuple(OfferKind(k) for k in OfferKind if k.value in kinds)
        return cls(tuple(topics), chosen, capacity, open_now, " ".join(note.split()))


def validate_offer(offer: OfferInput) -> dict[str, str]:
    """Field errors: at least one topic and one kind, a sensible capacity, a short note."""
    errors: dict[str, str] = {}
    if not offer.topics:
        errors[F_TOPICS] = "Add at least one topic you're happy to talk about."
    elif len(offer.topics) > TAGS_MAX:
        errors[F_TOPICS] = f"Pick up to {TAGS_MAX} topics, the ones you'd most enjoy talking about."
    if not offer.kinds:
        errors[F_KINDS] = "Pick at least one way you can help."
    if not 1 <= offer.capacity <= CAPACITY_MAX:
        errors[F_CAPACITY] = f"Pick between 1 and {CAPACITY_MAX} conversations a month."
    if len(offer.note) > NOTE_MAX:
        errors[F_NOTE] = f"Please keep this under {NOTE_MAX} characters."
    return errors


def offer_of(session: Session, *, team_id: str, slack_user_id: str) -> HelpOffer | None:
    person = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    if person is None:
        return None
    return session.scalars(select(HelpOffer).filter_by(team_id=team_id, person_id=person.id)).first()


def as_input(offer: HelpOffer) -> OfferInput:
    """A saved offer as the form's prefill."""
    kinds = tuple(OfferKind(k) for k in OfferKind if k.value in offer.kinds)
    return OfferInput(tuple(offer.topics), kinds, offer.capacity_per_month, offer.open, offer.note or "")


def save_offer(session: Session, *, team_id: str, slack_user_id: str, offer: OfferInput, now: datetime) -> HelpOffer:
    """Create or replace this person's offer; InvalidInput with field errors when the form is not right."""
    errors = validate_offer(offer)
    if errors:
        raise InvalidInput(errors)
    person = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    if person is None:
        raise NotFound("I don't know you yet. Type `/career-prep offer` again and I'll set you up.")
    row = session.scalars(select(HelpOffer).filter_by(team_id=team_id, person_id=person.id)).first()
    if row is None:
        row = HelpOffer(team_id=team_id, person_id=person.id, created_at=now)
        session.add(row)
    row.topics = list(offer.topics)
    row.kinds = [k.value for k in offer.kinds]
    row.capacity_per_month = offer.capacity
    row.open = offer.open_now
    row.note = offer.note or None
    row.updated_at = now
    session.flush()
    return row


def set_offer_open(session: Session, *, team_id: str, slack_user_id: str, open_now: bool, now: datetime) -> HelpOffer:
    """`offer off` / `offer on`: pause the offer or open it again; NotFound when there is none yet."""
    row = offer_of(session, team_id=team_id, slack_user_id=slack_user_id)
    if row is None:
        raise NotFound(NOT_YET)
    row.open = open_now
    row.updated_at = now
    return row


def set_help_topics(
    session: Session, *, team_id: str, slack_user_id: str, workspace_admin: bool, text: str, now: datetime
) -> list[str]:
    """The workspace's list of topics, set by admins or the people named for org digests ("none" clears it)."""
    workspace = ensure_workspace(session, team_id=team_id, now=now)
    if not (workspace_admin or slack_user_id in workspace.org_digest_user_ids):
        raise NotAllowed(
            "The workspace's topic list is shared by everyone, so only workspace admins and owners, or people "
            "named by whoever runs Career Prep here, can change it. You can still add your own topics to your offer."
        )
    parts = [] if text.strip().lower() == "none" else split_tags(text)
    topics = normalise_tags(parts, cap=WORKSPACE_TOPICS_MAX + 1)
    if not topics and text.strip().lower() != "none":
        raise InvalidInput({F_TOPICS: "List topics separated by commas, e.g. `data modelling, public speaking`."})
    if len(topics) > WORKSPACE_TOPICS_MAX:
        raise InvalidInput({F_TOPICS: f"Keep the list to {WORKSPACE_TOPICS_MAX} topics; people can add their own."})
    workspace.help_topics = topics
    workspace.updated_at = now
    return topics


def workspace_topics(session: Session, *, team_id: str) -> list[str]:
    workspace = session.get(Workspace, team_id)
    return [normalise_tag(t) for t in workspace.help_topics] if workspace is not None else []
