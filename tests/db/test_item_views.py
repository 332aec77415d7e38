"""Item snapshots against a real database: a check-in lists only the asker's own open items from that
conversation, in due-date order, never another workspace's; cards carry names, zone and blocked reason."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.item_views import ItemCard, checkin_board, checkin_items, items_board, viewer_tz
from bot.domain.items import change_status
from bot.domain.setup import SetupInput, save_setup
from bot.models import ActionItem, Cadence, Conversation, ConversationState, ItemStatus, Person
from tests.conftest import FakeClock
from tests.support.people import ANA, MIRA, OTHER_TEAM, TEAM


def set_up(db: Session, now: datetime, team_id: str = TEAM) -> Conversation:
    form = SetupInput(ANA, MIRA, date(2026, 12, 8), time(15, 30), Cadence.MONTHLY, 30)
    save_setup(db, team_id=team_id, form=form, submission_id=f"{team_id}:UANA", now=now)
    return db.scalars(select(Conversation).filter_by(team_id=team_id)).one()


def person(db: Session, slack_user_id: str, team_id: str = TEAM) -> Person:
    return db.scalars(select(Person).filter_by(team_id=team_id, slack_user_id=slack_user_id)).one()


def held(db: Session, planned: Conversation, now: datetime, *, days_ago: int) -> Conversation:
    """Another conversation of the same pair, already held."""
    conversation = Conversation(
        team_id=planned.team_id,
        series_id=planned.series_id,
        employee_id=planned.employee_id,
        manager_id=planned.manager_id,
        scheduled_at=now - timedelta(days=days_ago),
        state=ConversationState.HELD,
        created_at=now,
        updated_at=now,
    )
    db.add(conversation)
    db.flush()
    return conversation


def item(db: Session, conversation: Conversation, owner: Person, text: str, now: datetime, **kw: Any) -> ActionItem:
    counterpart_id = conversation.manager_id if owner.id == conversation.employee_id else conversation.employee_id
    fields: dict[str, Any] = {"status": ItemStatus.OPEN, "created_at": now, "updated_at": now} | kw
    row = ActionItem(
        team_id=conversation.team_id,
        conversation_id=conversation.id,
        owner_id=owner.id,
        counterpart_id=counterpart_id,
        text=text,
        **fields,
    )
    db.add(row)
    db.flush()
    return row


def texts(cards: tuple[ItemCard, ...] | tuple[ActionItem, ...]) -> list[str]:
    return [c.text for c in cards]


def test_a_checkin_lists_only_the_askers_open_items_from_that_conversation(db: Session, clock: FakeClock) -> None:
    now = clock.now
    planned = set_up(db, now)
    recapped, older = held(db, planned, now, days_ago=21), held(db, planned, now, days_ago=60)
    ana, mira = person(db, "UANA"), person(db, "UMIRA")
    item(db, recapped, ana, "Undated", now)
    item(db, recapped, ana, "Later", now, due_date=date(2026, 12, 20))
    item(db, recapped, ana, "Sooner", now, due_date=date(2026, 12, 1))
    item(db, recapped, ana, "Finished", now, status=ItemStatus.DONE)
    item(db, recapped, ana, "Abandoned", now, status=ItemStatus.DROPPED)
    item(db, recapped, ana, "Stuck", now, status=ItemStatus.BLOCKED)
    item(db, recapped, mira, "Mira's own", now)
    item(db, older, ana, "From an older 1:1", now)

    lists = checkin_items(db, team_id=TEAM, conversation_id=recapped.id, slack_user_id="UANA")

    assert texts(lists.owned) == ["Sooner", "Later", "Undated", "Stuck"]
    assert lists.owed_to_me == ()
    mira_lists = checkin_items(db, team_id=TEAM, conversation_id=recapped.id, slack_user_id="UMIRA")
    assert texts(mira_lists.owned) == ["Mira's own"]


def test_strangers_and_other_workspaces_see_nothing(db: Session, clock: FakeClock) -> None:
    now = clock.now
    conversation = set_up(db, now)
    item(db, conversation, person(db, "UANA"), "Ours", now)
    other = set_up(db, now, team_id=OTHER_TEAM)
    item(db, other, person(db, "UANA", OTHER_TEAM), "Theirs", now)

    assert checkin_items(db, team_id=TEAM, conversation_id=conversation.id, slack_user_id="UEVE").owned == ()
    assert checkin_items(db, team_id=TEAM, conversation_id=other.id, slack_user_id="UANA").owned == ()
    assert texts(checkin_items(db, team_id=OTHER_TEAM, conversation_id=other.id, slack_user_id="UANA").owned) == [
        "Theirs"
    ]
    assert items_board(db, team_id=TEAM, slack_user_id="UEVE") == checkin_board(
        db, team_id=TEAM, conversation_id=conversation.id, slack_user_id="UEVE"
    )
    assert texts(items_board(db, team_id=TEAM, slack_user_id="UANA").owned) == ["Ours"]


def test_cards_carry_both_people_the_zone_and_the_latest_blocked_reason(db: Session, clock: FakeClock) -> None:
    now = clock.now
    conversation = set_up(db, now)
    ana, mira = person(db, "UANA"), person(db, "UMIRA")
    stuck = item(db, conversation, ana, "Stuck", now)
    item(db, conversation, mira, "Mira's", now, due_date=date(2026, 11, 30))
    change_status(db, team_id=TEAM, item_id=stuck.id, slack_user_id="UANA", to=ItemStatus.BLOCKED, now=now, note="A")
    later = now + timedelta(hours=1)
    change_status(db, team_id=TEAM, item_id=stuck.id, slack_user_id="UMIRA", to=ItemStatus.BLOCKED, now=later, note="B")

    board = items_board(db, team_id=TEAM, slack_user_id="UANA")

    assert board.tz == "Europe/Berlin"
    [owned] = board.owned
    assert owned == ItemCard(
        item_id=stuck.id,
        text="Stuck",
        due_date=None,
        status=ItemStatus.BLOCKED,
        owner_user_id="UANA",
        counterpart_user_id="UMIRA",
        blocked_reason="B",
    )
    [owed] = board.owed_to_me
    assert (owed.owner_user_id, owed.counterpart_user_id, owed.blocked_reason) == ("UMIRA", "UANA", None)
    assert items_board(db, team_id=TEAM, slack_user_id="UMIRA").tz == "America/New_York"


def test_today_is_the_viewers_local_date(db: Session, clock: FakeClock) -> None:
    set_up(db, clock.now)
    # 03:30 UTC on Tuesday is still Monday evening in New York and already Tuesday morning in Berlin.
    instant = datetime(2026, 11, 24, 3, 30, tzinfo=UTC)

    assert items_board(db, team_id=TEAM, slack_user_id="UANA").today(instant) == date(2026, 11, 24)
    assert items_board(db, team_id=TEAM, slack_user_id="UMIRA").today(instant) == date(2026, 11, 23)
    assert viewer_tz(db, team_id=TEAM, slack_user_id="UNOBODY") == "UTC"
