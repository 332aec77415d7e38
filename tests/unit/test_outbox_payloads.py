"""The outbox contract: each typed payload is stored under the keys earlier versions used, rows those
versions queued still decode, and a row of the wrong shape is refused rather than guessed at."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

import bot
from bot.domain.outbox_payloads import (
    KIND_PAYLOADS,
    NOTICE_PAYLOADS,
    AgendaOldCopy,
    AgendaTakenBack,
    BadPayload,
    CheckInRef,
    ConversationRef,
    DigestSlot,
    DigestUndeliverable,
    DueReminder,
    InvitationRef,
    ItemChange,
    ItemsClosed,
    ManagerConfirmation,
    ManagerConfirmed,
    ManagerCopy,
    ManagerDeclined,
    MeetingReminder,
    Notice,
    OldCopyReason,
    RequestRef,
    SeriesRef,
    decode,
    encode,
)
from bot.models import DeliveryKind

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

# Each payload next to the JSON the previous version's writers stored for it (same keys, same values).
STORED: list[tuple[object, dict[str, Any]]] = [
    (ManagerConfirmation(4, 7), {"series_id": 4, "employee_id": 7}),
    (MeetingReminder(3, AT), {"conversation_id": 3, "scheduled_at": "2026-03-02T09:30:00+00:00"}),
    (
        MeetingReminder(3, AT, follow_up=False),
        {"conversation_id": 3, "scheduled_at": "2026-03-02T09:30:00+00:00", "follow_up": False},
    ),
    (CheckInRef(5, 3), {"check_in_id": 5, "conversation_id": 3}),
    (DueReminder(8, date(2026, 3, 6)), {"item_id": 8, "due": "2026-03-06"}),
    (DigestSlot(2, AT), {"subscription_id": 2, "slot": "2026-03-02T09:30:00+00:00"}),
    (ManagerCopy(3, 1), {"conversation_id": 3, "revision": 1}),
    (ManagerCopy(3, 2, fresh=True), {"conversation_id": 3, "revision": 2, "fresh": True}),
    (RequestRef(12), {"request_id": 12}),
    (InvitationRef(6), {"invitation_id": 6}),
    (SeriesRef(4), {"series_id": 4}),
    (ManagerConfirmed(9), {"manager_id": 9}),
    (ManagerDeclined("Mira Chen"), {"manager_name": "Mira Chen"}),
    (ConversationRef(3), {"conversation_id": 3}),
    (
        AgendaTakenBack(3, "D1", "1.2", AT, manager_changed=True),
        {
            "conversation_id": 3,
            "channel": "D1",
            "ts": "1.2",
            "taken_back_at": "2026-03-02T09:30:00+00:00",
            "manager_changed": True,
        },
    ),
    (
        AgendaOldCopy(3, 7, "D2", "3.4", OldCopyReason.REPLACED),
        {"conversation_id": 3, "employee_id": 7, "channel": "D2", "ts": "3.4", "reason": "replaced"},
    ),
    (ItemChange(8, 9), {"item_id": 8, "actor_id": 9}),
    (
        DigestUndeliverable(2, "C1", "is_archived", "team"),
        {"subscription_id": 2, "channel_id": "C1", "reason": "is_archived", "scope": "team"},
    ),
    (ItemsClosed((8, 9)), {"item_ids": [8, 9]}),
]


@pytest.mark.parametrize(("payload", "stored"), STORED)
def test_a_payload_is_stored_under_the_keys_earlier_versions_used(payload: object, stored: dict[str, Any]) -> None:
    assert encode(payload) == stored


@pytest.mark.parametrize(("payload", "stored"), STORED)
def test_a_row_queued_by_the_previous_version_decodes(payload: object, stored: dict[str, Any]) -> None:
    assert decode(type(payload), stored) == payload


def test_the_relay_marks_and_the_template_are_not_part_of_the_payload() -> None:
    row = {"template": "recap_saved", "immediate": True, "snoozed": True, "held_away": True, "conversation_id": 3}

    assert decode(ConversationRef, row) == ConversationRef(3)


def test_fields_an_old_row_may_lack_take_their_defaults() -> None:
    assert decode(MeetingReminder, {"conversation_id": 3}) == MeetingReminder(3, None, None)
    assert decode(ManagerDeclined, {"template": "manager_declined"}) == ManagerDeclined(None)
    assert decode(ManagerCopy, {"conversation_id": 3, "revision": 1}).fresh is False
    assert decode(ItemsClosed, {}) == ItemsClosed(())


def test_an_old_row_with_stray_entries_in_a_list_keeps_the_ids() -> None:
    assert decode(ItemsClosed, {"item_ids": [8, "x", None, True, 9]}) == ItemsClosed((8, 9))


@pytest.mark.parametrize(
    ("cls", "raw"),
    [
        (RequestRef, {}),
        (RequestRef, {"request_id": None}),
        (RequestRef, {"request_id": "12"}),
        (RequestRef, {"request_id": True}),
        (DueReminder, {"item_id": 8, "due": "the sixth"}),
        (DigestSlot, {"subscription_id": 2, "slot": 1700000000}),
        (AgendaOldCopy, {"conversation_id": 3, "employee_id": 7, "channel": "D2", "ts": "3.4", "reason": "lost"}),
    ],
)
def test_a_row_of_the_wrong_shape_is_refused(cls: type[object], raw: dict[str, Any]) -> None:
    with pytest.raises(BadPayload):
        decode(cls, raw)


def test_every_delivery_kind_has_one_payload_type() -> None:
    assert set(KIND_PAYLOADS) == set(DeliveryKind) - {DeliveryKind.NOTICE}


def test_every_notice_has_one_payload_type() -> None:
    assert set(NOTICE_PAYLOADS) == set(Notice)


def test_notice_names_are_the_templates_stored_in_rows() -> None:
    assert Notice("forget_items_dropped") is Notice.FORGET_ITEMS_DROPPED
    assert Notice.AGENDA_OLD_COPY.value == "agenda_old_copy"


# -- no payload keys by string outside the contract -------------------------------------------------

BOT = Path(bot.__file__).parent
CONTRACT = BOT / "domain" / "outbox_payloads" / "stored.py"
RAW_KEY_READ = re.compile(r"\bpayload\s*(?:\[|\.get\()")


def raw_key_reads(root: Path, *, allowed: Path) -> list[str]:
    """Lines under `root` (outside `allowed`) that index a payload by key: `payload[…]`, `payload.get(…)`."""
    return [
        f"{path.relative_to(root)}:{number}: {line.strip()}"
        for path in sorted(root.rglob("*.py"))
        if path != allowed
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if RAW_KEY_READ.search(line)
    ]


def test_only_the_contract_reads_or_writes_payload_keys() -> None:
    assert raw_key_reads(BOT, allowed=CONTRACT) == []


def test_the_scan_finds_a_payload_read_by_key(tmp_path: Path) -> None:
    (tmp_path / "contract.py").write_text('x = delivery.payload["ok"]\n')
    (tmp_path / "reader.py").write_text('a = 1\nb = delivery.payload.get("slot")\nc = payload ["x"]\nd = payloads[0]\n')

    assert raw_key_reads(tmp_path, allowed=tmp_path / "contract.py") == [
        'reader.py:2: b = delivery.payload.get("slot")',
        'reader.py:3: c = payload ["x"]',
    ]
