"""The action item builders: two parts with controls, Slack's limits for any number of items, escaping,
overdue dates, button values that decode to the item, the two modals and the notices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest

from bot.domain.item_views import ItemCard
from bot.domain.items import ITEM_TEXT_MAX, REASON_MAX, News
from bot.models import ItemStatus
from bot.slack.blocks.common import MESSAGE_MAX_BLOCKS, Message
from bot.slack.blocks.items import (
    MAX_SHOWN,
    checkin_conversation,
    checkin_surface,
    due_label,
    item_blocked_notice,
    item_done_notice,
    item_dropped_notice,
    items_message,
    told,
)
from bot.slack.forms.items import blocked_modal, edit_modal
from bot.slack.ids import Action, Block, Callback
from bot.slack.values import ItemRef, decode
from tests.support.blockkit_checks import check_message, check_view
from tests.support.payloads import Json, all_text

ME, BOSS, REPORT = "U0ANA", "U0MIRA", "U0LEO"
TODAY = date(2026, 11, 23)
HOSTILE = "Ping <!channel> & <@U0BOSS>, see <https://evil.example|this>"
CONTROLS = [Action.ITEM_DONE, Action.ITEM_STILL_ON_IT, Action.ITEM_BLOCKED, Action.ITEM_DROP, Action.ITEM_EDIT]


@dataclass(frozen=True)
class Lists:
    owned: tuple[ItemCard, ...] = ()
    owed_to_me: tuple[ItemCard, ...] = ()


def card(item_id: int, *, mine: bool = True, **kw: Any) -> ItemCard:
    fields: dict[str, Any] = {
        "text": f"Item number {item_id}",
        "due_date": None,
        "status": ItemStatus.OPEN,
        "owner_user_id": ME if mine else BOSS,
        "counterpart_user_id": BOSS if mine else ME,
    }
    return ItemCard(item_id=item_id, **(fields | kw))


def render(lists: Lists, **kw: Any) -> tuple[Message, list[Json]]:
    message = items_message(lists, viewer_slack_id=ME, tz="Europe/Berlin", today=TODAY, **kw)
    blocks = message.blocks_json()
    assert check_message(message.text, blocks) == []
    return message, blocks


def section_texts(blocks: list[Json]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == "section"]


def item_buttons(blocks: list[Json]) -> list[list[Json]]:
    return [b["elements"] for b in blocks if b["type"] == "actions"]


# --- The list ----------------------------------------------------------------------------------------------------


def test_both_parts_list_their_items_with_the_other_person_and_all_controls() -> None:
    lists = Lists(owned=(card(1, text="Write the design doc"),), owed_to_me=(card(2, mine=False, text="Intro to Leo"),))

    message, blocks = render(lists)

    texts = section_texts(blocks)
    assert texts[0] == "*Yours* (1)"
    assert texts[1].startswith("Write the design doc\n")
    assert f"for <@{BOSS}>" in texts[1]
    assert texts[2] == "*Owed to you* (1)"
    assert texts[3].startswith("Intro to Leo\n")
    assert f"owed by <@{BOSS}>" in texts[3]
    assert [[e["action_id"] for e in row] for row in item_buttons(blocks)] == [CONTROLS, CONTROLS]
    assert blocks[0]["type"] == "header"
    assert "1 yours, 1 owed to you" in message.text
    assert "Europe/Berlin" in all_text(blocks)


def test_only_the_parts_that_have_items_are_shown() -> None:
    _, blocks = render(Lists(owed_to_me=(card(2, mine=False),)))

    assert "Yours" not in all_text(blocks)
    assert "*Owed to you* (1)" in section_texts(blocks)
    assert not any(b["type"] == "divider" for b in blocks)


@pytest.mark.parametrize("surface", ["items", "checkin:17"])
def test_every_button_value_decodes_to_its_item_and_surface(surface: str) -> None:
    lists = Lists(owned=(card(5), card(6)), owed_to_me=(card(7, mine=False),))

    _, blocks = render(lists, surface=surface)

    for row, item_id in zip(item_buttons(blocks), (5, 6, 7), strict=True):
        for element in row:
            assert decode(ItemRef, element["value"]) == ItemRef(item_id=item_id, surface=surface)


def test_done_is_primary_and_drop_asks_first() -> None:
    _, blocks = render(Lists(owned=(card(1),)))
    buttons = {e["action_id"]: e for e in item_buttons(blocks)[0]}

    assert buttons[Action.ITEM_DONE]["style"] == "primary"
    confirm = buttons[Action.ITEM_DROP]["confirm"]
    assert confirm["style"] == "danger"
    assert confirm["text"]["type"] == "plain_text"
    assert {confirm["confirm"]["text"], confirm["deny"]["text"]} == {"Drop it", "Keep it"}


@pytest.mark.parametrize(
    ("due", "expected", "not_expected"),
    [
        (date(2026, 11, 20), "*overdue* (was due Fri 20 Nov 2026)", "due today"),
        (TODAY, "*due today*", "overdue"),
        (date(2026, 12, 3), "due Thu 3 Dec 2026", "overdue"),
        (None, "no due date", "overdue"),
    ],
)
def test_due_dates_say_when_they_are_overdue(due: date | None, expected: str, not_expected: str) -> None:
    _, blocks = render(Lists(owned=(card(1, due_date=due),)))

    assert expected in section_texts(blocks)[1]
    assert not_expected not in section_texts(blocks)[1]
    assert due_label(due, TODAY) in section_texts(blocks)[1]


def test_status_and_the_reason_it_is_blocked_are_shown() -> None:
    lists = Lists(
        owned=(
            card(1, status=ItemStatus.IN_PROGRESS),
            card(2, status=ItemStatus.BLOCKED, blocked_reason="Waiting on <!here> budget"),
        )
    )

    _, blocks = render(lists)

    texts = section_texts(blocks)
    assert "In progress" in texts[1]
    assert "Blocked: Waiting on &lt;!here&gt; budget" in texts[2]


def test_user_text_is_escaped_and_clipped() -> None:
    lists = Lists(owned=(card(1, text=HOSTILE), card(2, text="&" * ITEM_TEXT_MAX)))

    _, blocks = render(lists)

    shown = all_text(blocks)
    assert "<!channel>" not in shown
    assert "<https://evil" not in shown
    assert "&lt;!channel&gt; &amp; &lt;@U0BOSS&gt;" in shown
    ampersands = section_texts(blocks)[2].split("\n")[0]
    assert ampersands.endswith("…")
    assert len(ampersands) <= 300


@pytest.mark.parametrize(("owned", "owed"), [(60, 0), (0, 60), (30, 30), (55, 5), (3, 57)])
def test_any_number_of_items_stays_within_slacks_limits(owned: int, owed: int) -> None:
    reason = "<&>" * REASON_MAX
    long_text = "&<" * ITEM_TEXT_MAX
    lists = Lists(
        owned=tuple(card(i, text=long_text, status=ItemStatus.BLOCKED, blocked_reason=reason) for i in range(owned)),
        owed_to_me=tuple(card(100 + i, mine=False, text=long_text, due_date=TODAY) for i in range(owed)),
    )

    message, blocks = render(lists)

    assert len(blocks) <= MESSAGE_MAX_BLOCKS
    shown = len(item_buttons(blocks))
    assert shown == min(owned + owed, MAX_SHOWN)
    more = [int(t.split()[1]) for t in all_text(blocks).split("\n") if t.startswith("…and ")]
    assert sum(more) == owned + owed - shown
    message.as_kwargs()  # the models' own checks pass too


def test_a_short_list_next_to_a_long_one_is_shown_whole() -> None:
    lists = Lists(
        owned=tuple(card(i) for i in range(3)), owed_to_me=tuple(card(100 + i, mine=False) for i in range(40))
    )

    _, blocks = render(lists)

    ids = [decode(ItemRef, row[0]["value"]).item_id for row in item_buttons(blocks)]
    assert ids[:3] == [0, 1, 2]
    assert len(ids) == MAX_SHOWN


def test_empty_lists_say_so() -> None:
    message, blocks = render(Lists())
    assert "Nothing open right now" in all_text(blocks)
    assert item_buttons(blocks) == []
    assert message.text == "No open action items"

    _, checkin = render(Lists(), surface=checkin_surface(4))
    assert "Nothing from this conversation is left open" in all_text(checkin)


def test_a_checkin_has_its_own_title_and_a_caller_may_set_one() -> None:
    _, checkin = render(Lists(owned=(card(1),)), surface=checkin_surface(4))
    _, custom = render(Lists(owned=(card(1),)), title="From your 1:1 on Tuesday")

    assert checkin[0]["text"]["text"] == "Checking in on your action items"
    assert custom[0]["text"]["text"] == "From your 1:1 on Tuesday"


@pytest.mark.parametrize(
    ("surface", "conversation_id"),
    [("checkin:12", 12), ("items", None), ("checkin:", None), ("checkin:-3", None), ("checkin:x", None)],
)
def test_checkin_surfaces_name_their_conversation(surface: str, conversation_id: int | None) -> None:
    assert checkin_conversation(surface) == conversation_id


# --- Modals --------------------------------------------------------------------------------------------------------


def test_the_blocked_modal_asks_for_a_reason_and_carries_its_origin() -> None:
    ref = ItemRef(item_id=9, surface="checkin:3", channel="D0ANA", ts="1700000000.000100")

    view = blocked_modal(ref=ref, text=HOSTILE, other_user_id=BOSS).to_dict()

    assert check_view(view) == []
    assert view["callback_id"] == Callback.ITEM_BLOCKED
    assert decode(ItemRef, view["private_metadata"]) == ref
    [field] = [b for b in view["blocks"] if b["type"] == "input"]
    assert field["block_id"] == Block.ITEM_REASON
    assert field["element"]["action_id"] == Action.ITEM_REASON
    assert field["element"]["max_length"] == REASON_MAX
    assert "<!channel>" not in all_text(view)
    assert f"<@{BOSS}>" in all_text(view)


def test_the_edit_modal_is_prefilled() -> None:
    ref = ItemRef(item_id=9, response_url="https://hooks.slack.com/actions/T/1/abc")

    view = edit_modal(ref=ref, text="Book the training", due=date(2026, 12, 3), tz="Asia/Kolkata").to_dict()

    assert check_view(view) == []
    assert view["callback_id"] == Callback.ITEM_EDIT
    assert decode(ItemRef, view["private_metadata"]) == ref
    fields = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert fields[Block.ITEM_TEXT]["element"]["initial_value"] == "Book the training"
    assert fields[Block.ITEM_TEXT]["element"]["max_length"] == ITEM_TEXT_MAX
    assert fields[Block.ITEM_DUE]["element"]["initial_date"] == "2026-12-03"
    assert fields[Block.ITEM_DUE]["optional"] is True
    assert "Asia/Kolkata" in fields[Block.ITEM_DUE]["hint"]["text"]

    undated = edit_modal(ref=ref, text="x", due=None, tz="UTC").to_dict()
    assert "initial_date" not in next(b for b in undated["blocks"] if b["block_id"] == Block.ITEM_DUE)["element"]


# --- Notices -------------------------------------------------------------------------------------------------------


def test_the_blocked_notice_gives_the_reason_escaped() -> None:
    message = item_blocked_notice(actor_user_id=REPORT, text="Draft the plan", reason=HOSTILE, yours=False)

    blocks = message.blocks_json()
    assert check_message(message.text, blocks) == []
    shown = all_text(blocks)
    assert f"<@{REPORT}> marked their action item as blocked" in shown
    assert ">Draft the plan" in shown
    assert "&lt;!channel&gt;" in shown
    assert "<!channel>" not in shown
    assert [e["action_id"] for row in item_buttons(blocks) for e in row] == [Action.OPEN_ITEMS]


@pytest.mark.parametrize(
    ("build", "words"),
    [(item_done_notice, "marked your action item as done"), (item_dropped_notice, "dropped your action item")],
)
def test_done_and_dropped_notices(build: Any, words: str) -> None:
    message = build(actor_user_id=BOSS, text="&" * ITEM_TEXT_MAX, yours=True)

    blocks = message.blocks_json()
    assert check_message(message.text, blocks) == []
    assert f"<@{BOSS}> {words}" in message.text


NOW = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("arrives", "said"),
    [
        (NOW, ":incoming_envelope: I've let <@UMIRA> know."),
        (
            datetime(2026, 11, 24, 14, 0, tzinfo=UTC),
            ":incoming_envelope: <@UMIRA> hears about it at 09:00 their time on Tue 24 Nov (Tue 24 Nov, 15:00 yours).",
        ),
        (None, ":incoming_envelope: <@UMIRA> is away; I'll let them know when they're back."),
    ],
)
def test_the_note_says_when_the_other_person_hears_of_a_change(arrives: datetime | None, said: str) -> None:
    assert told(News("UMIRA", "America/New_York", arrives), now=NOW, reader_tz="Europe/Berlin") == said
