"""What operators see of the outbox: which message each delivery is, never what people wrote."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from bot.cli import main
from bot.db import make_engine, make_sessions
from bot.domain.outbox import enqueue, notice
from bot.domain.outbox_payloads import ConversationRef, ManagerDeclined, MeetingReminder, Notice
from bot.domain.outbox_report import delivery_rows
from bot.domain.people import upsert_person
from bot.domain.workspaces import ensure_workspace
from bot.models import DeliveryKind
from tests.support.outbox_rows import queue_stored_row
from tests.support.people import ANA, TEAM

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_a_notice_says_which_notice_and_what_it_is_about(db: Session) -> None:
    ensure_workspace(db, team_id=TEAM, now=NOW)
    ana = upsert_person(db, team_id=TEAM, profile=ANA, now=NOW)
    # A row with a stray text field, as a bug or an older version might have queued it.
    queue_stored_row(
        db,
        team_id=TEAM,
        kind=DeliveryKind.NOTICE,
        key="notice:request_countered:7",
        due_at=NOW,
        now=NOW,
        recipient=ana,
        stored={"template": "request_countered", "immediate": False, "request_id": 7, "note": "secret words"},
    )
    notice(
        db,
        recipient=ana,
        template=Notice.MANAGER_DECLINED,
        payload=ManagerDeclined("Mira"),
        key="x",
        now=NOW,
        immediate=True,
    )

    rows = {row.what for row in delivery_rows(db)}

    assert rows == {"request_countered, request 7", "manager_declined, immediate"}
    assert all(row.kind == "notice" for row in delivery_rows(db))


def test_other_kinds_name_the_records_they_are_about(db: Session) -> None:
    ensure_workspace(db, team_id=TEAM, now=NOW)
    ana = upsert_person(db, team_id=TEAM, profile=ANA, now=NOW)
    enqueue(
        db,
        team_id=TEAM,
        kind=DeliveryKind.RECAP_NUDGE,
        key="nudge",
        due_at=NOW,
        now=NOW,
        recipient=ana,
        payload=MeetingReminder(3, follow_up=True),
    )
    # A check-in row with an odd extra list, snoozed.
    queue_stored_row(
        db,
        team_id=TEAM,
        kind=DeliveryKind.CHECK_IN,
        key="check-in",
        due_at=NOW + timedelta(hours=1),
        now=NOW,
        recipient=ana,
        stored={"check_in_id": 5, "conversation_id": 3, "snoozed": True, "item_ids": [8, 9]},
    )
    queue_stored_row(db, team_id=TEAM, kind=DeliveryKind.AGENDA, key="agenda", due_at=NOW, now=NOW, recipient=ana)

    rows = {row.kind: row.what for row in delivery_rows(db)}

    assert rows == {
        "recap_nudge": "conversation 3, follow-up",
        "check_in": "check in 5, conversation 3, items 8,9, snoozed",
        "agenda": "-",
    }


def test_the_command_prints_which_notice_is_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'report.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["db", "upgrade"]) == 0
    engine = make_engine(url)
    with make_sessions(engine).begin() as session:
        ensure_workspace(session, team_id=TEAM, now=NOW)
        ana = upsert_person(session, team_id=TEAM, profile=ANA, now=NOW)
        notice(session, recipient=ana, template=Notice.RECAP_SAVED, payload=ConversationRef(41), key="c1", now=NOW)
    engine.dispose()
    capsys.readouterr()

    assert main(["deliveries"]) == 0

    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Outbox: 1 pending"
    assert " what " in out[1]
    assert "notice" in out[2]
    assert "recap_saved, conversation 41" in out[2]
    assert "UANA" in out[2]
