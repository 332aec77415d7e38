"""What a stored outbox row says beyond its kind's payload (a notice's template, the records it names, the
outbox's marks), read and written only through `outbox_payloads`, on rows as earlier versions stored them."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime
from typing import Any, get_args, get_type_hints

from bot.domain.outbox_payloads import (
    KIND_PAYLOADS,
    NOTICE_PAYLOADS,
    DigestSlot,
    KindPayload,
    ManagerCopy,
    ManagerDeclined,
    Notice,
    NoticePayload,
)
from bot.domain.outbox_payloads.stored import (
    TEMPLATE,
    Mark,
    Ref,
    about,
    describe,
    encode_notice,
    held_for_link,
    is_held_away,
    is_immediate,
    mark,
    peek,
    snoozed_payload,
    template_name,
    template_of,
)
from bot.models import Delivery, DeliveryKind

PAYLOAD_TYPES = set(KIND_PAYLOADS.values()) | set(NOTICE_PAYLOADS.values())


def row(stored: dict[str, Any] | None, kind: DeliveryKind = DeliveryKind.NOTICE) -> Delivery:
    return Delivery(kind=kind, payload=stored)


def test_enqueue_and_notice_accept_exactly_the_registered_payload_types() -> None:
    assert set(get_args(KindPayload)) == set(KIND_PAYLOADS.values())
    assert set(get_args(NoticePayload)) == set(NOTICE_PAYLOADS.values())


def test_every_ref_is_an_id_field_of_some_payload_and_every_id_field_a_ref() -> None:
    """Forgetting someone and the manager-link gate find a delivery's records through Ref: a new id
    field that is not a Ref would be missed by both."""
    id_fields = {spec.name for cls in PAYLOAD_TYPES for spec in fields(cls) if get_type_hints(cls)[spec.name] is int}
    named_ids = {spec.name for cls in PAYLOAD_TYPES for spec in fields(cls) if spec.name.endswith("_id")}

    assert {ref.value for ref in Ref} <= id_fields
    assert named_ids - {"channel_id"} <= {ref.value for ref in Ref}


def test_the_template_and_the_marks_are_no_payload_field() -> None:
    names = {spec.name for cls in PAYLOAD_TYPES for spec in fields(cls)}

    assert names.isdisjoint({TEMPLATE, *(m.value for m in Mark)})


def test_a_notice_is_stored_as_the_previous_version_stored_it() -> None:
    assert encode_notice(Notice.MANAGER_DECLINED, ManagerDeclined("Mira"), immediate=True) == {
        "template": "manager_declined",
        "immediate": True,
        "manager_name": "Mira",
    }


def test_the_template_of_a_notice_row() -> None:
    assert template_of(row({"template": "recap_saved"})) is Notice.RECAP_SAVED
    assert template_of(row({"template": "gone_since"})) is None
    assert template_name(row({"template": "gone_since"})) == "gone_since"
    assert (template_of(row({})), template_name(row(None))) == (None, "")


def test_about_names_the_records_stored_as_numbers() -> None:
    stored = {"check_in_id": 5, "conversation_id": 3, "item_ids": [8], "actor_id": "9", "slot": "x"}

    assert about(row(stored, DeliveryKind.CHECK_IN)) == {Ref.CHECK_IN: 5, Ref.CONVERSATION: 3}
    assert about(row(None)) == {}


def test_peek_reads_a_payload_or_nothing() -> None:
    at = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    digest = row({"subscription_id": 2, "slot": at.isoformat()}, DeliveryKind.TEAM_DIGEST)

    assert peek(DigestSlot, digest) == DigestSlot(2, at)
    assert peek(DigestSlot, row({"subscription_id": 2, "slot": "soon"})) is None
    assert peek(ManagerCopy, row({"conversation_id": 3, "revision": 1, "fresh": True})) == ManagerCopy(3, 1, True)


def test_marks_are_added_beside_the_payload_in_a_new_object() -> None:
    delivery = row({"template": "recap_saved", "conversation_id": 3})
    before = delivery.payload

    mark(delivery, Mark.HELD_AWAY)
    mark(delivery, Mark.HELD_FOR_LINK, 7)

    assert delivery.payload is not before
    assert delivery.payload == {"template": "recap_saved", "conversation_id": 3, "held_away": True, "held_for_link": 7}
    assert (is_held_away(delivery), held_for_link(delivery)) == (True, 7)
    assert (is_held_away(row({})), held_for_link(row({}))) == (False, None)


def test_immediate_is_read_from_the_stored_switch() -> None:
    assert is_immediate(row({"immediate": True}))
    assert not is_immediate(row({"immediate": False}))
    assert not is_immediate(row({"conversation_id": 3}))


def test_a_snoozed_copy_keeps_the_original_payload_and_its_marks() -> None:
    original = row({"item_id": 8, "due": "2026-03-06", "held_away": True}, DeliveryKind.DUE_REMINDER)

    assert snoozed_payload(original) == {"item_id": 8, "due": "2026-03-06", "held_away": True, "snoozed": True}
    assert original.payload == {"item_id": 8, "due": "2026-03-06", "held_away": True}


def test_describe_names_the_template_records_and_switches_never_text() -> None:
    notice = row({"template": "request_countered", "immediate": False, "request_id": 7, "note": "secret"})
    nudge = row({"conversation_id": 3, "follow_up": True, "snoozed": True}, DeliveryKind.RECAP_NUDGE)

    assert describe(notice) == "request_countered, request 7"
    assert describe(nudge) == "conversation 3, follow-up, snoozed"
    assert describe(row({"template": "recap_saved"}, DeliveryKind.AGENDA)) == "-"
