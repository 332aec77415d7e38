"""The outbox contract: one typed payload per delivery kind and per notice, and the one encode/decode
pair that writes them into `Delivery.payload` and reads them back.

The stored keys are the field names, as rows queued by earlier versions have them, so those rows
still decode. Keys outside a payload's fields (the relay's marks: `immediate`, `snoozed`,
`held_away`, `held_for_link`, and a notice's `template`) are left alone by `decode`.
"""

from __future__ import annotations

import types
from dataclasses import MISSING, Field, dataclass, field, fields
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from bot.models import DeliveryKind

# A field with this metadata is stored only when true (rows without it read as false).
ONLY_IF_TRUE = {"only_if_true": True}
P = TypeVar("P")


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


class BadPayload(ValueError):
    """A stored payload that does not have the shape its kind promises."""


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


def encode(payload: object) -> dict[str, Any]:
    """The JSON object stored for a typed payload: its fields by name; None (and a false
    `ONLY_IF_TRUE` field) is not stored."""
    stored: dict[str, Any] = {}
    for spec in fields(payload):  # type: ignore[arg-type]
        value = getattr(payload, spec.name)
        if value is None or (spec.metadata.get("only_if_true") and not value):
            continue
        stored[spec.name] = _to_json(value)
    return stored


def decode(cls: type[P], raw: dict[str, Any]) -> P:
    """The typed payload stored in `raw` (other keys ignored); BadPayload if a field is missing or
    of the wrong type."""
    hints = get_type_hints(cls)
    values = {spec.name: _field_value(spec, hints[spec.name], raw) for spec in fields(cls)}  # type: ignore[arg-type]
    return cls(**values)


def _field_value(spec: Field[Any], hint: Any, raw: dict[str, Any]) -> Any:
    value = raw.get(spec.name)
    if value is None:
        if spec.default is not MISSING:
            return spec.default
        if spec.default_factory is not MISSING:
            return spec.default_factory()
        raise BadPayload(f"{spec.name} is missing")
    try:
        return _from_json(_unwrap_optional(hint), value)
    except (TypeError, ValueError) as exc:
        raise BadPayload(f"{spec.name}: {exc}") from None


def _unwrap_optional(hint: Any) -> Any:
    if get_origin(hint) in (Union, types.UnionType):
        return next(arg for arg in get_args(hint) if arg is not type(None))
    return hint


def _from_json(hint: Any, value: Any) -> Any:
    if hint is datetime:
        return datetime.fromisoformat(_expect(str, value))
    if hint is date:
        return date.fromisoformat(_expect(str, value))
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if get_origin(hint) is tuple:
        return tuple(v for v in _expect(list, value) if isinstance(v, int) and not isinstance(v, bool))
    if hint is int and isinstance(value, bool):
        raise TypeError(f"expected int, got {value!r}")
    return _expect(hint, value)


def _expect(kind: type[Any], value: Any) -> Any:
    if not isinstance(value, kind):
        raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
    return value


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value
