"""How long each kind of message stays worth sending while Slack keeps failing it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from bot.domain.conversations import RECAP_WINDOW, ends_at
from bot.domain.outbox_payloads import DigestSlot, DueReminder, MeetingReminder, encode
from bot.domain.relevance import useful_until
from bot.models import Delivery, DeliveryKind
from tests.support.pairs import planned_conversation

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
MEETING = datetime(2026, 11, 25, 15, 30, tzinfo=UTC)


def row(kind: DeliveryKind, payload: object = None) -> Delivery:
    return Delivery(team_id="T0001", kind=kind, payload=encode(payload) if payload is not None else {})


def test_meeting_reminders_are_useful_until_the_meeting_starts(db: Session) -> None:
    for kind in (DeliveryKind.PREP_REMINDER, DeliveryKind.MANAGER_BRIEF):
        useful = useful_until(db, row(kind, MeetingReminder(999, MEETING)), failing_since=NOW)
        assert (useful.until, useful.ends) == (MEETING, "the meeting started")


def test_a_due_date_reminder_is_useful_until_the_due_day_has_ended_everywhere(db: Session) -> None:
    useful = useful_until(db, row(DeliveryKind.DUE_REMINDER, DueReminder(1, date(2026, 11, 24))), failing_since=NOW)

    assert (useful.until, useful.ends) == (datetime(2026, 11, 25, 12, 0, tzinfo=UTC), "the due day ended")


def test_a_digest_is_useful_until_the_next_one_is_due(db: Session) -> None:
    slot = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    useful = useful_until(db, row(DeliveryKind.TEAM_DIGEST, DigestSlot(999, slot)), failing_since=NOW)

    assert (useful.until, useful.ends) == (slot + timedelta(weeks=1), "the next digest was due")


def test_notices_and_answers_are_useful_for_a_day_after_slack_first_failed(db: Session) -> None:
    for kind in (DeliveryKind.NOTICE, DeliveryKind.MANAGER_CONFIRMATION, DeliveryKind.AGENDA):
        useful = useful_until(db, row(kind), failing_since=NOW)
        assert (useful.until, useful.ends) == (NOW + timedelta(days=1), "a day went by")


def test_a_recap_nudge_is_useful_until_the_recap_window_closes(db: Session) -> None:
    conversation = planned_conversation(db, NOW)
    nudge = row(DeliveryKind.RECAP_NUDGE, MeetingReminder(conversation.id, conversation.scheduled_at))

    useful = useful_until(db, nudge, failing_since=NOW)

    assert (useful.until, useful.ends) == (ends_at(conversation) + RECAP_WINDOW, "the window for a recap closed")
