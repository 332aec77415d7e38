"""Forgetting against a real database: the person's own record goes, their reports' record stays without
them, items they owed are closed and the other person told, queued messages go, and they can start again."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain.export import build_export
from bot.domain.forget import DROP_NOTE, FORMER_NAME, forget, forget_summary
from bot.domain.forget_outbox import CANCEL_REASON
from bot.domain.forget_scope import ForgetSummary
from bot.domain.meeting_request import create_request
from bot.domain.outbox_payloads import Notice
from bot.domain.people import find_person
from bot.domain.setup import SetupInput, save_setup
from bot.models import (
    ActionItem,
    ActionItemEvent,
    Cadence,
    CheckIn,
    Conversation,
    Delivery,
    DeliveryKind,
    DeliveryState,
    DigestSubscription,
    Invitation,
    ItemStatus,
    MeetingRequest,
    OneOnOneSeries,
    Person,
    PersonStatus,
    RequestState,
)
from bot.slack.outbound.render import Rendered, Skip, render
from tests.support.export_world import (
    AFTER,
    LEO_SECRET,
    MIRA_ITEM,
    PRIYA_RECAP,
    PRIYA_SECRET,
    World,
    build_world,
    item,
)
from tests.support.outbox_rows import queue_stored_row
from tests.support.people import ANA, LEO, MIRA, TEAM

FORGOT = AFTER + timedelta(days=1)


def person(session: Session, slack_user_id: str) -> Person:
    found = find_person(session, team_id=TEAM, slack_user_id=slack_user_id)
    assert found is not None
    return found


def count(session: Session, model: Any, *where: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def notices(session: Session) -> list[Delivery]:
    rows = session.scalars(select(Delivery).where(Delivery.kind == DeliveryKind.NOTICE).order_by(Delivery.id))
    return [
        d for d in rows if d.payload.get("template") in (Notice.FORGET_ITEMS_DROPPED, Notice.FORGET_MANAGER_DETACHED)
    ]


def world_with_extras(session: Session) -> World:
    """The export's world, plus an invitation, a digest and a request from Leo waiting for Ana."""
    world = build_world(session)
    ana, mira, leo = person(session, "UANA"), person(session, "UMIRA"), person(session, "ULEO")
    session.add(Invitation(team_id=TEAM, manager_id=mira.id, invitee_id=ana.id, created_at=AFTER, updated_at=AFTER))
    session.add(Invitation(team_id=TEAM, manager_id=ana.id, invitee_id=leo.id, created_at=AFTER, updated_at=AFTER))
    session.add(DigestSubscription(team_id=TEAM, owner_id=ana.id, created_at=AFTER, updated_at=AFTER))
    create_request(
        session,
        team_id=TEAM,
        employee_slack_id="ULEO",
        message="Can we talk about on-call?",
        proposed_local=datetime(2027, 1, 5, 10, 0),
        now=AFTER,
    )
    session.flush()
    return world


def test_the_summary_says_what_would_go_and_what_would_change_for_others(db: Session) -> None:
    world_with_extras(db)

    summary = forget_summary(db, team_id=TEAM, slack_user_id="UANA")

    assert summary == ForgetSummary(
        conversations=1,
        preps=1,
        recaps=1,
        items=2,
        check_ins=3,  # Ana's and Mira's on Ana's 1:1, and Ana's on Leo's
        requests=1,
        shared=1,
        reports=1,
        items_to_close=1,
        kept_conversations=1,
        asks=1,  # the request in Ana's shared prep
    )
    assert forget_summary(db, team_id=TEAM, slack_user_id="UEVE") is None
    assert count(db, Conversation) == 3  # only a read


def test_forgetting_deletes_the_persons_own_record(db: Session) -> None:
    world = world_with_extras(db)
    ana_id = person(db, "UANA").id
    own_items = [item(db, MIRA_ITEM).id, db.scalars(select(ActionItem.id).where(ActionItem.owner_id == ana_id)).first()]

    result = forget(db, team_id=TEAM, slack_user_id="UANA", now=FORGOT)

    assert result is not None
    assert result.scrubbed is True
    assert db.get(Conversation, world.ana.id) is None
    assert count(db, ActionItem, ActionItem.conversation_id == world.ana.id) == 0
    assert count(db, ActionItemEvent, ActionItemEvent.item_id.in_(own_items)) == 0
    assert count(db, CheckIn, CheckIn.conversation_id == world.ana.id) == 0
    assert count(db, CheckIn, CheckIn.owner_id == ana_id) == 0
    assert count(db, OneOnOneSeries, OneOnOneSeries.employee_id == ana_id) == 0
    assert count(db, MeetingRequest, MeetingRequest.employee_id == ana_id) == 0
    assert count(db, Invitation) == 0
    assert count(db, DigestSubscription) == 0
    assert count(db, Delivery, Delivery.recipient_id == ana_id) == 0
    assert find_person(db, team_id=TEAM, slack_user_id="UANA") is None
    assert build_export(db, team_id=TEAM, slack_user_id="UANA", now=FORGOT) is None
    assert forget(db, team_id=TEAM, slack_user_id="UANA", now=FORGOT) is None


def test_the_person_row_is_kept_for_their_reports_but_scrubbed(db: Session) -> None:
    world = world_with_extras(db)
    ana_id = person(db, "UANA").id

    forget(db, team_id=TEAM, slack_user_id="UANA", now=FORGOT)

    former = db.get(Person, ana_id)
    assert former is not None
    assert (former.display_name, former.slack_user_id) == (FORMER_NAME, f"forgotten-{ana_id}")
    assert (former.status, former.tz, former.manager_id, former.manager_confirmed) == (
        PersonStatus.LEFT,
        "UTC",
        None,
        False,
    )
    # Leo's conversation with Ana is his record: it stays, with his private prep and his recap.
    leo_conversation = db.get(Conversation, world.leo.id)
    assert leo_conversation is not None
    assert leo_conversation.manager_id == ana_id
    assert leo_conversation.prep is not None
    assert leo_conversation.prep["strengths"] == LEO_SECRET
    assert leo_conversation.recap is not None
    # Leo is detached: no manager, his rhythm off, his request to Ana withdrawn.
    leo = person(db, "ULEO")
    assert (leo.manager_id, leo.manager_confirmed, leo.manager_confirmed_at) == (None, False, None)
    series = db.scalars(select(OneOnOneSeries).where(OneOnOneSeries.employee_id == leo.id)).one()
    assert series.active is False
    request = db.scalars(select(MeetingRequest).where(MeetingRequest.employee_id == leo.id)).one()
    assert request.state is RequestState.WITHDRAWN


def test_items_the_person_owed_are_closed_and_items_owed_to_them_stay(db: Session) -> None:
    world_with_extras(db)

    forget(db, team_id=TEAM, slack_user_id="UANA", now=FORGOT)

    mentor = item(db, "Find Leo a mentor")
    assert (mentor.status, mentor.closed_at) == (ItemStatus.DROPPED, FORGOT)
    last = mentor.history[-1]
    assert (last.actor_id, last.from_status, last.to_status, last.note, last.at) == (
        None,
        ItemStatus.OPEN,
        ItemStatus.DROPPED,
        DROP_NOTE,
        FORGOT,
    )
    proposal = item(db, "Leo drafts a proposal")
    assert proposal.status is ItemStatus.OPEN
    assert len(proposal.history) == 1


def test_each_affected_person_is_told_once(db: Session) -> None:
    world_with_extras(db)
    mentor = item(db, "Find Leo a mentor").id

    result = forget(db, team_id=TEAM, slack_user_id="UANA", now=FORGOT)

    assert result is not None
    assert result.told == 1
    [told] = notices(db)
    assert told.recipient_id == person(db, "ULEO").id
    assert told.payload["template"] == Notice.FORGET_MANAGER_DETACHED
    assert told.payload["item_ids"] == [mentor]
    assert told.payload["immediate"] is False  # news from someone else waits for Leo's working hours
    outcome = render(db, told, FORGOT)
    assert isinstance(outcome, Rendered)
    text = str(outcome.message.as_kwargs())
    assert "deleted their data" in text
    assert "Find Leo a mentor" in text
    assert "Pick my manager" in text


def test_a_former_report_is_told_only_about_the_closed_items(db: Session) -> None:
    build_world(db)
    # Leo moved to Mira after his December 1:1 with Ana; Ana still owes him an item from it.
    form = SetupInput(LEO, MIRA, date(2027, 1, 12), time(15, 30), Cadence.MONTHLY, 30)
    save_setup(db, team_id=TEAM, form=form, submission_id="leo-moves", now=AFTER)

    result = forget(db, team_id=TEAM, slack_user_id="UANA", now=FORGOT)

    assert result is not None
    assert person(db, "ULEO").manager_id == person(db, "UMIRA").id
    [told] = notices(db)
    assert told.payload["template"] == Notice.FORGET_ITEMS_DROPPED
    outcome = render(db, told, FORGOT)
    assert isinstance(outcome, Rendered)
    assert "Find Leo a mentor" in str(outcome.message.as_kwargs())
    # Reopened before it was sent: nothing left to tell.
    mentor = item(db, "Find Leo a mentor")
    mentor.status = ItemStatus.OPEN
    assert isinstance(render(db, told, FORGOT), Skip)


def test_queued_messages_to_the_person_go_and_those_about_them_are_cancelled(db: Session) -> None:
    world = world_with_extras(db)
    ana, mira = person(db, "UANA"), person(db, "UMIRA")
    to_mira = db.scalars(
        select(Delivery).where(Delivery.recipient_id == mira.id, Delivery.state == DeliveryState.PENDING)
    ).all()
    about_ana = {
        d.id
        for d in to_mira
        if d.payload.get("conversation_id") == world.ana.id or d.payload.get("employee_id") == ana.id
    }
    about_priya = {d.id for d in to_mira if d.payload.get("conversation_id") == world.priya.id}
    assert about_ana  # Ana's confirmation request, agenda and recap were still on their way to Mira
    assert about_priya

    forget(db, team_id=TEAM, slack_user_id="UANA", now=FORGOT)

    states = {d.id: (d.state, d.last_error) for d in to_mira}
    assert {states[i] for i in about_ana} == {(DeliveryState.CANCELLED, CANCEL_REASON)}
    assert {states[i] for i in about_priya} == {(DeliveryState.PENDING, None)}  # Priya's recap still goes


def test_other_peoples_records_are_untouched(db: Session) -> None:
    world = world_with_extras(db)
    before = build_export(db, team_id=TEAM, slack_user_id="UPRIYA", now=FORGOT)

    forget(db, team_id=TEAM, slack_user_id="UANA", now=FORGOT)

    priya = db.get(Conversation, world.priya.id)
    assert priya is not None
    assert priya.prep is not None
    assert priya.prep["strengths"] == PRIYA_SECRET
    assert priya.recap is not None
    assert priya.recap["takeaways"] == PRIYA_RECAP
    assert build_export(db, team_id=TEAM, slack_user_id="UPRIYA", now=FORGOT) == before
    mira = person(db, "UMIRA")
    assert (mira.display_name, mira.status) == ("Mira Chen", PersonStatus.ACTIVE)
    assert item(db, "Priya's own item").status is ItemStatus.OPEN


def test_someone_nobody_depends_on_is_deleted_outright(db: Session) -> None:
    build_world(db)
    priya_id = person(db, "UPRIYA").id

    result = forget(db, team_id=TEAM, slack_user_id="UPRIYA", now=FORGOT)

    assert result is not None
    assert result.scrubbed is False
    assert result.told == 0
    assert db.get(Person, priya_id) is None
    assert count(db, Conversation, Conversation.employee_id == priya_id) == 0
    assert notices(db) == []
    assert person(db, "UMIRA").status is PersonStatus.ACTIVE


def test_a_message_mid_send_keeps_the_row_as_a_placeholder(db: Session) -> None:
    build_world(db)
    priya = person(db, "UPRIYA")
    claimed = queue_stored_row(
        db, team_id=TEAM, kind=DeliveryKind.NOTICE, key="mid-send", due_at=AFTER, now=AFTER, recipient=priya
    )
    claimed.state = DeliveryState.CLAIMED

    result = forget(db, team_id=TEAM, slack_user_id="UPRIYA", now=FORGOT)

    assert result is not None
    assert result.scrubbed is True
    assert db.get(Delivery, claimed.id) is claimed
    assert db.get(Person, priya.id) is not None


def test_a_forgotten_person_can_start_again(db: Session) -> None:
    world_with_extras(db)
    old_id = person(db, "UANA").id
    forget(db, team_id=TEAM, slack_user_id="UANA", now=FORGOT)

    form = SetupInput(ANA, MIRA, date(2027, 1, 12), time(15, 30), Cadence.MONTHLY, 30)
    result = save_setup(db, team_id=TEAM, form=form, submission_id="ana-again", now=FORGOT)

    assert result.employee.id != old_id
    assert (result.employee.display_name, result.employee.status) == ("Ana Silva", PersonStatus.ACTIVE)
    assert result.manager_changed is True
    export = build_export(db, team_id=TEAM, slack_user_id="UANA", now=FORGOT)
    assert export is not None
    assert MIRA_ITEM not in export.markdown
    assert "## As a manager" not in export.markdown  # Leo's conversation stays with the placeholder
    assert count(db, Conversation, Conversation.employee_id == result.employee.id) == 1
    # Leo can pick a manager again too.
    leo_form = SetupInput(LEO, MIRA, date(2027, 1, 12), time(15, 30), Cadence.MONTHLY, 30)
    assert save_setup(db, team_id=TEAM, form=leo_form, submission_id="leo-again", now=FORGOT).series.active


def test_the_result_names_every_posted_message_that_held_the_persons_text(db: Session) -> None:
    """Everything sent to Ana, and what showed her conversations and items to others; not Priya's."""
    world = world_with_extras(db)
    ana, mira = person(db, "UANA"), person(db, "UMIRA")
    for delivery in db.scalars(select(Delivery)):
        reader = db.get(Person, delivery.recipient_id)
        assert reader is not None
        delivery.state = DeliveryState.SENT
        delivery.slack_channel, delivery.slack_ts = f"D{reader.slack_user_id}", f"1700000000.{delivery.id:06d}"
    world.ana.agenda_channel, world.ana.agenda_ts = "DUMIRA", "1600000000.000001"  # its delivery row is gone
    db.flush()
    sent = list(db.scalars(select(Delivery)))
    to_ana = {d.slack_ts for d in sent if d.recipient_id == ana.id}
    about_ana = {
        d.slack_ts for d in sent if d.recipient_id == mira.id and d.payload.get("conversation_id") == world.ana.id
    }
    about_priya = {d.slack_ts for d in sent if d.payload.get("conversation_id") == world.priya.id}
    assert to_ana
    assert about_ana
    assert about_priya

    result = forget(db, team_id=TEAM, slack_user_id="UANA", now=FORGOT)

    assert result is not None
    posted = {m.ts: m for m in result.posted}
    assert to_ana | about_ana | {"1600000000.000001"} <= set(posted)
    assert not about_priya & set(posted)
    assert len(result.posted) == len(posted)  # each message once
    assert posted["1600000000.000001"].kind is DeliveryKind.AGENDA
    assert posted["1600000000.000001"].reader_user_id == "UMIRA"
    assert {posted[ts].reader_user_id for ts in to_ana} == {"UANA"}
