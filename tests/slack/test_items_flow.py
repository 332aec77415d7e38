"""Action items end to end: `/career-prep items`, the status buttons, the Blocked and Edit modals, the
other person's notices, lists refreshed in place, and refusals for anyone outside the item."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from slack_bolt import BoltResponse
from sqlalchemy import select

from bot.config import Settings
from bot.db import SessionFactory
from bot.domain.item_views import checkin_board
from bot.domain.items import change_status
from bot.models import (
    ActionItem,
    Delivery,
    DeliveryState,
    ItemStatus,
)
from bot.scheduling.relay import Relay
from bot.slack.blocks.items import checkin_conversation, checkin_surface, items_message
from bot.slack.client import web_client
from bot.slack.ids import Action, Block, Callback
from bot.slack.values import ItemRef, decode, encode
from tests.conftest import TEAM_ID, FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.items_flow import (
    HELD_AT,
    Json,
    Seeded,
    add_item,
    dm_list,
    dms,
    edit_values,
    held_conversation,
    items_list,
    last_response,
    reason_values,
    shown,
    state_of,
    value_for,
)
from tests.support.items_flow import seeded as seeded
from tests.support.prep_flow import EMPLOYEE, MANAGER, add_people
from tests.support.setup_flow import setup_values
from tests.support.signed import FORM, SignedSlack, plain_text

OUTSIDER = "UEVE"
PRIYA = "UPRIYA"
REFUSAL = "Only the two people an action item belongs to"


# --- Reading what the bot showed -----------------------------------------------------------------------------------


def parts(blocks: list[Json]) -> dict[str, list[str]]:
    """Each part's heading (without its count) and the first line of each item listed under it."""
    found: dict[str, list[str]] = {}
    current: list[str] = []
    for index, block in enumerate(blocks):
        text = block.get("text", {}).get("text", "") if block["type"] == "section" else ""
        if text.startswith("*") and index + 1 < len(blocks) and blocks[index + 1]["type"] != "actions":
            current = found.setdefault(text.split("*")[1], [])
        elif text and index + 1 < len(blocks) and blocks[index + 1]["type"] == "actions":
            current.append(text.split("\n")[0])
    return found


def pending(sessions: SessionFactory) -> list[int]:
    with sessions.begin() as session:
        return list(session.scalars(select(Delivery.id).where(Delivery.state == DeliveryState.PENDING)))


def errors_of(response: BoltResponse) -> dict[str, str]:
    payload = json.loads(response.body or "{}")
    assert payload.get("response_action") == "errors", payload
    return dict(payload["errors"])


# --- Acting on what the bot showed ---------------------------------------------------------------------------------


def click_ephemeral(slack: SignedSlack, fake_slack: FakeSlack, user: str, action_id: str, value: str) -> str:
    """A click on a button in an ephemeral message; returns the name its response_url posts under."""
    name = f"ephemeral-{len(fake_slack.responses)}-{action_id}"
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "example"},
        "user": {"id": user, "team_id": TEAM_ID},
        "api_app_id": "A0001",
        "token": "legacy-verification-token",
        "trigger_id": f"trigger.{name}",
        "actions": [{"type": "button", "action_id": action_id, "block_id": "b", "value": value, "action_ts": "1.0"}],
        "container": {"type": "message", "message_ts": "1.000001", "channel_id": "C0GENERAL", "is_ephemeral": True},
        "channel": {"id": "C0GENERAL"},
        "response_url": fake_slack.response_url(name),
    }
    assert slack.dispatch(slack.interactive_body(payload), FORM).status == 200
    return name


def crafted_view(callback_id: str, item_id: int) -> Json:
    return {
        "id": "VCRAFTED",
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": encode(ItemRef(item_id=item_id)),
        "blocks": [],
    }


# --- The list ------------------------------------------------------------------------------------------------------


def test_each_person_sees_their_own_items_and_the_ones_owed_to_them(
    slack: SignedSlack, fake_slack: FakeSlack, seeded: Seeded
) -> None:
    ana = items_list(slack, fake_slack, EMPLOYEE)
    mira = items_list(slack, fake_slack, MANAGER)

    assert parts(ana["blocks"]) == {
        "Yours": ["Shadow the on-call lead", "Draft a learning plan"],
        "Owed to you": ["Introduce Ana to the platform team"],
    }
    assert parts(mira["blocks"]) == {
        "Yours": ["Introduce Ana to the platform team"],
        "Owed to you": ["Shadow the on-call lead", "Draft a learning plan"],
    }
    ana_text = shown(ana["blocks"])
    assert "*overdue* (was due Fri 20 Nov 2026)" in ana_text
    assert f"for <@{MANAGER}>" in ana_text
    assert f"owed by <@{MANAGER}>" in ana_text
    assert f"owed by <@{EMPLOYEE}>" in shown(mira["blocks"])
    assert "Europe/Berlin" in ana_text
    assert "America/New_York" in shown(mira["blocks"])


def test_someone_with_no_items_gets_a_friendly_empty_list(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    add_people(fake_slack)

    reply = items_list(slack, fake_slack, OUTSIDER)

    assert "Nothing open right now" in shown(reply["blocks"])


def test_the_items_subcommand_is_in_the_help(slack: SignedSlack, fake_slack: FakeSlack, seeded: Seeded) -> None:
    slack.command(EMPLOYEE, "help")

    assert "See your open action items and the ones owed to you" in shown(last_response(fake_slack))


# --- Status buttons ------------------------------------------------------------------------------------------------


def test_done_by_the_owner_closes_it_tells_the_other_person_and_updates_the_dm(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, seeded: Seeded, clock: FakeClock
) -> None:
    listed = dm_list(slack, fake_slack, EMPLOYEE)

    slack.click(EMPLOYEE, Action.ITEM_DONE, value_for(listed["blocks"], seeded.plan), message=listed)

    status, _, _, history = state_of(sessions, seeded.plan)
    assert status is ItemStatus.DONE
    assert history == [(EMPLOYEE, ItemStatus.OPEN, ItemStatus.DONE, None)]
    with sessions.begin() as session:
        item = session.get(ActionItem, seeded.plan)
        assert item is not None
        assert item.closed_at == clock.now
    told = dms(fake_slack, MANAGER)[-1]
    assert f"<@{EMPLOYEE}> marked their action item as done" in told["text"]
    assert "Draft a learning plan" in shown(told["blocks"])
    refreshed = dms(fake_slack, EMPLOYEE)[-1]
    assert (refreshed["ts"], refreshed["updated"]) == (listed["ts"], True)
    assert parts(refreshed["blocks"])["Yours"] == ["Shadow the on-call lead"]


def test_the_counterpart_may_mark_it_done_and_the_owner_is_told(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, seeded: Seeded
) -> None:
    listed = dm_list(slack, fake_slack, MANAGER)

    slack.click(MANAGER, Action.ITEM_DONE, value_for(listed["blocks"], seeded.shadow), message=listed)

    assert state_of(sessions, seeded.shadow)[3] == [(MANAGER, ItemStatus.OPEN, ItemStatus.DONE, None)]
    assert f"<@{MANAGER}> marked your action item as done" in dms(fake_slack, EMPLOYEE)[-1]["text"]


def test_still_on_it_moves_it_in_progress_quietly_and_refreshes_the_ephemeral_list(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, seeded: Seeded
) -> None:
    listed = items_list(slack, fake_slack, EMPLOYEE)
    manager_dms = len(dms(fake_slack, MANAGER))

    name = click_ephemeral(
        slack, fake_slack, EMPLOYEE, Action.ITEM_STILL_ON_IT, value_for(listed["blocks"], seeded.plan)
    )

    status, _, _, history = state_of(sessions, seeded.plan)
    assert status is ItemStatus.IN_PROGRESS
    assert history == [(EMPLOYEE, ItemStatus.OPEN, ItemStatus.IN_PROGRESS, None)]
    assert len(dms(fake_slack, MANAGER)) == manager_dms
    refreshed = last_response(fake_slack)
    assert (refreshed["name"], refreshed["replace_original"], refreshed["response_type"]) == (name, True, "ephemeral")
    assert "In progress" in shown(refreshed["blocks"])
    assert fake_slack.calls_to("chat.update") == []


def test_drop_closes_it_and_tells_the_other_person(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, seeded: Seeded
) -> None:
    listed = items_list(slack, fake_slack, MANAGER)

    click_ephemeral(slack, fake_slack, MANAGER, Action.ITEM_DROP, value_for(listed["blocks"], seeded.intro))

    assert state_of(sessions, seeded.intro)[3] == [(MANAGER, ItemStatus.OPEN, ItemStatus.DROPPED, None)]
    assert f"<@{MANAGER}> dropped their action item" in dms(fake_slack, EMPLOYEE)[-1]["text"]
    assert "Yours" not in parts(last_response(fake_slack)["blocks"])


def test_a_checkin_dm_refreshes_with_only_that_conversations_items(
    slack: SignedSlack, fake_slack: FakeSlack, settings: Settings, sessions: SessionFactory, seeded: Seeded
) -> None:
    with sessions.begin() as session:
        october = held_conversation(session, EMPLOYEE, HELD_AT, at=datetime(2026, 10, 12, 14, 30, tzinfo=UTC))
        add_item(session, october, october.employee, october.manager, "From October", None, FakeClock(HELD_AT))
    surface = checkin_surface(seeded.conversation_id)
    checkin = post_checkin(fake_slack, settings, sessions, surface)
    assert parts(checkin["blocks"]) == {"Yours": ["Shadow the on-call lead", "Draft a learning plan"]}

    slack.click(EMPLOYEE, Action.ITEM_DONE, value_for(checkin["blocks"], seeded.shadow), message=checkin)

    refreshed = dms(fake_slack, EMPLOYEE)[-1]
    assert (refreshed["ts"], refreshed["updated"]) == (checkin["ts"], True)
    assert parts(refreshed["blocks"]) == {"Yours": ["Draft a learning plan"]}
    assert decode(ItemRef, value_for(refreshed["blocks"], seeded.plan)).surface == surface

    slack.click(EMPLOYEE, Action.ITEM_DONE, value_for(refreshed["blocks"], seeded.plan), message=refreshed)

    assert "Nothing from this conversation is left open" in shown(dms(fake_slack, EMPLOYEE)[-1]["blocks"])


def post_checkin(fake_slack: FakeSlack, settings: Settings, sessions: SessionFactory, surface: str) -> Json:
    """Stands in for the check-in DM: Ana's open items from the conversation, posted with the same builder."""
    conversation_id = checkin_conversation(surface)
    assert conversation_id is not None
    with sessions.begin() as session:
        board = checkin_board(session, team_id=TEAM_ID, conversation_id=conversation_id, slack_user_id=EMPLOYEE)
    message = items_message(board, viewer_slack_id=EMPLOYEE, tz=board.tz, today=date(2026, 11, 23), surface=surface)
    web_client(settings).chat_postMessage(channel=EMPLOYEE, **message.as_kwargs())
    return dms(fake_slack, EMPLOYEE)[-1]


# --- Blocked -------------------------------------------------------------------------------------------------------


def test_blocked_asks_why_then_tells_the_other_person_the_reason(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, seeded: Seeded
) -> None:
    listed = items_list(slack, fake_slack, EMPLOYEE)
    name = click_ephemeral(slack, fake_slack, EMPLOYEE, Action.ITEM_BLOCKED, value_for(listed["blocks"], seeded.plan))
    view = fake_slack.last_view()
    assert view["callback_id"] == Callback.ITEM_BLOCKED
    origin = decode(ItemRef, view["private_metadata"])
    assert (origin.item_id, origin.surface, origin.response_url) == (
        seeded.plan,
        "items",
        fake_slack.response_url(name),
    )
    assert "Draft a learning plan" in shown(view["blocks"])

    blank = slack.submit_view(EMPLOYEE, view, reason_values("   "))

    assert list(errors_of(blank)) == [Block.ITEM_REASON]
    assert state_of(sessions, seeded.plan)[0] is ItemStatus.OPEN

    done = slack.submit_view(EMPLOYEE, view, reason_values("Waiting on <!channel> budget approval"))

    assert done.body in ("", None)
    status, _, _, history = state_of(sessions, seeded.plan)
    assert status is ItemStatus.BLOCKED
    assert history == [(EMPLOYEE, ItemStatus.OPEN, ItemStatus.BLOCKED, "Waiting on <!channel> budget approval")]
    told = dms(fake_slack, MANAGER)[-1]
    assert f"<@{EMPLOYEE}> marked their action item as blocked" in told["text"]
    assert "Waiting on &lt;!channel&gt; budget approval" in shown(told["blocks"])
    assert "<!channel>" not in shown(told)
    refreshed = last_response(fake_slack)
    assert (refreshed["name"], refreshed["replace_original"]) == (name, True)
    assert "Blocked: Waiting on &lt;!channel&gt; budget approval" in shown(refreshed["blocks"])


def test_blocked_from_a_dm_updates_that_message_and_the_owner_hears_from_the_counterpart(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, seeded: Seeded
) -> None:
    listed = dm_list(slack, fake_slack, MANAGER)
    slack.click(MANAGER, Action.ITEM_BLOCKED, value_for(listed["blocks"], seeded.shadow), message=listed)
    view = fake_slack.last_view()
    origin = decode(ItemRef, view["private_metadata"])
    assert (origin.channel, origin.ts, origin.response_url) == (listed["channel"], listed["ts"], None)

    slack.submit_view(MANAGER, view, reason_values("The on-call lead is away until January"))

    assert state_of(sessions, seeded.shadow)[0] is ItemStatus.BLOCKED
    told = dms(fake_slack, EMPLOYEE)[-1]
    assert f"<@{MANAGER}> marked your action item as blocked" in told["text"]
    assert "away until January" in shown(told["blocks"])
    refreshed = next(m for m in dms(fake_slack, MANAGER) if m["ts"] == listed["ts"])
    assert refreshed["updated"] is True
    assert "Blocked: The on-call lead is away until January" in shown(refreshed["blocks"])


# --- Edit ----------------------------------------------------------------------------------------------------------


def test_edit_changes_text_and_due_date_and_notes_it_in_the_history(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, seeded: Seeded
) -> None:
    listed = items_list(slack, fake_slack, EMPLOYEE)
    name = click_ephemeral(slack, fake_slack, EMPLOYEE, Action.ITEM_EDIT, value_for(listed["blocks"], seeded.plan))
    view = fake_slack.last_view()
    assert view["callback_id"] == Callback.ITEM_EDIT
    fields = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert fields[Block.ITEM_TEXT]["initial_value"] == "Draft a learning plan"
    assert fields[Block.ITEM_DUE]["initial_date"] == "2026-12-04"

    response = slack.submit_view(EMPLOYEE, view, edit_values("Draft a learning plan with Mira", "2026-12-11"))

    assert response.body in ("", None)
    status, text, due, history = state_of(sessions, seeded.plan)
    assert (status, text, due) == (ItemStatus.OPEN, "Draft a learning plan with Mira", date(2026, 12, 11))
    assert history == [(EMPLOYEE, ItemStatus.OPEN, ItemStatus.OPEN, "edited text and due date")]
    refreshed = last_response(fake_slack)
    assert (refreshed["name"], refreshed["replace_original"]) == (name, True)
    assert "Draft a learning plan with Mira" in shown(refreshed["blocks"])
    assert "due Fri 11 Dec 2026" in shown(refreshed["blocks"])


@pytest.mark.parametrize(
    ("text", "due", "block", "phrase"),
    [
        ("Still a plan", "2026-11-22", Block.ITEM_DUE, "That date has passed"),
        ("   ", "2026-12-11", Block.ITEM_TEXT, "Say what needs doing"),
        ("x" * 501, None, Block.ITEM_TEXT, "under 500 characters"),
    ],
)
def test_bad_edits_are_answered_on_the_field(
    slack: SignedSlack,
    fake_slack: FakeSlack,
    sessions: SessionFactory,
    seeded: Seeded,
    text: str,
    due: str | None,
    block: str,
    phrase: str,
) -> None:
    listed = dm_list(slack, fake_slack, EMPLOYEE)
    slack.click(EMPLOYEE, Action.ITEM_EDIT, value_for(listed["blocks"], seeded.plan), message=listed)

    response = slack.submit_view(EMPLOYEE, fake_slack.last_view(), edit_values(text, due))

    errors = errors_of(response)
    assert list(errors) == [block]
    assert phrase in errors[block]
    assert state_of(sessions, seeded.plan) == (ItemStatus.OPEN, "Draft a learning plan", date(2026, 12, 4), [])


def test_the_past_is_judged_by_the_editors_own_calendar(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, seeded: Seeded, clock: FakeClock
) -> None:
    # 23:30 UTC on Monday: already Tuesday in Berlin, still Monday afternoon in New York.
    clock.set(datetime(2026, 11, 23, 23, 30, tzinfo=UTC))
    monday = edit_values("Draft a learning plan", "2026-11-23")

    refused = slack.submit_view(EMPLOYEE, crafted_view(Callback.ITEM_EDIT, seeded.plan), monday)
    accepted = slack.submit_view(MANAGER, crafted_view(Callback.ITEM_EDIT, seeded.plan), monday)

    assert list(errors_of(refused)) == [Block.ITEM_DUE]
    assert accepted.body in ("", None)
    assert state_of(sessions, seeded.plan)[2] == date(2026, 11, 23)


# --- Refusals ------------------------------------------------------------------------------------------------------


@pytest.fixture
def priyas_item(slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, seeded: Seeded) -> int:
    """Priya, another of Mira's reports, with an item of her own that Ana has nothing to do with."""
    slack.command(PRIYA, "settings")
    slack.submit_view(PRIYA, fake_slack.last_view(), setup_values())
    with sessions.begin() as session:
        conversation = held_conversation(session, PRIYA, HELD_AT)
        item_id = add_item(
            session,
            conversation,
            conversation.employee,
            conversation.manager,
            "Priya's secret",
            None,
            FakeClock(HELD_AT),
        )
    fake_slack.clear_calls()
    return item_id


@pytest.mark.parametrize("action_id", [Action.ITEM_DONE, Action.ITEM_STILL_ON_IT, Action.ITEM_DROP])
@pytest.mark.parametrize("intruder", [OUTSIDER, EMPLOYEE])
def test_a_crafted_click_on_someone_elses_item_is_refused_and_nothing_changes(
    slack: SignedSlack,
    fake_slack: FakeSlack,
    sessions: SessionFactory,
    priyas_item: int,
    action_id: str,
    intruder: str,
) -> None:
    listed = dm_list(slack, fake_slack, EMPLOYEE)
    before = state_of(sessions, priyas_item)
    queued = pending(sessions)
    crafted = encode(ItemRef(item_id=priyas_item, surface="items"))

    response = slack.click(intruder, action_id, crafted, message=listed)

    assert response.status == 200
    refusal = last_response(fake_slack)
    assert refusal["response_type"] == "ephemeral"
    assert refusal["replace_original"] is False
    assert REFUSAL in refusal["text"]
    assert state_of(sessions, priyas_item) == before
    assert fake_slack.calls_to("chat.update") == []
    assert "Priya's secret" not in shown([fake_slack.messages(), fake_slack.responses])
    assert pending(sessions) == queued


@pytest.mark.parametrize("action_id", [Action.ITEM_BLOCKED, Action.ITEM_EDIT])
def test_nobody_else_can_open_the_modals(
    slack: SignedSlack, fake_slack: FakeSlack, seeded: Seeded, action_id: str
) -> None:
    add_people(fake_slack)
    value = encode(ItemRef(item_id=seeded.plan))
    listed = dm_list(slack, fake_slack, MANAGER)

    slack.click(OUTSIDER, action_id, value, message=listed)

    assert REFUSAL in last_response(fake_slack)["text"]
    assert fake_slack.calls_to("views.open") == []


@pytest.mark.parametrize("intruder", [OUTSIDER, EMPLOYEE])
def test_a_crafted_modal_for_someone_elses_item_is_refused_and_nothing_changes(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, priyas_item: int, intruder: str
) -> None:
    before = state_of(sessions, priyas_item)
    seen = {user: len(dms(fake_slack, user)) for user in (intruder, PRIYA, MANAGER)}

    blocked = slack.submit_view(intruder, crafted_view(Callback.ITEM_BLOCKED, priyas_item), reason_values("Mine now"))
    edited = slack.submit_view(intruder, crafted_view(Callback.ITEM_EDIT, priyas_item), edit_values("Mine", None))
    blank = slack.submit_view(intruder, crafted_view(Callback.ITEM_BLOCKED, priyas_item), reason_values(""))

    for response in (blocked, edited, blank):
        assert response.status == 200
        assert "errors" not in (response.body or "")
    refusals = dms(fake_slack, intruder)[seen[intruder] :]
    assert len(refusals) == 3
    assert all(REFUSAL in m["text"] for m in refusals)
    assert state_of(sessions, priyas_item) == before
    assert "Priya's secret" not in shown([fake_slack.messages(), fake_slack.responses])
    assert len(dms(fake_slack, PRIYA)) == seen[PRIYA]
    assert len(dms(fake_slack, MANAGER)) == seen[MANAGER]


def test_a_tampered_value_is_called_out_of_date(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, seeded: Seeded
) -> None:
    listed = dm_list(slack, fake_slack, EMPLOYEE)

    slack.click(EMPLOYEE, Action.ITEM_DONE, '{"item_id":"1; drop"}', message=listed)

    assert "out of date" in last_response(fake_slack)["text"]
    assert state_of(sessions, seeded.plan)[0] is ItemStatus.OPEN


def test_an_item_that_is_gone_says_so(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, seeded: Seeded
) -> None:
    listed = dm_list(slack, fake_slack, EMPLOYEE)
    with sessions.begin() as session:
        session.delete(session.get(ActionItem, seeded.plan))

    slack.click(EMPLOYEE, Action.ITEM_DONE, value_for(listed["blocks"], seeded.plan), message=listed)

    assert "no longer exists" in last_response(fake_slack)["text"]


def test_a_notice_about_a_deleted_item_is_skipped(
    sessions: SessionFactory, seeded: Seeded, relay: Relay, clock: FakeClock
) -> None:
    # Queued but not yet sent (say, outside working hours) when the item goes away.
    with sessions.begin() as session:
        change_status(
            session, team_id=TEAM_ID, item_id=seeded.plan, slack_user_id=EMPLOYEE, to=ItemStatus.DONE, now=clock.now
        )
    with sessions.begin() as session:
        session.delete(session.get(ActionItem, seeded.plan))

    relay.run_once(clock.now)

    with sessions.begin() as session:
        [notice] = [d for d in session.scalars(select(Delivery)) if d.payload.get("template") == "item_done"]
        assert notice.state is DeliveryState.CANCELLED
        assert "deleted" in (notice.last_error or "")


# --- A stale list ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("closer", "closing", "pressed", "said"),
    [
        (MANAGER, Action.ITEM_DONE, Action.ITEM_STILL_ON_IT, "already marked done by mira on Mon 23 Nov"),
        (MANAGER, Action.ITEM_DROP, Action.ITEM_DONE, "already dropped by mira on Mon 23 Nov"),
        (EMPLOYEE, Action.ITEM_DONE, Action.ITEM_DROP, "already marked done by you on Mon 23 Nov"),
    ],
)
def test_a_button_on_a_stale_list_never_reopens_or_recloses_a_settled_item(
    slack: SignedSlack,
    fake_slack: FakeSlack,
    sessions: SessionFactory,
    seeded: Seeded,
    closer: str,
    closing: str,
    pressed: str,
    said: str,
) -> None:
    stale = dm_list(slack, fake_slack, EMPLOYEE)
    fresh = dm_list(slack, fake_slack, closer)
    slack.click(closer, closing, value_for(fresh["blocks"], seeded.plan, closing), message=fresh)
    before = state_of(sessions, seeded.plan)
    manager_dms = len(dms(fake_slack, MANAGER))

    response = slack.click(EMPLOYEE, pressed, value_for(stale["blocks"], seeded.plan, pressed), message=stale)

    assert response.status == 200
    assert state_of(sessions, seeded.plan) == before  # still closed, no history added
    assert len(dms(fake_slack, MANAGER)) == manager_dms  # nobody is told of a change that didn't happen
    refusal = last_response(fake_slack)
    assert said in refusal["text"]
    assert "so I left it as it is" in refusal["text"]
    (refreshed,) = [m for m in dms(fake_slack, EMPLOYEE) if m["ts"] == stale["ts"]]
    assert refreshed["updated"]  # the stale list is redrawn
    assert "Draft a learning plan" not in shown(refreshed["blocks"])


def test_blocked_on_a_closed_item_opens_no_form_and_a_form_left_open_is_refused_on_the_field(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, seeded: Seeded
) -> None:
    stale = dm_list(slack, fake_slack, EMPLOYEE)
    slack.click(
        EMPLOYEE, Action.ITEM_BLOCKED, value_for(stale["blocks"], seeded.plan, Action.ITEM_BLOCKED), message=stale
    )
    form = fake_slack.last_view()
    change_status_as(sessions, seeded.plan, MANAGER, ItemStatus.DONE)
    before = state_of(sessions, seeded.plan)

    response = slack.submit_view(EMPLOYEE, form, {Block.ITEM_REASON: {Action.ITEM_REASON: plain_text("Waiting")}})
    slack.click(
        EMPLOYEE, Action.ITEM_BLOCKED, value_for(stale["blocks"], seeded.plan, Action.ITEM_BLOCKED), message=stale
    )

    assert "already marked done by mira" in errors_of(response)[Block.ITEM_REASON]
    assert state_of(sessions, seeded.plan) == before
    assert len(fake_slack.calls_to("views.open")) == 1
    assert "already marked done by mira" in last_response(fake_slack)["text"]


def change_status_as(sessions: SessionFactory, item_id: int, user: str, to: ItemStatus) -> None:
    with sessions.begin() as session:
        change_status(
            session, team_id=TEAM_ID, item_id=item_id, slack_user_id=user, to=to, now=datetime(2026, 11, 23, tzinfo=UTC)
        )


# --- When the other person hears of it -------------------------------------------------------------------------------


def test_the_refreshed_list_says_the_other_person_was_told(
    slack: SignedSlack, fake_slack: FakeSlack, seeded: Seeded
) -> None:
    listed = dm_list(slack, fake_slack, EMPLOYEE)  # Monday 09:00 in New York: Mira is working

    slack.click(EMPLOYEE, Action.ITEM_DONE, value_for(listed["blocks"], seeded.plan), message=listed)

    assert f"I've let <@{MANAGER}> know." in shown(dms(fake_slack, EMPLOYEE)[-1]["blocks"])


def test_a_change_made_after_the_other_persons_hours_says_when_they_hear_of_it(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, seeded: Seeded, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 23, 23, 30, tzinfo=UTC))  # 18:30 in New York, 00:30 on Tuesday in Berlin
    listed = dm_list(slack, fake_slack, EMPLOYEE)
    slack.click(
        EMPLOYEE, Action.ITEM_BLOCKED, value_for(listed["blocks"], seeded.plan, Action.ITEM_BLOCKED), message=listed
    )
    reason = {Block.ITEM_REASON: {Action.ITEM_REASON: plain_text("Waiting for the rota")}}

    slack.submit_view(EMPLOYEE, fake_slack.last_view(), reason)

    refreshed = shown(dms(fake_slack, EMPLOYEE)[-1]["blocks"])
    assert f"<@{MANAGER}> hears about it at 09:00 their time on Tue 24 Nov (Tue 24 Nov, 15:00 yours)." in refreshed
    assert "I've let" not in refreshed
    assert pending(sessions)  # the notice waits for Mira's morning


def test_still_on_it_is_news_to_nobody_and_says_nothing_about_telling(
    slack: SignedSlack, fake_slack: FakeSlack, seeded: Seeded
) -> None:
    listed = dm_list(slack, fake_slack, EMPLOYEE)

    slack.click(
        EMPLOYEE,
        Action.ITEM_STILL_ON_IT,
        value_for(listed["blocks"], seeded.plan, Action.ITEM_STILL_ON_IT),
        message=listed,
    )

    refreshed = shown(dms(fake_slack, EMPLOYEE)[-1]["blocks"])
    assert "know." not in refreshed
    assert "hears about it" not in refreshed
