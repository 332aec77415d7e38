"""The pure Block Kit builders: Slack's limits, ids from bot.slack.ids, prefill, escaping and local times."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import DividerBlock
from slack_sdk.models.views import View

from bot.domain.setup import MEETING_LENGTHS
from bot.models import Cadence
from bot.slack.blocks.common import (
    FALLBACK_TEXT_MAX,
    MESSAGE_MAX_BLOCKS,
    SECTION_TEXT_MAX,
    Message,
    clip,
    context,
    escape,
    format_local,
    mention,
    section,
)
from bot.slack.blocks.help import help_message
from bot.slack.blocks.home import HomeSummary, home_view
from bot.slack.blocks.setup_messages import (
    CADENCE_LABELS,
    manager_answered,
    manager_confirmation,
    manager_confirmed,
    manager_declined,
    rhythm,
    setup_saved,
)
from bot.slack.blocks.status import status_message
from bot.slack.forms.setup import SetupPrefill, setup_modal
from bot.slack.ids import COMMAND, Action, Block, Callback
from bot.slack.values import SeriesRef, SetupContext, decode
from tests.support.blockkit_checks import check_message, check_view
from tests.support.payloads import Json, all_text, buttons, texts, walk

NEXT = datetime(2026, 3, 10, 13, 0, tzinfo=UTC)  # Tue 14:00 Berlin, 09:00 New York, 18:30 Kolkata
COMMANDS = [("settings", "Change your manager."), ("help", "Show this list of commands.")]
FULL_PREFILL = SetupPrefill(
    manager_user_id="U0MANAGER",
    meeting_date=date(2026, 3, 10),
    meeting_time=time(9, 5),
    cadence=Cadence.BIWEEKLY,
    length_minutes=45,
    tz="Europe/Berlin",
)


def inputs(view: Json) -> dict[str, Json]:
    return {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}


# --- Every builder, checked by slack_sdk and by the fake Slack's checker ----------------------------------------


MESSAGES: dict[str, Message] = {
    "help": help_message(COMMANDS),
    "help-unknown": help_message(COMMANDS, unknown="promote me <!channel> & `now`"),
    "manager-confirmation": manager_confirmation(
        series_id=42,
        manager_id=9,
        employee_user_id="U0EMPLOYEE",
        next_meeting_at=NEXT,
        manager_tz="America/New_York",
        cadence=Cadence.MONTHLY,
        length_minutes=30,
    ),
    "manager-answered-yes": manager_answered(employee_user_id="U0EMPLOYEE", confirmed=True),
    "manager-answered-no": manager_answered(employee_user_id="U0EMPLOYEE", confirmed=False),
    "setup-saved-confirmed": setup_saved(
        manager_user_id="U0MANAGER",
        manager_confirmed=True,
        next_meeting_at=NEXT,
        tz="Europe/Berlin",
        cadence=Cadence.WEEKLY,
        length_minutes=60,
    ),
    "setup-saved-waiting": setup_saved(
        manager_user_id="U0MANAGER",
        manager_confirmed=False,
        next_meeting_at=NEXT,
        tz="Asia/Kolkata",
        cadence=Cadence.BIWEEKLY,
        length_minutes=15,
    ),
    "manager-confirmed": manager_confirmed(manager_user_id="U0MANAGER"),
    "manager-declined": manager_declined(manager_name="Mira <!here> & co"),
    "status-confirmed": status_message(
        next_meeting_at=NEXT, tz="Europe/Berlin", manager_user_id="U0MANAGER", manager_confirmed=True
    ),
    "status-waiting": status_message(
        next_meeting_at=NEXT, tz="Australia/Sydney", manager_user_id="U0MANAGER", manager_confirmed=False
    ),
}

VIEWS: dict[str, View] = {
    "setup-first-time": setup_modal(SetupPrefill(), SetupContext(), first_time=True),
    "setup-prefilled": setup_modal(FULL_PREFILL, SetupContext(channel_id="C0CHANNEL"), first_time=False),
    "home-not-set-up": home_view(HomeSummary(tz="Europe/Berlin")),
    "home-manager-only": home_view(HomeSummary(tz="Europe/Berlin", manager_user_id="U0MANAGER")),
    "home-set-up": home_view(
        HomeSummary(tz="Asia/Kolkata", manager_user_id="U0MANAGER", manager_confirmed=True, next_meeting_at=NEXT)
    ),
    "home-waiting": home_view(HomeSummary(tz="Asia/Kolkata", manager_user_id="U0MANAGER", next_meeting_at=NEXT)),
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
def test_every_view_is_valid_block_kit(name: str) -> None:
    view = VIEWS[name].to_dict()

    assert check_view(view) == []
    json.dumps(view)
    if view["type"] == "modal":
        assert len(view["title"]["text"]) <= 24
        if inputs(view):
            assert view["submit"]["text"]
            assert len(view["submit"]["text"]) <= 24
    else:
        assert "submit" not in view
        assert "close" not in view


def test_every_id_comes_from_bot_slack_ids() -> None:
    payloads: list[object] = [m.as_kwargs()["blocks"] for m in MESSAGES.values()]
    payloads += [v.to_dict() for v in VIEWS.values()]

    action_ids = {d["action_id"] for p in payloads for d in walk(p) if "action_id" in d}
    block_ids = {d["block_id"] for p in payloads for d in walk(p) if "block_id" in d}
    callback_ids = {d["callback_id"] for p in payloads for d in walk(p) if "callback_id" in d}

    assert action_ids
    assert action_ids <= {a.value for a in Action}
    assert block_ids <= {b.value for b in Block}
    assert callback_ids == {Callback.SETUP.value}


# --- The setup modal ----------------------------------------------------------------------------------------------


def test_setup_modal_shape() -> None:
    view = VIEWS["setup-first-time"].to_dict()

    assert view["type"] == "modal"
    assert view["callback_id"] == Callback.SETUP
    assert view["submit"]["text"] == "Save"
    assert view["close"]["text"] == "Cancel"
    assert list(inputs(view)) == [
        Block.SETUP_MANAGER,
        Block.SETUP_DATE,
        Block.SETUP_TIME,
        Block.SETUP_CADENCE,
        Block.SETUP_LENGTH,
    ]
    elements = {block_id: block["element"] for block_id, block in inputs(view).items()}
    assert {block_id: e["action_id"] for block_id, e in elements.items()} == {
        Block.SETUP_MANAGER: Action.SETUP_MANAGER,
        Block.SETUP_DATE: Action.SETUP_DATE,
        Block.SETUP_TIME: Action.SETUP_TIME,
        Block.SETUP_CADENCE: Action.SETUP_CADENCE,
        Block.SETUP_LENGTH: Action.SETUP_LENGTH,
    }
    assert [elements[b]["type"] for b in elements] == [
        "users_select",
        "datepicker",
        "timepicker",
        "static_select",
        "static_select",
    ]


def test_setup_modal_without_prefill_has_no_initial_people_or_times() -> None:
    view = VIEWS["setup-first-time"].to_dict()
    elements = {block_id: block["element"] for block_id, block in inputs(view).items()}

    assert "initial_user" not in elements[Block.SETUP_MANAGER]
    assert "initial_date" not in elements[Block.SETUP_DATE]
    assert "initial_time" not in elements[Block.SETUP_TIME]
    assert "timezone" not in elements[Block.SETUP_TIME]
    # Sensible defaults are still selected: monthly, 30 minutes.
    assert elements[Block.SETUP_CADENCE]["initial_option"]["value"] == Cadence.MONTHLY
    assert elements[Block.SETUP_LENGTH]["initial_option"]["value"] == "30"
    assert "time zone of your Slack profile" in all_text(view)
    assert "Welcome to Career Prep" in all_text(view)


def test_setup_modal_prefill_sets_initial_values_and_the_tz_note() -> None:
    view = VIEWS["setup-prefilled"].to_dict()
    elements = {block_id: block["element"] for block_id, block in inputs(view).items()}

    assert elements[Block.SETUP_MANAGER]["initial_user"] == "U0MANAGER"
    assert elements[Block.SETUP_DATE]["initial_date"] == "2026-03-10"
    assert elements[Block.SETUP_TIME]["initial_time"] == "09:05"
    assert elements[Block.SETUP_TIME]["timezone"] == "Europe/Berlin"
    assert elements[Block.SETUP_CADENCE]["initial_option"]["value"] == "biweekly"
    assert elements[Block.SETUP_CADENCE]["initial_option"]["text"]["text"] == "Every 2 weeks"
    assert elements[Block.SETUP_LENGTH]["initial_option"]["value"] == "45"
    assert "Dates and times are in your Slack time zone (Europe/Berlin)." in all_text(view)
    assert "Your 1:1 settings" in all_text(view)
    assert "Welcome" not in all_text(view)


def test_setup_modal_carries_its_origin_in_private_metadata() -> None:
    view = VIEWS["setup-prefilled"].to_dict()

    assert decode(SetupContext, view["private_metadata"]) == SetupContext(channel_id="C0CHANNEL")
    assert decode(SetupContext, VIEWS["setup-first-time"].to_dict()["private_metadata"]) == SetupContext()


@pytest.mark.parametrize("cadence", list(Cadence))
def test_setup_modal_preselects_each_cadence(cadence: Cadence) -> None:
    view = setup_modal(SetupPrefill(cadence=cadence), SetupContext(), first_time=False).to_dict()
    element = inputs(view)[Block.SETUP_CADENCE]["element"]

    assert element["initial_option"]["value"] == cadence.value
    assert element["initial_option"]["text"]["text"] == CADENCE_LABELS[cadence]
    assert [o["value"] for o in element["options"]] == ["monthly", "biweekly", "weekly"]


@pytest.mark.parametrize("minutes", MEETING_LENGTHS)
def test_setup_modal_preselects_each_length(minutes: int) -> None:
    view = setup_modal(SetupPrefill(length_minutes=minutes), SetupContext(), first_time=True).to_dict()
    element = inputs(view)[Block.SETUP_LENGTH]["element"]

    assert element["initial_option"]["value"] == str(minutes)
    assert [o["value"] for o in element["options"]] == [str(m) for m in MEETING_LENGTHS]
    assert check_view(view) == []


def test_setup_modal_length_labels_are_readable_and_distinct() -> None:
    element = inputs(VIEWS["setup-first-time"].to_dict())[Block.SETUP_LENGTH]["element"]
    labels = {o["value"]: o["text"]["text"] for o in element["options"]}

    assert labels == {"15": "15 minutes", "30": "30 minutes", "45": "45 minutes", "60": "1 h", "90": "1 h 30 min"}


def test_setup_modal_falls_back_to_30_minutes_for_an_unlisted_length() -> None:
    view = setup_modal(SetupPrefill(length_minutes=40), SetupContext(), first_time=False).to_dict()

    assert inputs(view)[Block.SETUP_LENGTH]["element"]["initial_option"]["value"] == "30"
    assert check_view(view) == []


# --- Setup messages -----------------------------------------------------------------------------------------------


def test_manager_confirmation_has_confirm_and_not_me_buttons_carrying_the_series() -> None:
    kwargs = MESSAGES["manager-confirmation"].as_kwargs()
    found = buttons(kwargs["blocks"])

    assert set(found) == {Action.MANAGER_CONFIRM, Action.MANAGER_DECLINE}
    confirm, decline = found[Action.MANAGER_CONFIRM], found[Action.MANAGER_DECLINE]
    assert confirm["text"]["text"] == "Yes, they report to me"
    assert confirm["style"] == "primary"
    assert decline["text"]["text"] == "Not me"
    assert decline["confirm"]["confirm"]["text"] == "Not me"
    for button in (confirm, decline):
        assert decode(SeriesRef, button["value"]) == SeriesRef(series_id=42, manager_id=9)


def test_manager_confirmation_shows_the_time_in_the_managers_zone() -> None:
    kwargs = MESSAGES["manager-confirmation"].as_kwargs()

    assert "Tue 10 Mar 2026, 09:00 (America/New_York)" in all_text(kwargs["blocks"])
    assert "<@U0EMPLOYEE>" in kwargs["text"]
    assert "monthly, 30 minutes" in all_text(kwargs["blocks"])


def test_manager_confirmation_across_the_new_york_spring_gap() -> None:
    message = manager_confirmation(
        series_id=7,
        manager_id=9,
        employee_user_id="U0EMPLOYEE",
        next_meeting_at=datetime(2026, 3, 8, 7, 30, tzinfo=UTC),
        manager_tz="America/New_York",
        cadence=Cadence.WEEKLY,
        length_minutes=15,
    )

    assert "Sun 8 Mar 2026, 03:30 (America/New_York)" in all_text(message.as_kwargs()["blocks"])


def test_setup_saved_uses_the_employees_zone_and_says_whether_the_manager_confirmed() -> None:
    confirmed = MESSAGES["setup-saved-confirmed"].as_kwargs()
    waiting = MESSAGES["setup-saved-waiting"].as_kwargs()

    assert confirmed["text"] == "You're set up. Next 1:1: Tue 10 Mar 2026, 14:00 (Europe/Berlin)"
    assert "weekly, 60 minutes" in all_text(confirmed["blocks"])
    assert "<@U0MANAGER> has confirmed" in all_text(confirmed["blocks"])
    assert "Tue 10 Mar 2026, 18:30 (Asia/Kolkata)" in waiting["text"]
    assert "every 2 weeks, 15 minutes" in all_text(waiting["blocks"])
    assert "I've asked <@U0MANAGER> to confirm" in all_text(waiting["blocks"])
    assert "Until they do, nothing you share or send them" in all_text(waiting["blocks"])
    assert "Until they do" not in all_text(confirmed["blocks"])


def test_manager_answered_and_confirmed_messages_mention_the_other_person() -> None:
    yes = MESSAGES["manager-answered-yes"].as_kwargs()["text"]
    no = MESSAGES["manager-answered-no"].as_kwargs()["text"]

    assert "You confirmed that <@U0EMPLOYEE> reports to you" in yes
    assert "not <@U0EMPLOYEE>'s manager" in no
    assert MESSAGES["manager-confirmed"].as_kwargs()["text"].startswith("<@U0MANAGER> confirmed")


def test_manager_declined_escapes_the_name() -> None:
    kwargs = MESSAGES["manager-declined"].as_kwargs()

    assert kwargs["text"].startswith("Mira &lt;!here&gt; &amp; co says")
    assert "<!here>" not in all_text(kwargs)


@pytest.mark.parametrize(
    ("cadence", "minutes", "expected"),
    [(Cadence.MONTHLY, 30, "monthly, 30 minutes"), (Cadence.BIWEEKLY, 45, "every 2 weeks, 45 minutes")],
)
def test_rhythm(cadence: Cadence, minutes: int, expected: str) -> None:
    assert rhythm(cadence, minutes) == expected


# --- Status, help and home ----------------------------------------------------------------------------------------


def test_status_message_in_the_readers_zone() -> None:
    confirmed = MESSAGES["status-confirmed"].as_kwargs()
    waiting = MESSAGES["status-waiting"].as_kwargs()

    assert confirmed["text"] == "Next 1:1: Tue 10 Mar 2026, 14:00 (Europe/Berlin)"
    assert "*Manager link:* confirmed" in all_text(confirmed["blocks"])
    assert waiting["text"] == "Next 1:1: Wed 11 Mar 2026, 00:00 (Australia/Sydney)"
    assert "waiting for them to confirm" in all_text(waiting["blocks"])
    assert f"`{COMMAND} settings`" in all_text(waiting["blocks"])


def test_help_lists_every_command_passed() -> None:
    commands = [("settings", "Change things."), ("status", "Where you are."), ("help", "This list.")]

    kwargs = help_message(commands).as_kwargs()

    for name, summary in commands:
        assert f"`{COMMAND} {name}`  {summary}" in kwargs["text"]
        assert f"`{COMMAND} {name}`  {summary}" in all_text(kwargs["blocks"])
    assert kwargs["text"].startswith("*Career Prep* — here's what I can do:")


def test_help_escapes_unknown_input() -> None:
    kwargs = help_message(COMMANDS, unknown="<!channel> <@U1> & `rm`").as_kwargs()

    assert "I don't know `&lt;!channel&gt; &lt;@U1&gt; &amp; 'rm'`." in kwargs["text"]
    for text in [kwargs["text"], *texts(kwargs["blocks"])]:
        assert "<!channel>" not in text
        assert "<@U1>" not in text


def test_help_clips_long_unknown_input() -> None:
    unknown = "x" * 500

    kwargs = help_message(COMMANDS, unknown=unknown).as_kwargs()

    shown = kwargs["text"].split("`")[1]
    assert len(shown) == 60
    assert shown.endswith("…")
    assert unknown not in kwargs["text"]
    assert check_message(kwargs["text"], kwargs["blocks"]) == []


def test_help_with_empty_unknown_is_plain_help() -> None:
    assert help_message(COMMANDS, unknown="").text == help_message(COMMANDS).text


def test_home_offers_set_up_when_not_set_up() -> None:
    for name in ("home-not-set-up", "home-manager-only"):
        view = VIEWS[name].to_dict()
        found = buttons(view["blocks"])

        assert view["type"] == "home"
        assert set(found) == {Action.OPEN_SETTINGS}
        assert found[Action.OPEN_SETTINGS]["text"]["text"] == "Set up"
        assert "Next 1:1" not in all_text(view)


def test_home_shows_the_next_1on1_when_set_up() -> None:
    confirmed = VIEWS["home-set-up"].to_dict()
    waiting = VIEWS["home-waiting"].to_dict()

    assert "*Next 1:1 with <@U0MANAGER>*" in all_text(confirmed)
    assert "Tue 10 Mar 2026, 18:30 (Asia/Kolkata)" in all_text(confirmed)
    assert "waiting for them to confirm" not in all_text(confirmed)
    assert "waiting for them to confirm" in all_text(waiting)
    assert buttons(confirmed["blocks"])[Action.OPEN_SETTINGS]["text"]["text"] == "Settings"
    assert "Set up" not in [b["text"]["text"] for b in buttons(confirmed["blocks"]).values()]


# --- common.py helpers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "tz_name", "expected"),
    [
        (NEXT, "Europe/Berlin", "Tue 10 Mar 2026, 14:00 (Europe/Berlin)"),
        (NEXT, "America/New_York", "Tue 10 Mar 2026, 09:00 (America/New_York)"),
        (NEXT, "Asia/Kolkata", "Tue 10 Mar 2026, 18:30 (Asia/Kolkata)"),
        (NEXT, "Australia/Sydney", "Wed 11 Mar 2026, 00:00 (Australia/Sydney)"),
        (datetime(2026, 3, 5, 23, 30, tzinfo=UTC), "Australia/Sydney", "Fri 6 Mar 2026, 10:30 (Australia/Sydney)"),
        (datetime(2026, 11, 1, 6, 30, tzinfo=UTC), "America/New_York", "Sun 1 Nov 2026, 01:30 (America/New_York)"),
    ],
)
def test_format_local_uses_the_readers_zone(instant: datetime, tz_name: str, expected: str) -> None:
    assert format_local(instant, tz_name) == expected


def test_format_local_does_not_depend_on_the_instants_own_zone() -> None:
    assert format_local(NEXT.astimezone(ZoneInfo("Asia/Tokyo")), "Europe/Berlin") == format_local(NEXT, "Europe/Berlin")


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("<!channel>", "&lt;!channel&gt;"),
        ("<!here|here>", "&lt;!here|here&gt;"),
        ("<@U1>", "&lt;@U1&gt;"),
        ("<https://evil.example|click>", "&lt;https://evil.example|click&gt;"),
        ("R&D", "R&amp;D"),
        ("&lt;", "&amp;lt;"),
        ("plain words", "plain words"),
    ],
)
def test_escape_neutralises_mrkdwn_controls(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped
    assert "<" not in escape(raw)
    assert ">" not in escape(raw)


def test_mention() -> None:
    assert mention("U0MANAGER") == "<@U0MANAGER>"


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, "short"),
        ("exactly10!", 10, "exactly10!"),
        ("eleven char", 10, "eleven ch…"),
        ("abc   defgh", 7, "abc…"),
        ("abc", 1, "…"),
    ],
)
def test_clip(text: str, limit: int, expected: str) -> None:
    assert clip(text, limit) == expected


@pytest.mark.parametrize("limit", range(1, 40))
def test_clip_never_exceeds_the_limit(limit: int) -> None:
    for text in ("", "a", "word " * 20, "x" * 100, "é" * 50):
        clipped = clip(text, limit)
        assert len(clipped) <= limit
        assert clipped == text or clipped.endswith("…")


def test_clip_to_zero_is_empty() -> None:
    assert clip("abc", 0) == ""


def test_section_and_context_clip_to_slacks_limit() -> None:
    long = "y" * (SECTION_TEXT_MAX + 500)

    section_dict = section(long).to_dict()
    context_dict = context(long).to_dict()

    assert len(section_dict["text"]["text"]) == SECTION_TEXT_MAX
    assert len(context_dict["elements"][0]["text"]) == SECTION_TEXT_MAX
    assert section_dict["text"]["type"] == "mrkdwn"


def test_message_fallback_text_is_clipped() -> None:
    kwargs = Message(text="z" * 10_000, blocks=[section("hi")]).as_kwargs()

    assert len(kwargs["text"]) == FALLBACK_TEXT_MAX
    assert kwargs["text"].endswith("…")


def test_message_with_50_blocks_is_fine() -> None:
    message = Message(text="many", blocks=[DividerBlock()] * MESSAGE_MAX_BLOCKS)

    assert len(message.as_kwargs()["blocks"]) == 50


def test_message_with_51_blocks_raises() -> None:
    message = Message(text="too many", blocks=[DividerBlock()] * (MESSAGE_MAX_BLOCKS + 1))

    with pytest.raises(SlackObjectFormationError, match="50 blocks"):
        message.blocks_json()
    with pytest.raises(SlackObjectFormationError):
        message.as_kwargs()
