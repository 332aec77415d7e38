"""The meeting request builders: Slack's limits, ids, prefill, escaping, times in the reader's zone,
and button values that decode to the request."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from slack_sdk.models.views import View

from bot.domain.meeting_request import MESSAGE_MAX
from bot.domain.meeting_request_draft import RequestDraft, default_message
from bot.slack.blocks.common import MESSAGE_MAX_BLOCKS, Message
from bot.slack.blocks.request import (
    counter_accepted,
    manager_countered,
    manager_replaced,
    manager_request,
    request_accepted,
    request_agreed,
    request_countered,
    request_sent,
    request_unavailable,
    short_local,
)
from bot.slack.forms.request import counter_modal, request_modal
from bot.slack.ids import Action, Block, Callback
from bot.slack.values import RequestRef, decode
from tests.support.blockkit_checks import check_message, check_view
from tests.support.payloads import Json, all_text, buttons, walk

# Thursday 26 November 2026, 09:00 UTC: 10:00 in Berlin, 04:00 in New York, 18:00 in Tokyo.
PROPOSED = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
# Friday 27 November 2026, 16:00 UTC: 11:00 in New York, 17:00 in Berlin.
COUNTER = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
HOSTILE = "Hi <!channel> & <@U0BOSS>, see <https://evil.example|this>\nsecond line"
DRAFT = RequestDraft(
    manager_user_id="U0MANAGER",
    manager_name="Mira Chen",
    tz="Europe/Berlin",
    message=default_message("Mira Chen"),
    slot_local=datetime(2026, 11, 26, 10, 0),
)


def inputs(view: Json) -> dict[str, Json]:
    return {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}


def dm(message: str = HOSTILE, tz: str = "America/New_York") -> Message:
    return manager_request(
        request_id=42,
        employee_user_id="U0EMPLOYEE",
        employee_name="Ana Silva",
        message=message,
        proposed_at=PROPOSED,
        length_minutes=30,
        manager_tz=tz,
    )


MESSAGES: dict[str, Message] = {
    "manager-request": dm(),
    "manager-request-longest": dm("x" * MESSAGE_MAX),
    "manager-request-all-ampersands": dm("&" * MESSAGE_MAX),
    "manager-request-all-newlines": dm("a\n" * (MESSAGE_MAX // 2)),
    "agreed": request_agreed(other_user_id="U0EMPLOYEE", at=PROPOSED, tz="America/New_York", length_minutes=30),
    "manager-countered": manager_countered(
        employee_user_id="U0EMPLOYEE", proposed_at=PROPOSED, counter_at=COUNTER, tz="America/New_York"
    ),
    "manager-replaced": manager_replaced(employee_user_id="U0EMPLOYEE"),
    "sent": request_sent(manager_user_id="U0MANAGER", proposed_at=PROPOSED, tz="Europe/Berlin", length_minutes=30),
    "sent-waiting": request_sent(
        manager_user_id="U0MANAGER",
        proposed_at=PROPOSED,
        tz="Europe/Berlin",
        length_minutes=30,
        manager_confirmed=False,
    ),
    "accepted": request_accepted(manager_user_id="U0MANAGER", at=PROPOSED, tz="Europe/Berlin"),
    "countered": request_countered(
        request_id=42, manager_user_id="U0MANAGER", proposed_at=PROPOSED, counter_at=COUNTER, tz="Europe/Berlin"
    ),
    "counter-accepted": counter_accepted(employee_user_id="U0EMPLOYEE", at=COUNTER, tz="America/New_York"),
    "unavailable": request_unavailable("Mira Chen is no longer in this workspace."),
}

VIEWS: dict[str, View] = {
    "request": request_modal(DRAFT),
    "counter": counter_modal(request_id=42, employee_user_id="U0EMPLOYEE", proposed_at=PROPOSED, tz="America/New_York"),
}


@pytest.mark.parametrize("name", list(MESSAGES))
def test_every_message_is_valid_block_kit(name: str) -> None:
    kwargs = MESSAGES[name].as_kwargs()

    assert set(kwargs) == {"text", "blocks"}
    assert kwargs["text"]
    assert 0 < len(kwargs["blocks"]) <= MESSAGE_MAX_BLOCKS
    assert check_message(kwargs["text"], kwargs["blocks"]) == []
    json.dumps(kwargs)


@pytest.mark.parametrize("name", list(VIEWS))
def test_every_view_is_valid_block_kit_with_short_titles(name: str) -> None:
    view = VIEWS[name].to_dict()

    assert check_view(view, expected_type="modal") == []
    assert len(view["title"]["text"]) <= 24
    assert len(view["submit"]["text"]) <= 24
    json.dumps(view)


def test_every_id_comes_from_bot_slack_ids() -> None:
    payloads: list[object] = [m.as_kwargs()["blocks"] for m in MESSAGES.values()]
    payloads += [v.to_dict() for v in VIEWS.values()]

    action_ids = {d["action_id"] for p in payloads for d in walk(p) if "action_id" in d}
    block_ids = {d["block_id"] for p in payloads for d in walk(p) if "block_id" in d}
    callback_ids = {d["callback_id"] for p in payloads for d in walk(p) if "callback_id" in d}

    assert action_ids <= {a.value for a in Action}
    assert block_ids <= {b.value for b in Block}
    assert callback_ids == {Callback.REQUEST_FORM.value, Callback.REQUEST_COUNTER.value}


# --- The employee's form --------------------------------------------------------------------------------------------


def test_request_modal_prefills_the_draft_and_a_slot_in_the_employees_zone() -> None:
    view = VIEWS["request"].to_dict()
    elements = inputs(view)

    assert view["callback_id"] == Callback.REQUEST_FORM
    assert list(elements) == [Block.REQUEST_MESSAGE, Block.REQUEST_DATE, Block.REQUEST_TIME]
    message = elements[Block.REQUEST_MESSAGE]
    assert (message["type"], message["action_id"], message["multiline"]) == (
        "plain_text_input",
        Action.REQUEST_MESSAGE,
        True,
    )
    assert message["initial_value"] == default_message("Mira Chen")
    assert message["max_length"] == MESSAGE_MAX
    assert elements[Block.REQUEST_DATE]["initial_date"] == "2026-11-26"
    assert elements[Block.REQUEST_TIME]["initial_time"] == "10:00"
    assert elements[Block.REQUEST_TIME]["timezone"] == "Europe/Berlin"
    text = all_text(view)
    assert "<@U0MANAGER>" in text
    assert "direct message" in text  # what happens on send


# --- The manager's DM -----------------------------------------------------------------------------------------------


def test_the_managers_dm_quotes_the_message_escaped() -> None:
    blocks = MESSAGES["manager-request"].as_kwargs()["blocks"]
    text = all_text(blocks)

    assert "&lt;!channel&gt;" in text
    assert "&lt;@U0BOSS&gt;" in text
    assert "&lt;https://evil.example|this&gt;" in text
    assert "<!channel>" not in text
    assert "<@U0BOSS>" not in text
    assert ">second line" in text  # every line stays inside the quote
    assert blocks[0]["type"] == "header"
    assert "Ana Silva" in blocks[0]["text"]["text"]


def test_the_managers_dm_shows_the_time_in_their_zone_with_two_buttons() -> None:
    kwargs = MESSAGES["manager-request"].as_kwargs()
    found = buttons(kwargs["blocks"])

    assert "Thu 26 Nov 2026, 04:00 (America/New_York)" in all_text(kwargs["blocks"])
    assert "30 minutes" in all_text(kwargs["blocks"])
    assert set(found) == {Action.REQUEST_ACCEPT, Action.REQUEST_PROPOSE}
    assert found[Action.REQUEST_ACCEPT]["text"]["text"] == "Accept Thu 26 Nov, 04:00"
    assert found[Action.REQUEST_ACCEPT]["style"] == "primary"
    assert found[Action.REQUEST_PROPOSE]["text"]["text"] == "Propose another time"
    for button in found.values():
        assert decode(RequestRef, button["value"]) == RequestRef(request_id=42)
    assert "not a performance review or pay" in all_text(kwargs["blocks"])
    # In Tokyo the same instant is 18:00.
    assert "18:00 (Asia/Tokyo)" in all_text(dm(tz="Asia/Tokyo").as_kwargs()["blocks"])


def quote_of(message: Message) -> list[str]:
    """The quoted sections of a manager's DM (without the "wrote:" introduction)."""
    sections = [b["text"]["text"] for b in message.as_kwargs()["blocks"] if b["type"] == "section"]
    return [sections[0].split("wrote:\n", 1)[1], *sections[1:-1]]


@pytest.mark.parametrize(
    ("name", "letter", "count"),
    [("manager-request-longest", "x", MESSAGE_MAX), ("manager-request-all-newlines", "a", MESSAGE_MAX // 2)],
)
def test_the_longest_ordinary_message_is_shown_whole_over_several_sections(name: str, letter: str, count: int) -> None:
    quote = quote_of(MESSAGES[name])

    assert len(quote) > 1
    assert all(chunk.startswith(">") and len(chunk) <= 2900 for chunk in quote)
    assert "".join(quote).count(letter) == count
    assert "…" not in "".join(quote)


def test_a_message_that_escaping_blows_up_is_clipped_after_escaping_never_mid_entity() -> None:
    quote = quote_of(MESSAGES["manager-request-all-ampersands"])
    joined = "".join(quote)

    assert len(quote) == 3
    assert all(chunk.startswith(">") and len(chunk) <= 2900 for chunk in quote)
    assert quote[-1].endswith("…")
    assert joined.count("&") == joined.count("&amp;")  # every entity is whole


def test_the_employees_name_is_escaped_in_the_fallback_text() -> None:
    message = manager_request(
        request_id=1,
        employee_user_id="U0EMPLOYEE",
        employee_name="Ana <!here>",
        message="Hello",
        proposed_at=PROPOSED,
        length_minutes=30,
        manager_tz="UTC",
    )

    assert "<!here>" not in message.as_kwargs()["text"]
    assert "Ana &lt;!here&gt;" in message.as_kwargs()["text"]


def test_counter_modal_is_prefilled_with_the_proposal_in_the_managers_zone() -> None:
    view = VIEWS["counter"].to_dict()
    elements = inputs(view)

    assert view["callback_id"] == Callback.REQUEST_COUNTER
    assert decode(RequestRef, view["private_metadata"]) == RequestRef(request_id=42)
    assert elements[Block.REQUEST_DATE]["initial_date"] == "2026-11-26"
    assert elements[Block.REQUEST_TIME]["initial_time"] == "04:00"
    assert elements[Block.REQUEST_TIME]["timezone"] == "America/New_York"
    assert "Thu 26 Nov 2026, 04:00 (America/New_York)" in all_text(view)


def test_the_managers_answered_copies_have_no_buttons_and_use_their_zone() -> None:
    agreed = MESSAGES["agreed"].as_kwargs()
    countered = MESSAGES["manager-countered"].as_kwargs()

    assert buttons(agreed["blocks"]) == {} == buttons(countered["blocks"])
    assert "Thu 26 Nov 2026, 04:00 (America/New_York)" in agreed["text"]
    assert "Fri 27 Nov 2026, 11:00 (America/New_York)" in all_text(countered["blocks"])
    assert "Waiting for <@U0EMPLOYEE>" in all_text(countered["blocks"])
    assert "newer one" in MESSAGES["manager-replaced"].text


# --- The employee's notices -----------------------------------------------------------------------------------------


def test_the_employee_reads_times_in_their_own_zone() -> None:
    assert "Thu 26 Nov 2026, 10:00 (Europe/Berlin)" in MESSAGES["sent"].text
    assert "Thu 26 Nov 2026, 10:00 (Europe/Berlin)" in MESSAGES["accepted"].text
    countered = all_text(MESSAGES["countered"].as_kwargs()["blocks"])
    assert "Thu 26 Nov 2026, 10:00 (Europe/Berlin)" in countered
    assert "Fri 27 Nov 2026, 17:00 (Europe/Berlin)" in countered
    assert "Fri 27 Nov 2026, 11:00 (America/New_York)" in MESSAGES["counter-accepted"].text


def test_the_countered_notice_carries_an_accept_button_for_the_request() -> None:
    found = buttons(MESSAGES["countered"].as_kwargs()["blocks"])

    assert list(found) == [Action.REQUEST_ACCEPT]
    assert found[Action.REQUEST_ACCEPT]["text"]["text"] == "Accept Fri 27 Nov, 17:00"
    assert decode(RequestRef, found[Action.REQUEST_ACCEPT]["value"]) == RequestRef(request_id=42)


def test_the_unavailable_reply_offers_settings() -> None:
    assert list(buttons(MESSAGES["unavailable"].as_kwargs()["blocks"])) == [Action.OPEN_SETTINGS]


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        ("Europe/Berlin", "Thu 26 Nov, 10:00"),
        ("America/New_York", "Thu 26 Nov, 04:00"),
        ("Pacific/Kiritimati", "Thu 26 Nov, 23:00"),
    ],
)
def test_short_local(tz: str, expected: str) -> None:
    assert short_local(PROPOSED, tz) == expected


def test_a_request_waiting_for_the_managers_confirmation_says_so() -> None:
    text = MESSAGES["sent-waiting"].as_kwargs()["text"]

    assert "Your request is with" not in text
    assert "30 minutes on Thu 26 Nov 2026, 10:00 (Europe/Berlin)" in text
    assert "<@U0MANAGER> hasn't confirmed yet that they're your manager" in text
    assert "They get it as soon as they confirm" in text
