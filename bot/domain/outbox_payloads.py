"""The outbox contract: one typed payload per delivery kind and per notice, written into
`Delivery.payload` and read back through the one encode/decode pair (`payload_codec`), and every other
read or write of a stored payload's keys: no module outside this one names a key by string.

The stored keys are the field names, as rows queued by earlier versions have them, so those rows
still decode. Keys outside a payload's fields (the outbox's `Mark`s and a notice's `template`) are
left alone by `decode` and read here through their own accessors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import ColumnElement

from bot.domain.payload_codec import ONLY_IF_TRUE
from bot.domain.payload_codec import BadPayload as BadPayload
from bot.domain.payload_codec import decode as decode
from bot.domain.payload_codec import encode as encode
from bot.models import Delivery, DeliveryKind

P = TypeVar("P")
# A NOTICE's stored key naming its Notice.
TEMPLATE = "template"


class Notice(StrEnum):
    """The one-off notice DMs (a NOTICE delivery's `template`)."""

    SETUP_SAVED = "setup_saved"
    MANAGER_CONFIRMED = "manager_confirmed"
    MANAGER_DECLINED = "manager_declined"
    AGENDA_SHARED = "agenda_shared"
    AGENDA_TAKEN_BACK = "agenda_taken_back"
    AGENDA_OLD_COPY = "agenda_old_copy"
    RECAP_SAVED = "recap_saved"
    REQUEST_SENT = "request_sent"
    REQUEST_ACCEPTED = "request_accepted"
    REQUEST_COUNTERED = "request_countered"
    REQUEST_COUNTER_ACCEPTED = "request_counter_accepted"
    REQUEST_MANAGER_COPY = "request_manager_copy"
    ITEM_BLOCKED = "item_blocked"
    ITEM_DONE = "item_done"
    ITEM_DROPPED = "item_dropped"
    INVITATION_ACCEPTED = "invitation_accepted"
    DIGEST_UNDELIVERABLE = "digest_undeliverable"
    FORGET_ITEMS_DROPPED = "forget_items_dropped"
    FORGET_MANAGER_DETACHED = "forget_manager_detached"


class OldCopyReason(StrEnum):
    """Why an older copy of the agenda in the manager's DM is emptied."""

    REPLACED = "replaced"  # a newer version was posted below it
    MOVED = "moved"  # the employee's 1:1s are with someone else now


class Mark(StrEnum):
    """What the outbox itself notes in a stored payload, beside the kind's fields."""

    IMMEDIATE = "immediate"  # a notice answering the recipient's own action: it goes at once
    SNOOZED = "snoozed"  # the later copy of a reminder its recipient snoozed
    HELD_AWAY = "held_away"  # held back while its recipient was away, so `resume` brings it back
    HELD_FOR_LINK = "held_for_link"  # held for a manager's confirmation: the employee's id


class Ref(StrEnum):
    """The stored keys that name a record by its id (payload fields of that name)."""

    CONVERSATION = "conversation_id"
    ITEM = "item_id"
    CHECK_IN = "check_in_id"
    REQUEST = "request_id"
    SERIES = "series_id"
    INVITATION = "invitation_id"
    SUBSCRIPTION = "subscription_id"
    EMPLOYEE = "employee_id"
    MANAGER = "manager_id"
    ACTOR = "actor_id"


# -- delivery kinds -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ManagerConfirmation:
    series_id: int
    employee_id: int


@dataclass(frozen=True)
class MeetingReminder:
    """A prep reminder, recap nudge or manager brief, for the meeting at `scheduled_at`."""

    conversation_id: int
    scheduled_at: datetime | None = None
    follow_up: bool | None = None  # recap nudges: the second one


@dataclass(frozen=True)
class CheckInRef:
    check_in_id: int
    conversation_id: int


@dataclass(frozen=True)
class DueReminder:
    item_id: int
    due: date


@dataclass(frozen=True)
class DigestSlot:
    subscription_id: int
    slot: datetime


@dataclass(frozen=True)
class ManagerCopy:
    """One revision of a message the manager keeps (agenda, recap); `fresh` posts it anew."""

    conversation_id: int
    revision: int
    fresh: bool = field(default=False, metadata=ONLY_IF_TRUE)


@dataclass(frozen=True)
class RequestRef:
    request_id: int


@dataclass(frozen=True)
class InvitationRef:
    invitation_id: int


# -- notices --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesRef:
    series_id: int


@dataclass(frozen=True)
class ManagerConfirmed:
    manager_id: int


@dataclass(frozen=True)
class ManagerDeclined:
    manager_name: str | None = None


@dataclass(frozen=True)
class ConversationRef:
    conversation_id: int


@dataclass(frozen=True)
class AgendaTakenBack:
    """Edit the employee's "your agenda is with …" message at channel/ts: no longer shared."""

    conversation_id: int
    channel: str
    ts: str
    taken_back_at: datetime
    manager_changed: bool = False


@dataclass(frozen=True)
class AgendaOldCopy:
    """Empty an older copy of the agenda at channel/ts."""

    conversation_id: int
    employee_id: int
    channel: str
    ts: str
    reason: OldCopyReason


@dataclass(frozen=True)
class ItemChange:
    item_id: int
    actor_id: int


@dataclass(frozen=True)
class DigestUndeliverable:
    """A digest channel refused the digest (`reason`, a Slack error code): told to its owner."""

    subscription_id: int
    channel_id: str | None = None
    reason: str = ""
    scope: str = ""


@dataclass(frozen=True)
class ItemsClosed:
    item_ids: tuple[int, ...] = ()


KIND_PAYLOADS: dict[DeliveryKind, type[Any]] = {
    DeliveryKind.MANAGER_CONFIRMATION: ManagerConfirmation,
    DeliveryKind.PREP_REMINDER: MeetingReminder,
    DeliveryKind.MANAGER_BRIEF: MeetingReminder,
    DeliveryKind.RECAP_NUDGE: MeetingReminder,
    DeliveryKind.CHECK_IN: CheckInRef,
    DeliveryKind.DUE_REMINDER: DueReminder,
    DeliveryKind.TEAM_DIGEST: DigestSlot,
    DeliveryKind.ORG_DIGEST: DigestSlot,
    DeliveryKind.AGENDA: ManagerCopy,
    DeliveryKind.RECAP: ManagerCopy,
    DeliveryKind.MEETING_REQUEST: RequestRef,
    DeliveryKind.INVITATION: InvitationRef,
}
NOTICE_PAYLOADS: dict[Notice, type[Any]] = {
    Notice.SETUP_SAVED: SeriesRef,
    Notice.MANAGER_CONFIRMED: ManagerConfirmed,
    Notice.MANAGER_DECLINED: ManagerDeclined,
    Notice.AGENDA_SHARED: ConversationRef,
    Notice.AGENDA_TAKEN_BACK: AgendaTakenBack,
    Notice.AGENDA_OLD_COPY: AgendaOldCopy,
    Notice.RECAP_SAVED: ConversationRef,
    Notice.REQUEST_SENT: RequestRef,
    Notice.REQUEST_ACCEPTED: RequestRef,
    Notice.REQUEST_COUNTERED: RequestRef,
    Notice.REQUEST_COUNTER_ACCEPTED: RequestRef,
    Notice.REQUEST_MANAGER_COPY: RequestRef,
    Notice.ITEM_BLOCKED: ItemChange,
    Notice.ITEM_DONE: ItemChange,
    Notice.ITEM_DROPPED: ItemChange,
    Notice.INVITATION_ACCEPTED: InvitationRef,
    Notice.DIGEST_UNDELIVERABLE: DigestUndeliverable,
    Notice.FORGET_ITEMS_DROPPED: ItemsClosed,
    Notice.FORGET_MANAGER_DETACHED: ItemsClosed,
}


KindPayload = (
    ManagerConfirmation
    | MeetingReminder
    | CheckInRef
    | DueReminder
    | DigestSlot
    | ManagerCopy
    | RequestRef
    | InvitationRef
)
NoticePayload = (
    SeriesRef
    | ManagerConfirmed
    | ManagerDeclined
    | ConversationRef
    | AgendaTakenBack
    | AgendaOldCopy
    | RequestRef
    | ItemChange
    | InvitationRef
    | DigestUndeliverable
    | ItemsClosed
)
NOTICE_NAMES = frozenset(n.value for n in Notice)
# Stored switches an operator sees next to the kind (a payload field and two marks).
_FLAGS = {"follow_up": "follow-up", Mark.SNOOZED.value: "snoozed", Mark.IMMEDIATE.value: "immediate"}


# -- what a stored row says beyond its kind's payload -----------------------------------------------


def _stored(delivery: Delivery) -> dict[str, Any]:
    return delivery.payload or {}


def encode_notice(template: Notice, payload: NoticePayload, *, immediate: bool) -> dict[str, Any]:
    """The JSON object stored for a notice: its template, whether it goes at once, its payload's fields."""
    return {TEMPLATE: template.value, Mark.IMMEDIATE.value: immediate, **encode(payload)}


def peek(cls: type[P], delivery: Delivery) -> P | None:
    """The delivery's typed payload, or None if the stored row does not have that shape."""
    try:
        return decode(cls, _stored(delivery))
    except BadPayload:
        return None


def template_name(delivery: Delivery) -> str:
    """The template a notice row names, as stored ("" if none)."""
    return str(_stored(delivery).get(TEMPLATE, ""))


def template_of(delivery: Delivery) -> Notice | None:
    """The Notice a notice row names; None if it names none this version knows."""
    name = template_name(delivery)
    return Notice(name) if name in NOTICE_NAMES else None


def about(delivery: Delivery) -> dict[Ref, int]:
    """The records the stored payload names by id (only the ids actually stored as numbers)."""
    stored = _stored(delivery)
    return {ref: value for ref in Ref if isinstance(value := stored.get(ref.value), int)}


def stored_id(ref: Ref) -> ColumnElement[int]:
    """SQL for the id a delivery's stored payload names under `ref`, to filter deliveries in a query."""
    column: ColumnElement[int] = Delivery.payload[ref.value].as_integer()
    return column


def stored_template() -> ColumnElement[str]:
    """SQL for the template a notice row names, to filter deliveries in a query."""
    column: ColumnElement[str] = Delivery.payload[TEMPLATE].as_string()
    return column


def is_immediate(delivery: Delivery) -> bool:
    return bool(_stored(delivery).get(Mark.IMMEDIATE.value))


def is_held_away(delivery: Delivery) -> bool:
    return bool(_stored(delivery).get(Mark.HELD_AWAY.value))


def held_for_link(delivery: Delivery) -> int | None:
    """The employee whose manager link this delivery waits for; None if it is not held for one."""
    return _stored(delivery).get(Mark.HELD_FOR_LINK.value)


def mark(delivery: Delivery, what: Mark, value: bool | int = True) -> None:
    """Note a mark in the stored payload (a new object, so the JSON column sees the change)."""
    delivery.payload = {**delivery.payload, what.value: value}


def snoozed_payload(delivery: Delivery) -> dict[str, Any]:
    """The stored payload of a snoozed reminder's later copy: the original's as it was, marked snoozed."""
    return {**delivery.payload, Mark.SNOOZED.value: True}


def describe(delivery: Delivery) -> str:
    """Which message a delivery is, from its stored payload: a notice's template and the records it is
    about, e.g. "manager_declined, request 12" or "conversation 7, follow-up". Never any text people wrote."""
    stored = _stored(delivery)
    parts: list[str] = []
    template = stored.get(TEMPLATE)
    if delivery.kind is DeliveryKind.NOTICE and isinstance(template, str):
        parts.append(template)
    for key, value in stored.items():
        if key.endswith("_id") and isinstance(value, int | str):
            parts.append(f"{key.removesuffix('_id').replace('_', ' ')} {value}")
        elif key.endswith("_ids") and isinstance(value, list) and value:
            parts.append(f"{key.removesuffix('_ids').replace('_', ' ')}s {','.join(str(v) for v in value)}")
    parts.extend(flag for key, flag in _FLAGS.items() if stored.get(key) is True)
    return ", ".join(parts) or "-"
