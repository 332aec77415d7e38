"""The recap builders and parser as pure functions: the modal (rows, owners, dates, carried items, metadata,
limits), the manager's thank-you recap and the employee's confirmation (owners, dates, escaping, limits),
reading the submitted state back, and the rule's previous occurrence."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.calendar.recurrence import occurrences_after, previous_occurrence, rule_for
from bot.domain.items import ITEM_TEXT_MAX
from bot.domain.recap_input import F_FEEDBACK, F_TAKEAWAYS, MAX_ROWS, TAKEAWAYS_MAX, Owner, RecapInput, RecapRow
from bot.models.series import Cadence
from bot.slack.blocks.common import Message
from bot.slack.blocks.recap import ItemLine, manager_recap, recap_saved
from bot.slack.forms.recap import CARRIED_SHOWN, MET, CarriedChoice, RecapForm, block_for, recap_form, recap_input
from bot.slack.forms.recap import SKIPPED as SKIPPED_VALUE
from bot.slack.ids import Action, Block, Callback
from bot.slack.ids import recap_row_block as row_block
from bot.slack.values import RecapRef, decode
from tests.support.blockkit_checks import MAX_VIEW_BLOCKS, check_message, check_view
from tests.support.signed import datepicker, plain_text, static_select

Json = dict[str, Any]

# Tue 8 Dec 2026, 14:30 UTC: 15:30 in Berlin, 09:30 in New York.
MEETING = datetime(2026, 12, 8, 14, 30, tzinfo=UTC)
CHECK_IN = datetime(2026, 12, 29, 15, 10, tzinfo=UTC)
EMPLOYEE, MANAGER = "UANA", "UMIRA"
FORM = RecapForm(
    conversation_id=42,
    scheduled_at=MEETING,
    tz="Europe/Berlin",
    manager_user_id=MANAGER,
    manager_name="Mira Chen",
)
ROWS = (
    RecapRow("Ask the platform lead about shadowing on-call", Owner.ME, date(2026, 12, 18), 11),
    RecapRow("Introduce Ana to the product director", Owner.MANAGER, date(2026, 12, 15), 12),
    RecapRow("Read the career ladder", Owner.ME, None, 13),
)


def view_of(form: RecapForm) -> Json:
    return recap_form(form).to_dict()


def blocks_by_id(view: Json) -> dict[str, Json]:
    return {b["block_id"]: b for b in view["blocks"] if "block_id" in b}


def row_count(view: Json) -> int:
    return sum(1 for b in view["blocks"] if re.fullmatch(r"recap_row_\d+_text", b.get("block_id", "")))


def add_buttons(view: Json) -> list[Json]:
    return [
        e
        for b in view["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == Action.RECAP_ADD_ROW
    ]


def all_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# -- recap_form --------------------------------------------------------------------------------------


def test_a_new_recap_form_has_three_empty_rows_and_an_add_button() -> None:
    view = view_of(FORM)

    assert check_view(view, expected_type="modal") == []
    assert (view["callback_id"], view["title"]["text"], view["submit"]["text"]) == (
        Callback.RECAP_FORM,
        "Recap your 1:1",
        "Save recap",
    )
    assert row_count(view) == 3
    by_id = blocks_by_id(view)
    for index in range(3):
        text, owner, due = (by_id[row_block(index, part)] for part in ("text", "owner", "due"))
        assert (text["optional"], owner["optional"], due["optional"]) == (True, True, True)
        assert text["element"]["action_id"] == Action.RECAP_ITEM_TEXT
        assert text["element"]["max_length"] == ITEM_TEXT_MAX
        assert "initial_value" not in text["element"]
        assert owner["element"]["initial_option"]["value"] == Owner.ME
        assert "initial_date" not in due["element"]
    [button] = add_buttons(view)
    assert button["value"] == "add"
    assert "Recap of your 1:1 with <@UMIRA>* on Tue 8 Dec 2026, 15:30 (Europe/Berlin)" in all_text(view)
    assert "Write it while it's fresh" in all_text(view)
    assert Block.RECAP_CLOSE_CARRIED not in by_id


@pytest.mark.parametrize(
    ("wanted", "shown"),
    [(0, 1), (1, 1), (3, 3), (4, 4), (MAX_ROWS - 1, MAX_ROWS - 1), (MAX_ROWS, MAX_ROWS), (99, MAX_ROWS)],
)
def test_the_form_grows_to_row_count_but_never_beyond_max_rows(wanted: int, shown: int) -> None:
    view = view_of(replace(FORM, row_count=wanted))

    assert row_count(view) == shown
    assert len(add_buttons(view)) == (1 if shown < MAX_ROWS else 0)
    assert check_view(view) == []


def test_saved_rows_beyond_row_count_are_all_shown() -> None:
    rows = (*ROWS, RecapRow("A fourth one", Owner.MANAGER, None, 14))

    assert row_count(view_of(replace(FORM, rows=rows, row_count=3))) == 4
    assert row_count(view_of(replace(FORM, rows=rows * 4))) == MAX_ROWS


def test_rows_owners_and_dates_are_prefilled() -> None:
    rows = (*ROWS, RecapRow("", Owner.MANAGER))
    view = view_of(replace(FORM, rows=rows, row_count=5, editing=True))
    by_id = blocks_by_id(view)

    for index, row in enumerate(rows):
        text = by_id[row_block(index, "text")]["element"]
        owner = by_id[row_block(index, "owner")]["element"]
        due = by_id[row_block(index, "due")]["element"]
        assert text.get("initial_value") == (row.text or None)
        assert owner["initial_option"]["value"] == row.owner.value
        assert [o["value"] for o in owner["options"]] == [Owner.ME, Owner.MANAGER]
        assert [o["text"]["text"] for o in owner["options"]] == ["Me", "Mira Chen"]
        assert due.get("initial_date") == (row.due.isoformat() if row.due else None)
    assert row_count(view) == 5
    assert "initial_value" not in by_id[row_block(4, "text")]["element"]
    assert "You're editing a saved recap" in all_text(view)


def test_takeaways_and_feedback_are_prefilled_as_typed() -> None:
    typed = "Ship <the> *thing* & tell <!channel>"
    view = view_of(replace(FORM, takeaways=typed, feedback="Speak up earlier"))
    by_id = blocks_by_id(view)

    takeaways = by_id[Block.RECAP_TAKEAWAYS]["element"]
    assert (takeaways["initial_value"], takeaways["multiline"], takeaways["max_length"]) == (typed, True, TAKEAWAYS_MAX)
    assert by_id[Block.RECAP_FEEDBACK]["element"]["initial_value"] == "Speak up earlier"
    assert "initial_value" not in blocks_by_id(view_of(FORM))[Block.RECAP_TAKEAWAYS]["element"]


@pytest.mark.parametrize(("met", "chosen"), [(True, MET), (False, SKIPPED_VALUE)])
def test_the_met_radio_starts_on_what_was_chosen(met: bool, chosen: str) -> None:
    radio = blocks_by_id(view_of(replace(FORM, met=met)))[Block.RECAP_MET]

    assert radio.get("optional", False) is False
    assert radio["element"]["type"] == "radio_buttons"
    assert [o["value"] for o in radio["element"]["options"]] == [MET, SKIPPED_VALUE]
    assert radio["element"]["initial_option"]["value"] == chosen


def test_carried_items_show_at_most_ten_with_those_being_closed_ticked() -> None:
    carried = tuple(CarriedChoice(100 + n, f"Carried item {n}", "Mira Chen") for n in range(12))
    closing = frozenset({101, 105, 111})  # 111 is the twelfth, not shown

    block = blocks_by_id(view_of(replace(FORM, carried=carried, closing=closing)))[Block.RECAP_CLOSE_CARRIED]

    element = block["element"]
    assert (block["optional"], element["type"], element["action_id"]) == (
        True,
        "checkboxes",
        Action.RECAP_CLOSE_CARRIED,
    )
    assert [o["value"] for o in element["options"]] == [str(100 + n) for n in range(CARRIED_SHOWN)]
    assert element["options"][0]["description"]["text"] == "Owner: Mira Chen"
    assert [o["value"] for o in element["initial_options"]] == ["101", "105"]
    unticked = blocks_by_id(view_of(replace(FORM, carried=carried)))[Block.RECAP_CLOSE_CARRIED]
    assert "initial_options" not in unticked["element"]


def test_private_metadata_names_the_conversation_and_each_rows_item() -> None:
    rows = (ROWS[0], RecapRow("New row", Owner.ME), ROWS[2])
    ref = decode(RecapRef, view_of(replace(FORM, rows=rows, row_count=4))["private_metadata"])

    assert ref == RecapRef(conversation_id=42, item_ids=[11, None, 13])
    assert decode(RecapRef, view_of(FORM)["private_metadata"]) == RecapRef(conversation_id=42, item_ids=[])
    many = tuple(RecapRow(f"Row {n}", Owner.ME, None, n) for n in range(15))
    assert decode(RecapRef, view_of(replace(FORM, rows=many))["private_metadata"]).item_ids == list(range(MAX_ROWS))


def test_a_full_form_with_long_texts_stays_within_slacks_limits() -> None:
    rows = tuple(
        RecapRow(("<&>" * 200)[:ITEM_TEXT_MAX], Owner.MANAGER if n % 2 else Owner.ME, date(2027, 1, n + 1), 1000 + n)
        for n in range(MAX_ROWS)
    )
    carried = tuple(CarriedChoice(n, "c" * ITEM_TEXT_MAX, "A very long display name " * 10) for n in range(15))
    form = replace(
        FORM,
        manager_name="Mira " * 40,
        takeaways="&" * TAKEAWAYS_MAX,
        feedback="f\n" * (TAKEAWAYS_MAX // 2),
        rows=rows,
        row_count=MAX_ROWS,
        carried=carried,
        closing=frozenset(range(15)),
        editing=True,
    )

    view = view_of(form)

    assert check_view(view, expected_type="modal") == []
    assert len(view["blocks"]) <= MAX_VIEW_BLOCKS
    assert row_count(view) == MAX_ROWS
    assert add_buttons(view) == []
    assert len(view["private_metadata"]) <= 3000


# -- manager_recap and recap_saved -------------------------------------------------------------------


ITEMS = [
    ItemLine("Ask the platform lead about shadowing on-call", EMPLOYEE, date(2026, 12, 18)),
    ItemLine("Introduce Ana to the product director", MANAGER, date(2026, 12, 15)),
    ItemLine("Read the career ladder", EMPLOYEE, None),
]


def recap_for_manager(**changes: Any) -> Message:
    args: dict[str, Any] = {
        "employee_user_id": EMPLOYEE,
        "employee_name": "Ana Silva",
        "manager_user_id": MANAGER,
        "scheduled_at": MEETING,
        "reader_tz": "America/New_York",
        "takeaways": "A move to product is realistic\nwithin a year",
        "feedback": "Speak up earlier in design reviews",
        "items": ITEMS,
        "check_in_on": CHECK_IN,
    }
    return manager_recap(**{**args, **changes})


def sections(message: Message) -> list[str]:
    return [b["text"]["text"] for b in message.as_kwargs()["blocks"] if b["type"] == "section"]


def test_the_managers_recap_splits_items_by_owner_with_their_dates() -> None:
    message = recap_for_manager()

    assert message.text == "Ana Silva sent a recap of your career conversation"
    takeaways, feedback, yours, theirs = sections(message)
    assert takeaways == "*Takeaways*\n>A move to product is realistic\n>within a year"
    assert feedback == "*Feedback <@UANA> heard*\n>Speak up earlier in design reviews"
    assert yours == "*What you'll do*\n• Introduce Ana to the product director — by Tue 15 Dec"
    assert theirs == (
        "*What <@UANA> will do*\n• Ask the platform lead about shadowing on-call — by Fri 18 Dec\n"
        "• Read the career ladder"
    )
    text = all_text(message.as_kwargs())
    assert "Tue 8 Dec 2026, 09:30 (America/New_York)" in text
    assert "I'll check in on what you agreed on Tue 29 Dec 2026, 10:10 (America/New_York)." in text
    assert Action.OPEN_ITEMS in text
    assert check_message(**message.as_kwargs()) == []


def test_a_recap_without_takeaways_feedback_items_or_check_in_says_so() -> None:
    message = recap_for_manager(takeaways="", feedback="", items=[], check_in_on=None)

    assert sections(message) == [
        "*What you'll do*\n_Nothing this time._",
        "*What <@UANA> will do*\n_Nothing this time._",
    ]
    assert "check in" not in all_text(message.as_kwargs())


def test_user_text_in_the_managers_recap_is_escaped() -> None:
    message = recap_for_manager(
        employee_name="Ana <@UBOSS> & co",
        takeaways="<!channel> & <https://evil.example|click>",
        feedback="<@UCEO> said so",
        items=[ItemLine("Ping <!here> & <#C123>", MANAGER, None)],
    )

    takeaways, feedback, yours, _ = sections(message)
    assert message.text == "Ana &lt;@UBOSS&gt; &amp; co sent a recap of your career conversation"
    assert takeaways == "*Takeaways*\n>&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;"
    assert feedback.endswith(">&lt;@UCEO&gt; said so")
    assert yours == "*What you'll do*\n• Ping &lt;!here&gt; &amp; &lt;#C123&gt;"


def no_broken_entities(text: str) -> bool:
    return re.search(r"&(?!amp;|lt;|gt;)", text) is None


@pytest.mark.parametrize("owners", [(EMPLOYEE, MANAGER), (EMPLOYEE,), (MANAGER,)])
def test_the_largest_recap_stays_within_slacks_limits(owners: tuple[str, ...]) -> None:
    items = [ItemLine("&" * ITEM_TEXT_MAX, owners[n % len(owners)], date(2027, 1, n + 1)) for n in range(MAX_ROWS)]
    message = recap_for_manager(
        employee_name="&" * 300, takeaways="&" * TAKEAWAYS_MAX, feedback="&\n" * (TAKEAWAYS_MAX // 2), items=items
    )

    kwargs = message.as_kwargs()
    assert check_message(**kwargs) == []
    assert all(no_broken_entities(s) for s in sections(message))
    confirmation = recap_saved(
        manager_user_id=MANAGER, employee_user_id=EMPLOYEE, items=items, tz="Europe/Berlin", check_in_on=CHECK_IN
    ).as_kwargs()
    assert check_message(**confirmation) == []


def confirmation_sections(items: list[ItemLine], check_in_on: datetime | None = CHECK_IN) -> list[str]:
    message = recap_saved(
        manager_user_id=MANAGER, employee_user_id=EMPLOYEE, items=items, tz="Europe/Berlin", check_in_on=check_in_on
    )
    assert message.text == "Recap saved and sent to your manager"
    assert check_message(**message.as_kwargs()) == []
    return sections(message)


def test_the_confirmation_lists_both_peoples_items_and_the_check_in() -> None:
    sent, mine, theirs, check_in = confirmation_sections(ITEMS)

    assert sent == ":white_check_mark: Recap saved and sent to <@UMIRA> with a thank-you."
    assert mine == "*Yours*\n• Ask the platform lead about shadowing on-call — by Fri 18 Dec\n• Read the career ladder"
    assert theirs == "*<@UMIRA>'s*\n• Introduce Ana to the product director — by Tue 15 Dec"
    assert check_in == "I'll check in on these on Tue 29 Dec 2026, 16:10 (Europe/Berlin)."


def test_the_confirmation_without_items_mentions_no_check_in() -> None:
    assert confirmation_sections([]) == [":white_check_mark: Recap saved and sent to <@UMIRA> with a thank-you."]
    assert len(confirmation_sections(ITEMS[1:2], check_in_on=None)) == 2


def test_item_text_in_the_confirmation_is_escaped() -> None:
    _, mine = confirmation_sections([ItemLine("Tell <!everyone> & <@U1>", EMPLOYEE, None)], check_in_on=None)

    assert mine == "*Yours*\n• Tell &lt;!everyone&gt; &amp; &lt;@U1&gt;"


# -- reading the recap form back ----------------------------------------------------------------------------------


def state(
    rows: list[tuple[str | None, str | None, str | None]],
    *,
    met: str | None = MET,
    takeaways: str | None = "Takeaways",
    feedback: str | None = None,
    closing: list[str] | None = None,
) -> dict[str, dict[str, Json]]:
    """View state as Slack submits it: every input block, empty ones with null values."""
    values: dict[str, dict[str, Json]] = {
        Block.RECAP_MET: {
            Action.RECAP_MET: {"type": "radio_buttons", "selected_option": {"value": met} if met else None}
        },
        Block.RECAP_TAKEAWAYS: {Action.RECAP_TEXT: plain_text(takeaways)},
        Block.RECAP_FEEDBACK: {Action.RECAP_TEXT: plain_text(feedback)},
    }
    for index, (text, owner, due) in enumerate(rows):
        values[row_block(index, "text")] = {Action.RECAP_ITEM_TEXT: plain_text(text)}
        values[row_block(index, "owner")] = {Action.RECAP_ITEM_OWNER: static_select(owner)}
        values[row_block(index, "due")] = {Action.RECAP_ITEM_DUE: datepicker(due)}
    if closing is not None:
        values[Block.RECAP_CLOSE_CARRIED] = {
            Action.RECAP_CLOSE_CARRIED: {"type": "checkboxes", "selected_options": [{"value": v} for v in closing]}
        }
    return values


def test_recap_input_reads_rows_owners_dates_and_item_ids() -> None:
    typed = state(
        [
            ("Shadow on-call", "employee", "2026-12-18"),
            ("Introduce Ana", "manager", None),
            (None, "employee", None),
            ("New one", None, "2027-01-05"),
        ],
        takeaways="  Growth ",
        feedback="Speak up",
        closing=["7", "9"],
    )

    data = recap_input(typed, RecapRef(conversation_id=42, item_ids=[11, 12, None]))

    assert data == RecapInput(
        met=True,
        takeaways="  Growth ",
        feedback="Speak up",
        rows=(
            RecapRow("Shadow on-call", Owner.ME, date(2026, 12, 18), 11),
            RecapRow("Introduce Ana", Owner.MANAGER, None, 12),
            RecapRow("", Owner.ME, None, None),
            RecapRow("New one", Owner.ME, date(2027, 1, 5), None),
        ),
        close_item_ids=frozenset({7, 9}),
    )


@pytest.mark.parametrize(("met", "expected"), [(MET, True), (SKIPPED_VALUE, False), (None, True)])
def test_recap_input_reads_whether_the_meeting_happened(met: str | None, expected: bool) -> None:
    assert recap_input(state([], met=met), RecapRef(conversation_id=1)).met is expected


def test_recap_input_tolerates_odd_values() -> None:
    typed = state([("x", "someone-else", "not-a-date")], takeaways=None, closing=["12", "abc", "", "-3"])

    data = recap_input(typed, RecapRef(conversation_id=1))

    assert data.rows == (RecapRow("x", Owner.ME, None, None),)
    assert (data.takeaways, data.feedback) == ("", "")
    assert data.close_item_ids == frozenset({12})
    assert recap_input(state([]), RecapRef(conversation_id=1)).close_item_ids == frozenset()


def test_recap_input_stops_at_the_first_missing_row_and_at_max_rows() -> None:
    gap = state([("one", "employee", None), ("two", "employee", None), ("three", "employee", None)])
    del gap[row_block(1, "text")]

    assert [r.text for r in recap_input(gap, RecapRef(conversation_id=1)).rows] == ["one"]
    many = state([(f"row {n}", "manager", None) for n in range(MAX_ROWS + 3)])
    assert len(recap_input(many, RecapRef(conversation_id=1)).rows) == MAX_ROWS


def state_from_view(view: Json) -> dict[str, dict[str, Json]]:
    """What Slack would submit for a view left as it opened: every input at its initial value."""
    values: dict[str, dict[str, Json]] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        kind = element["type"]
        if kind == "plain_text_input":
            value: Json = {"value": element.get("initial_value")}
        elif kind in ("static_select", "radio_buttons"):
            value = {"selected_option": element.get("initial_option")}
        elif kind == "datepicker":
            value = {"selected_date": element.get("initial_date")}
        else:
            value = {"selected_options": element.get("initial_options", [])}
        values[block["block_id"]] = {element["action_id"]: {"type": kind, **value}}
    return values


def test_a_form_submitted_as_opened_reads_back_as_what_it_showed() -> None:
    carried = (CarriedChoice(7, "Old item", "Mira Chen"), CarriedChoice(9, "Older item", "Ana Silva"))
    form = replace(
        FORM,
        met=False,
        takeaways="Growth",
        feedback="Speak up",
        rows=ROWS,
        row_count=4,
        carried=carried,
        closing=frozenset({9}),
    )
    view = view_of(form)

    data = recap_input(state_from_view(view), decode(RecapRef, view["private_metadata"]))

    assert data == RecapInput(
        met=False,
        takeaways="Growth",
        feedback="Speak up",
        rows=(*ROWS, RecapRow("", Owner.ME)),
        close_item_ids=frozenset({9}),
    )


@pytest.mark.parametrize(
    ("field", "block_id"),
    [
        (F_TAKEAWAYS, Block.RECAP_TAKEAWAYS),
        (F_FEEDBACK, Block.RECAP_FEEDBACK),
        ("row_0_text", "recap_row_0_text"),
        ("row_3_due", "recap_row_3_due"),
        ("row_9_text", "recap_row_9_text"),
        ("something_else", Block.RECAP_TAKEAWAYS),
    ],
)
def test_block_for_puts_each_error_under_its_field(field: str, block_id: str) -> None:
    assert block_for(field) == block_id


def test_every_row_error_names_a_block_of_the_full_form() -> None:
    block_ids = set(blocks_by_id(view_of(replace(FORM, row_count=MAX_ROWS))))

    for index in range(MAX_ROWS):
        assert {block_for(f"row_{index}_text"), block_for(f"row_{index}_due")} <= block_ids


# -- previous_occurrence -----------------------------------------------------------------------------

WEEKLY = "FREQ=WEEKLY;INTERVAL=1"
BIWEEKLY = "FREQ=WEEKLY;INTERVAL=2"


def berlin_weekly(at: datetime) -> datetime | None:
    """Weekly on Tuesdays at 15:30 in Berlin, from 8 December 2026."""
    return previous_occurrence(WEEKLY, datetime(2026, 12, 8, 15, 30), "Europe/Berlin", at)


def test_an_occurrence_at_the_instant_counts_and_one_just_after_does_not() -> None:
    week = timedelta(days=7)

    assert berlin_weekly(MEETING) == MEETING
    assert berlin_weekly(MEETING - timedelta(microseconds=1)) is None
    assert berlin_weekly(MEETING + week - timedelta(seconds=1)) == MEETING
    assert berlin_weekly(MEETING + week) == MEETING + week


def test_nothing_before_the_anchor() -> None:
    assert berlin_weekly(datetime(2025, 1, 1, tzinfo=UTC)) is None


def test_the_instant_may_be_given_in_any_zone() -> None:
    at = datetime(2026, 12, 15, 9, 30, tzinfo=ZoneInfo("America/New_York"))  # 14:30 UTC, the second meeting

    found = berlin_weekly(at)

    assert found == datetime(2026, 12, 15, 14, 30, tzinfo=UTC)
    assert found is not None
    assert found.tzinfo is UTC


def test_biweekly_keeps_the_anchors_phase() -> None:
    anchor = datetime(2026, 12, 8, 15, 30)

    in_the_off_week = datetime(2026, 12, 18, 12, 0, tzinfo=UTC)

    assert previous_occurrence(BIWEEKLY, anchor, "Europe/Berlin", in_the_off_week) == MEETING


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        # New York leaves daylight time on Sun 1 Nov 2026: Monday 09:00 is 13:00 UTC before, 14:00 after.
        (datetime(2026, 11, 2, 13, 30, tzinfo=UTC), datetime(2026, 10, 26, 13, 0, tzinfo=UTC)),
        (datetime(2026, 11, 2, 14, 0, tzinfo=UTC), datetime(2026, 11, 2, 14, 0, tzinfo=UTC)),
        (datetime(2026, 10, 26, 13, 0, tzinfo=UTC), datetime(2026, 10, 26, 13, 0, tzinfo=UTC)),
    ],
)
def test_a_week_across_the_autumn_change_keeps_the_local_time(at: datetime, expected: datetime) -> None:
    assert previous_occurrence(WEEKLY, datetime(2026, 10, 19, 9, 0), "America/New_York", at) == expected


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_a_meeting_in_the_spring_gap_is_found_at_the_shifted_time() -> None:
    # Sunday 02:30 in Berlin does not exist on 29 March 2026: it happens at 03:30 CEST, 01:30 UTC.
    anchor = datetime(2026, 3, 22, 2, 30)

    assert previous_occurrence(WEEKLY, anchor, "Europe/Berlin", utc(2026, 3, 29, 1, 30)) == utc(2026, 3, 29, 1, 30)
    assert previous_occurrence(WEEKLY, anchor, "Europe/Berlin", utc(2026, 3, 29, 1, 29)) == utc(2026, 3, 22, 1, 30)


@pytest.mark.parametrize(
    "at",
    [
        utc(2026, 10, 25, 0, 30),  # 02:30 CEST, the first reading
        utc(2026, 10, 25, 1, 30),  # 02:30 CET, the second reading
        utc(2026, 10, 31, 23, 0),
    ],
)
def test_a_meeting_in_the_autumn_fold_happens_once_at_the_first_reading(at: datetime) -> None:
    anchor = datetime(2026, 10, 18, 2, 30)

    assert previous_occurrence(WEEKLY, anchor, "Europe/Berlin", at) == utc(2026, 10, 25, 0, 30)
    assert previous_occurrence(WEEKLY, anchor, "Europe/Berlin", utc(2026, 10, 25, 0, 29)) == utc(2026, 10, 18, 0, 30)


@pytest.mark.parametrize(
    ("anchor", "tz_name", "at", "expected"),
    [
        # The fifth Friday becomes the last Friday: 27 Feb, then 29 May, in Berlin's local 10:00.
        (datetime(2026, 1, 30, 10, 0), "Europe/Berlin", datetime(2026, 3, 15), datetime(2026, 2, 27, 9, 0)),
        (datetime(2026, 1, 30, 10, 0), "Europe/Berlin", datetime(2026, 5, 29, 8, 0), datetime(2026, 5, 29, 8, 0)),
        (datetime(2026, 1, 30, 10, 0), "Europe/Berlin", datetime(2026, 5, 29, 7, 59), datetime(2026, 4, 24, 8, 0)),
        # A leap-day anchor is the last Tuesday: 27 Feb 2029 in New York (EST).
        (datetime(2028, 2, 29, 9, 0), "America/New_York", datetime(2029, 3, 1), datetime(2029, 2, 27, 14, 0)),
    ],
)
def test_monthly_last_weekday_rules(anchor: datetime, tz_name: str, at: datetime, expected: datetime) -> None:
    rule = rule_for(Cadence.MONTHLY, anchor)
    assert rule.endswith("BYDAY=-1" + ("FR" if anchor.weekday() == 4 else "TU"))

    found = previous_occurrence(rule, anchor, tz_name, at.replace(tzinfo=UTC))

    assert found == expected.replace(tzinfo=UTC)


@pytest.mark.parametrize("tz_name", ["Europe/Berlin", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
@pytest.mark.parametrize("cadence", list(Cadence))
def test_previous_occurrence_walks_back_the_sequence_that_occurrences_after_walks_forward(
    tz_name: str, cadence: Cadence
) -> None:
    anchor = datetime(2026, 1, 31, 23, 30)  # late on a fifth Saturday: near local midnight, far from UTC
    rule = rule_for(cadence, anchor)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    found = occurrences_after(rule, anchor, tz_name, start, count=30)

    for earlier, later in pairwise(found):
        assert previous_occurrence(rule, anchor, tz_name, later) == later
        assert previous_occurrence(rule, anchor, tz_name, later - timedelta(microseconds=1)) == earlier
        assert previous_occurrence(rule, anchor, tz_name, earlier + (later - earlier) / 2) == earlier
    assert previous_occurrence(rule, anchor, tz_name, found[0] - timedelta(seconds=1)) is None
