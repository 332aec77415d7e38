"""Queries on the relay's path use an index that fits them whatever SQLite knows about the tables: the
carried items of an agenda are found through the pair's conversations, never by walking the workspace's
items (without ANALYZE statistics SQLite used to pick the owner/status index: 106 ms a call at 100k people)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from bot.domain.opportunity_planning import announcement_query
from bot.domain.prep import carried_items_query
from bot.models import Conversation, ConversationState, Opportunity


def test_carried_items_are_read_through_the_pairs_conversations(db: Session) -> None:
    if db.get_bind().dialect.name != "sqlite":
        pytest.skip("a SQLite query plan")
    at = datetime(2026, 12, 8, 14, 30, tzinfo=UTC)
    conversation = Conversation(
        id=7, team_id="T1", series_id=1, employee_id=2, manager_id=3, scheduled_at=at, state=ConversationState.PLANNED
    )
    compiled = carried_items_query(conversation).compile(db.get_bind(), compile_kwargs={"render_postcompile": True})
    params = tuple(compiled.params[name] for name in compiled.positiontup or ())
    connection = db.connection()
    if connection.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
        connection.exec_driver_sql("DELETE FROM sqlite_stat1")  # no statistics, as before the first ANALYZE
    plan = [row[3] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), params)]

    assert any("action_items USING INDEX ix_action_items_conversation_id" in step for step in plan), plan
    assert not any("ix_action_items_team_id_owner_id_status" in step for step in plan), plan


def test_an_opportunitys_announcement_is_found_by_its_key_not_by_walking_the_outbox(db: Session) -> None:
    if db.get_bind().dialect.name != "sqlite":
        pytest.skip("a SQLite query plan")
    compiled = announcement_query(Opportunity(id=4, team_id="T1")).compile(
        db.get_bind(), compile_kwargs={"render_postcompile": True}
    )
    params = tuple(compiled.params[name] for name in compiled.positiontup or ())
    plan = [row[3] for row in db.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), params)]

    [step] = plan
    assert "USING INDEX" in step, plan
    assert "idempotency_key=?" in step, plan
