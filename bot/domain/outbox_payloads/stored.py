"""What a stored outbox row says beside its kind's payload: a notice's template, the records it names,
the outbox's own marks; read and written here, the one module that names a stored key by string."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import ColumnElement

from bot.domain.outbox_payloads import Notice, NoticePayload
from bot.domain.outbox_payloads.codec import BadPayload, decode, encode
from bot.models import Delivery, DeliveryKind

P = TypeVar("P")
# A NOTICE's stored key naming its Notice.
TEMPLATE = "template"
NOTICE_NAMES = frozenset(n.value for n in Notice)


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
    OFFICE_HOURS = "office_hours_id"
    BOOKING = "booking_id"
    INTRO = "intro_id"
    SUGGESTED = "suggested_id"  # a person suggested to the employee (intro declined: the next one to ask)
    ASK = "ask_id"
    OPPORTUNITY = "opportunity_id"
    INTEREST = "interest_id"
    REFLECTION = "reflection_id"


# Stored switches an operator sees next to the kind (a payload field and two marks).
_FLAGS = {"follow_up": "follow-up", Mark.SNOOZED.value: "snoozed", Mark.IMMEDIATE.value: "immediate"}


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
