"""The agenda, brief and prep builders as pure functions: content, escaping, clipping, local times, limits."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from bot.domain.brief import Brief
from bot.domain.prep import FEEDBACK_QUESTION, Agenda, CarriedItem, PrepState
from bot.domain.prep_answers import ASK_DETAIL_MAX, MAX_ASKS, MAX_PEOPLE, TEXT_MAX, Ask, AskKind, PrepAnswers
from bot.domain.question_bank import BY_ID, COACHING_GUIDE
from bot.models import ItemStatus
from bot.slack.blocks.agenda import (
    ANSWER_MAX,
    ASK_MAX,
    ITEM_MAX,
    MAX_CARRIED,
    agenda_body,
    agenda_message,
    agenda_moved,
    agenda_replaced,
    agenda_withdrawn,
)
from bot.slack.blocks.brief import manager_brief
from bot.slack.blocks.common import MESSAGE_MAX_BLOCKS, Message
from bot.slack.blocks.prep_messages import agenda_no_longer_shared, agenda_shared
from bot.slack.forms.prep import prep_form
from bot.slack.forms.prep_review import prep_review
from bot.slack.ids import Action, Callback
from bot.slack.values import PrepRef, decode
from tests.support.blockkit_checks import check_message, check_view
from tests.support.payloads import Json, all_text, walk
from tests.support.prep_states import MEETING, prep_state
from tests.support.prep_states import agenda as agenda_of

# Tue 8 Dec 2026, 14:30 UTC: 15:30 in Berlin, 09:30 in New York, 20:00 in Kolkata.
SHARED = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
EDITED = datetime(2026, 11, 24, 9, 15, tzinfo=UTC)

FULL = PrepAnswers(
    strengths="Explaining tricky systems to customers",
    grow_skills="Running design reviews",
    energizing_work="Pairing with the new joiners",
    underused_skills="User research",
    direction="Leading a small platform team",
    paths="Product management",
    people=("U0PRIYA", "U0LEO"),
    asks=(Ask(AskKind.MENTOR, "someone who moved into product"), Ask(AskKind.CERTIFICATION)),
    topics="Visibility of on-call work",
)
LABELLED = [
    ("Strengths I'd like to use more", FULL.strengths),
    ("Work that energised me lately", FULL.energizing_work),
    ("Skills I have that are under-used", FULL.underused_skills),
    ("Skills I want to build", FULL.grow_skills),
    ("Where I'd like to be in 2 to 5 years", FULL.direction),
    ("Roles and paths I'm curious about", FULL.paths),
    ("Other topics", FULL.topics),
]
GROUPS = (
    "Where I am now",
    "Where I want to grow",
    "Paths I'm exploring",
    "What I'd like to ask for",
    "Also on my mind",
)


def agenda(answers: PrepAnswers = FULL, carried: tuple[CarriedItem, ...] = (), name: str = "Ana Silva") -> Agenda:
    return agenda_of(answers, carried, name)


def body_text(answers: PrepAnswers, carried: tuple[CarriedItem, ...] = ()) -> str:
    return all_text([b.to_dict() for b in agenda_body(agenda(answers, carried), tz="UTC")])


def manager_copy(value: Agenda, reader_tz: str = "America/New_York", updated_at: datetime | None = None) -> Json:
    return agenda_message(value, reader_tz=reader_tz, shared_at=SHARED, updated_at=updated_at).as_kwargs()


def brief(value: Agenda | None = None) -> Brief:
    questions = (BY_ID["energy-recent"], BY_ID["growth-stretch"], BY_ID["direction-curious"])
    return Brief("U0ANA", value.employee_name if value else "Ana Silva", MEETING, value, questions)


def state(answers: PrepAnswers = FULL, **changes: Any) -> PrepState:
    return prep_state(answers, **changes)


def item(text: str, due: date | None = None, status: ItemStatus = ItemStatus.OPEN, owner: str = "U0ANA") -> CarriedItem:
    return CarriedItem(text, owner, due, status)


def longest() -> tuple[PrepAnswers, tuple[CarriedItem, ...]]:
    """Every field at the longest the form and the items allow."""
    answers = PrepAnswers(
        strengths="s" * TEXT_MAX,
        grow_skills="g" * TEXT_MAX,
        energizing_work="e" * TEXT_MAX,
        underused_skills="u" * TEXT_MAX,
        direction="d" * TEXT_MAX,
        paths="p" * TEXT_MAX,
        people=tuple(f"U{n:010d}" for n in range(MAX_PEOPLE)),
        asks=tuple(Ask(kind, "k" * ASK_DETAIL_MAX) for kind in list(AskKind)[:MAX_ASKS]),
        topics="t" * TEXT_MAX,
    )
    carried = tuple(item("i" * 500, date(2026, 12, 1), ItemStatus.BLOCKED) for _ in range(50))
    return answers, carried


def inputs(view: Json) -> dict[str, Json]:
    return {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}


# -- the agenda's content ------------------------------------------------------------------------------------


def test_every_answer_appears_quoted_under_its_label() -> None:
    text = body_text(FULL)

    for label, value in LABELLED:
        assert f"*{label}*\n>{value}" in text
    assert "*People I'd like to learn from:* <@U0PRIYA>, <@U0LEO>" in text
    assert "• *A mentor*: someone who moved into product" in text
    assert "• *A certification*\n" in text  # a request without details has no trailing colon
    for group in GROUPS:
        assert f"*{group}*" in text


@pytest.mark.parametrize(
    ("answers", "group"),
    [
        (PrepAnswers(underused_skills="User research"), "Where I am now"),
        (PrepAnswers(direction="Platform lead"), "Where I want to grow"),
        (PrepAnswers(paths="Product"), "Paths I'm exploring"),
        (PrepAnswers(people=("U0PRIYA",)), "Paths I'm exploring"),
        (PrepAnswers(asks=(Ask(AskKind.SHADOWING),)), "What I'd like to ask for"),
        (PrepAnswers(topics="On-call", strengths="  \n\t "), "Also on my mind"),
    ],
)
def test_empty_answers_leave_their_group_out(answers: PrepAnswers, group: str) -> None:
    text = body_text(answers)

    assert f"*{group}*" in text
    assert [g for g in GROUPS if f"*{g}*" in text] == [group]
    assert "Strengths I'd like to use more" not in text  # whitespace alone is no answer


def test_an_empty_prep_still_asks_for_feedback_and_nothing_else() -> None:
    blocks = [b.to_dict() for b in agenda_body(agenda(PrepAnswers()), tz="UTC")]

    assert len(blocks) == 1
    assert all_text(blocks) == f"*Feedback I'd value*\n{FEEDBACK_QUESTION}"


def test_user_text_is_escaped_everywhere_it_appears() -> None:
    nasty = "<!channel> ping <@U1> & <https://evil.example|click>"
    answers = PrepAnswers(
        strengths=nasty,
        grow_skills=nasty,
        energizing_work=nasty,
        underused_skills=nasty,
        direction=nasty,
        paths=nasty,
        asks=(Ask(AskKind.OTHER, nasty),),
        topics=nasty,
    )

    text = body_text(answers, carried=(item(nasty),))

    escaped = "&lt;!channel&gt; ping &lt;@U1&gt; &amp; &lt;https://evil.example|click&gt;"
    assert text.count(escaped) == 9  # seven answers, one request, one carried item
    for raw in ("<!channel>", "<@U1>", "<https:", " & "):
        assert raw not in text


def test_a_multi_line_answer_is_quoted_line_by_line() -> None:
    text = body_text(PrepAnswers(strengths="  first line  \nsecond line\n\nthird line\n\n"))

    assert "*Strengths I'd like to use more*\n>first line\n>second line\n>\n>third line" in text
    assert "third line\n>" not in text  # trailing blank lines are trimmed, not quoted


def test_each_answer_request_and_item_is_clipped_with_an_ellipsis() -> None:
    answers = PrepAnswers(
        strengths="s" * TEXT_MAX, topics="t" * (ANSWER_MAX + 1), asks=(Ask(AskKind.MENTOR, "m" * 500),)
    )

    text = body_text(answers, carried=(item("i" * 500),))

    assert f">{'s' * (ANSWER_MAX - 1)}…\n" in text
    assert f">{'t' * (ANSWER_MAX - 1)}…" in text
    assert "s" * ANSWER_MAX not in text
    assert f": {'m' * (ASK_MAX - 1)}…" in text
    assert f"• {'i' * (ITEM_MAX - 1)}… — <@U0ANA>" in text


def test_an_answer_exactly_at_the_limit_is_kept_whole() -> None:
    text = body_text(PrepAnswers(paths="p" * ANSWER_MAX))

    assert f">{'p' * ANSWER_MAX}" in text
    assert "…" not in text


def test_the_longest_possible_agenda_is_never_rejected_by_slack() -> None:
    answers, carried = longest()
    value = agenda(answers, carried, name="N" * 255)

    for message in (
        agenda_message(value, reader_tz="Asia/Kolkata", shared_at=SHARED, updated_at=EDITED),
        manager_brief(brief(value), reader_tz="Asia/Kolkata"),
    ):
        kwargs = message.as_kwargs()
        assert len(kwargs["blocks"]) <= MESSAGE_MAX_BLOCKS
        assert check_message(kwargs["text"], kwargs["blocks"]) == []

    assert check_view(prep_review(state(answers, agenda=value)).to_dict()) == []


def test_an_agenda_full_of_characters_that_need_escaping_is_never_rejected() -> None:
    answers, carried = longest()
    amps, lts = "&" * TEXT_MAX, "<" * TEXT_MAX
    answers = replace(
        answers, strengths=amps, grow_skills=amps, energizing_work=amps, underused_skills=amps, direction=lts
    )
    answers = replace(answers, paths=amps, topics=">" * TEXT_MAX)

    kwargs = manager_copy(agenda(answers, carried))

    assert check_message(kwargs["text"], kwargs["blocks"]) == []
    assert "<@U0000000009>" in all_text(kwargs["blocks"])  # the people line survives the section limit


# -- carried-over items --------------------------------------------------------------------------------------


def test_carried_items_show_owner_due_date_and_status_note() -> None:
    carried = (
        item("Book the course", date(2026, 12, 1), ItemStatus.IN_PROGRESS),
        item("Intro to Priya & Leo", date(2027, 1, 15), ItemStatus.BLOCKED, owner="U0MIRA"),
        item("Read the staff engineer guide"),
    )

    text = body_text(PrepAnswers(), carried)

    assert "*Carried over from earlier conversations*\n" in text
    assert "• Book the course — <@U0ANA>, due Tue 1 Dec _(in progress)_" in text
    assert "• Intro to Priya &amp; Leo — <@U0MIRA>, due Fri 15 Jan _(blocked)_" in text
    assert "• Read the staff engineer guide — <@U0ANA>\n" in text  # open and undated: no note, no date
    assert text.index("Book the course") < text.index("Intro to Priya") < text.index("Read the staff")


def test_carried_items_beyond_the_limit_are_counted_not_listed() -> None:
    carried = tuple(item(f"item {n:02d}") for n in range(MAX_CARRIED + 3))

    text = body_text(PrepAnswers(), carried)

    assert f"item {MAX_CARRIED - 1:02d}" in text
    assert f"item {MAX_CARRIED:02d}" not in text
    assert "…and 3 more (see `/career-prep items`)." in text


def test_exactly_the_limit_of_carried_items_needs_no_more_line() -> None:
    text = body_text(PrepAnswers(), tuple(item(f"item {n}") for n in range(MAX_CARRIED)))

    assert text.count("\n• ") == MAX_CARRIED
    assert "more (see" not in text


def test_no_carried_items_no_carried_section() -> None:
    assert "Carried over" not in body_text(FULL)


# -- the manager's copy --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reader_tz", "when"),
    [
        ("America/New_York", "Tue 8 Dec 2026, 09:30 (America/New_York)"),
        ("Europe/Berlin", "Tue 8 Dec 2026, 15:30 (Europe/Berlin)"),
        ("Asia/Kolkata", "Tue 8 Dec 2026, 20:00 (Asia/Kolkata)"),
    ],
)
def test_the_managers_copy_is_in_the_readers_zone(reader_tz: str, when: str) -> None:
    kwargs = manager_copy(agenda(), reader_tz=reader_tz, updated_at=EDITED)

    assert kwargs["text"] == f"Ana Silva shared an agenda for your 1:1 on {when}"
    header, about = kwargs["blocks"][0], kwargs["blocks"][1]
    assert header["text"]["text"] == "Career conversation: Ana Silva"
    assert about["elements"][0]["text"].startswith(f"<@U0ANA> prepared this for your 1:1 on {when}. Updated ")
    edited = {"America/New_York": "04:15", "Europe/Berlin": "10:15", "Asia/Kolkata": "14:45"}[reader_tz]
    assert f"Updated Tue 24 Nov 2026, {edited} ({reader_tz})." in about["elements"][0]["text"]


@pytest.mark.parametrize("updated_at", [None, SHARED, datetime(2026, 11, 22, tzinfo=UTC)])
def test_the_managers_copy_says_updated_only_after_an_edit_since_sharing(updated_at: datetime | None) -> None:
    kwargs = manager_copy(agenda(), updated_at=updated_at)

    assert "Updated" not in all_text(kwargs["blocks"])


def test_the_managers_copy_shows_the_whole_agenda_and_says_who_can_see_it() -> None:
    kwargs = manager_copy(agenda(carried=(item("Book the course"),)))
    text = all_text(kwargs["blocks"])

    assert all_text([b.to_dict() for b in agenda_body(agenda(carried=(item("Book the course"),)), tz="UTC")]) in text
    assert kwargs["blocks"][-2]["type"] == "divider"
    assert "Only you can see this. Career conversations are about growth" in text


@pytest.mark.parametrize(
    "render",
    [
        lambda a: agenda_message(a, reader_tz="UTC", shared_at=SHARED, updated_at=None),
        lambda a: manager_brief(brief(a), reader_tz="UTC"),
        lambda a: Message("", agenda_body(a, tz="UTC")),
    ],
    ids=["agenda_message", "manager_brief", "agenda_body"],
)
@pytest.mark.parametrize("answers", [FULL, PrepAnswers(topics="x")], ids=["full", "one-answer"])
def test_the_feedback_question_is_always_there(render: Any, answers: PrepAnswers) -> None:
    message = render(agenda(answers))

    assert f"*Feedback I'd value*\n{FEEDBACK_QUESTION}" in all_text([b.to_dict() for b in message.blocks])


def test_agenda_withdrawn_tells_the_manager_who_took_it_back() -> None:
    kwargs = agenda_withdrawn(employee_user_id="U0ANA", employee_name="Ana Silva").as_kwargs()

    assert kwargs["text"] == "Ana Silva took their agenda back for now"
    assert "<@U0ANA> took this agenda back to rework it" in all_text(kwargs["blocks"])
    assert "Strengths" not in all_text(kwargs["blocks"])
    assert check_message(kwargs["text"], kwargs["blocks"]) == []


def test_the_employees_name_is_escaped_in_the_fallback_text() -> None:
    name = "Ana <!channel> & co"
    value = agenda(name=name)

    for message in (
        agenda_message(value, reader_tz="UTC", shared_at=SHARED, updated_at=None),
        agenda_withdrawn(employee_user_id="U0ANA", employee_name=name),
        manager_brief(brief(value), reader_tz="UTC"),
    ):
        assert "<!channel>" not in message.as_kwargs()["text"]


@pytest.mark.parametrize(
    ("build", "says"),
    [
        (agenda_replaced, "<@U0ANA> shared a newer version of this agenda: see the latest message below."),
        (agenda_moved, "<@U0ANA> now has their 1:1s with someone else, so this agenda was taken back."),
    ],
)
def test_an_old_copy_keeps_no_content(build: Any, says: str) -> None:
    kwargs = build(employee_user_id="U0ANA", employee_name="Ana <!channel>").as_kwargs()

    assert says in all_text(kwargs["blocks"])
    assert "<!channel>" not in kwargs["text"]
    assert "Strengths" not in all_text(kwargs)
    assert check_message(kwargs["text"], kwargs["blocks"]) == []


# -- the manager's brief -------------------------------------------------------------------------------------


def test_the_brief_shows_the_shared_agenda() -> None:
    kwargs = manager_brief(brief(agenda()), reader_tz="America/New_York", sent_on=date(2026, 12, 7)).as_kwargs()
    text = all_text(kwargs["blocks"])

    assert kwargs["text"] == "Tomorrow: career conversation with Ana Silva (Tue 8 Dec 2026, 09:30 (America/New_York))"
    assert kwargs["blocks"][0]["text"]["text"] == "Tomorrow: career conversation with Ana Silva"
    assert "Your 1:1 with <@U0ANA> is on Tue 8 Dec 2026, 09:30 (America/New_York)." in text
    assert "*Ana Silva shared an agenda:*" in text
    for label, value in LABELLED:
        assert f"*{label}*\n>{value}" in text
    assert "hasn't shared" not in text
    assert check_message(kwargs["text"], kwargs["blocks"]) == []


def test_the_brief_without_an_agenda_says_so_and_lets_them_lead() -> None:
    kwargs = manager_brief(brief(None), reader_tz="Europe/Berlin").as_kwargs()
    text = all_text(kwargs["blocks"])

    assert "<@U0ANA> hasn't shared a prep for this one. That's fine" in text
    assert "Tue 8 Dec 2026, 15:30 (Europe/Berlin)" in text
    assert "shared an agenda" not in text
    assert "Feedback I'd value" not in text
    assert check_message(kwargs["text"], kwargs["blocks"]) == []


@pytest.mark.parametrize("value", [None, agenda()], ids=["no-agenda", "agenda"])
def test_the_brief_numbers_its_questions_and_gives_the_three_line_guide(value: Agenda | None) -> None:
    text = all_text(manager_brief(brief(value), reader_tz="UTC").as_kwargs()["blocks"])

    numbered = "\n".join(f"{n}. {q.text}" for n, q in enumerate(brief().questions, start=1))
    assert f"*Questions you could ask*\n{numbered}" in text
    assert "*A short guide*\n" + "\n".join(COACHING_GUIDE) in text
    assert len(COACHING_GUIDE) == 3
    assert "growth, not performance ratings or pay" in text


def test_the_brief_escapes_the_name_in_its_section() -> None:
    text = all_text(manager_brief(brief(agenda(name="Ana <!here>")), reader_tz="UTC").as_kwargs()["blocks"])

    assert "*Ana &lt;!here&gt; shared an agenda:*" in text


# -- the prep form -------------------------------------------------------------------------------------------


def test_prep_form_is_prefilled_from_the_saved_draft() -> None:
    view = prep_form(state(saved_at=EDITED)).to_dict()
    elements = inputs(view)

    assert view["callback_id"] == Callback.PREP_FORM
    assert decode(PrepRef, view["private_metadata"]) == PrepRef(conversation_id=42)
    for name in ("strengths", "grow_skills", "energizing_work", "underused_skills", "direction", "paths", "topics"):
        element = elements[f"prep_{name}"]
        assert element["initial_value"] == getattr(FULL, name)
        assert (element["action_id"], element["max_length"], element["multiline"]) == (Action.PREP_TEXT, TEXT_MAX, True)
    assert elements["prep_people"]["initial_users"] == ["U0PRIYA", "U0LEO"]
    assert elements["prep_people"]["max_selected_items"] == MAX_PEOPLE
    assert elements["prep_ask_0"]["initial_option"]["value"] == "mentor"
    assert elements["prep_ask_0_detail"]["initial_value"] == "someone who moved into product"
    assert elements["prep_ask_1"]["initial_option"]["value"] == "certification"
    assert "initial_value" not in elements["prep_ask_1_detail"]
    assert "initial_option" not in elements["prep_ask_2"]
    assert "initial_value" not in elements["prep_ask_2_detail"]
    assert elements["prep_ask_0_detail"]["max_length"] == ASK_DETAIL_MAX
    text = all_text(view["blocks"])
    assert "*Prepare for your 1:1 with <@U0MIRA>* on Tue 8 Dec 2026, 15:30 (Europe/Berlin)." in text
    assert "Last saved Tue 24 Nov 2026, 10:15 (Europe/Berlin)." in text
    assert check_view(view) == []


def test_an_empty_prep_form_has_no_initial_values() -> None:
    view = prep_form(state(PrepAnswers())).to_dict()

    for element in inputs(view).values():
        assert not {"initial_value", "initial_users", "initial_option"} & set(element)
    assert "Last saved" not in all_text(view["blocks"])
    assert check_view(view) == []


def test_prep_form_with_every_answer_at_its_maximum_is_valid() -> None:
    answers, _ = longest()
    view = prep_form(state(answers, saved_at=EDITED)).to_dict()

    assert check_view(view) == []
    for element in inputs(view).values():
        if "initial_value" in element:
            assert len(element["initial_value"]) <= element["max_length"]
    assert len(inputs(view)["prep_people"]["initial_users"]) == MAX_PEOPLE
    assert [inputs(view)[f"prep_ask_{n}"]["initial_option"]["value"] for n in range(MAX_ASKS)] == [
        "lead_project",
        "mentor",
        "certification",
    ]


# -- the review step -----------------------------------------------------------------------------------------


def share_box(view: Json) -> Json:
    return inputs(view)["prep_share"]


def test_prep_review_shows_the_agenda_and_ticks_share_by_default() -> None:
    view = prep_review(state()).to_dict()
    text = all_text(view["blocks"])

    assert view["callback_id"] == Callback.PREP_REVIEW
    assert decode(PrepRef, view["private_metadata"]) == PrepRef(conversation_id=42)
    assert "*Here is your agenda as your manager would see it:*" in text
    for label, value in LABELLED:
        assert f"*{label}*\n>{value}" in text
    box = share_box(view)
    assert [o["value"] for o in box["initial_options"]] == ["share"]
    assert box["options"][0]["text"]["text"] == "Share with Mira Chen"
    assert "Not shared yet. Only you can see it." in text
    assert "Your 1:1 with <@U0MIRA> is on Tue 8 Dec 2026, 15:30 (Europe/Berlin)." in text
    edit = next(d for d in walk(view["blocks"]) if d.get("action_id") == Action.PREP_EDIT)
    assert decode(PrepRef, edit["value"]) == PrepRef(conversation_id=42)
    assert check_view(view) == []


def test_prep_review_of_an_empty_prep_leaves_share_unticked() -> None:
    view = prep_review(state(PrepAnswers(topics="   "))).to_dict()
    text = all_text(view["blocks"])

    assert "initial_options" not in share_box(view)
    assert "Your prep is empty so far" in text
    assert "Here is your agenda" not in text
    assert check_view(view) == []


def test_prep_review_says_when_it_was_shared_in_the_employees_zone() -> None:
    text = all_text(prep_review(state(shared_at=SHARED)).to_dict()["blocks"])

    assert "Shared Mon 23 Nov 2026, 15:00 (Europe/Berlin). Unticking takes it back." in text
    assert "Not shared yet" not in text


def test_prep_review_after_edits_says_the_manager_keeps_the_shared_version() -> None:
    view = prep_review(state(shared_at=SHARED, unshared_changes=True)).to_dict()
    text = all_text(view["blocks"])

    assert "Mira Chen still has the version you shared Mon 23 Nov 2026, 15:00 (Europe/Berlin)" in text
    assert "your edits stay private until you press Done with Share ticked" in text
    description = share_box(view)["options"][0]["description"]["text"]
    assert description == "They get this new version by DM when you press Done."
    assert check_view(view) == []


def test_the_prep_form_of_a_shared_prep_says_edits_stay_private_until_shared_again() -> None:
    shared = all_text(prep_form(state(shared_at=SHARED)).to_dict()["blocks"])
    private = all_text(prep_form(state()).to_dict()["blocks"])

    assert "Mira Chen has the version you shared Mon 23 Nov 2026, 15:00 (Europe/Berlin)" in shared
    assert "your edits reach them only if you share again on the next step" in shared
    assert "has the version you shared" not in private


def test_prep_review_for_a_manager_who_has_not_confirmed_says_it_waits() -> None:
    view = prep_review(state(manager_confirmed=False)).to_dict()

    description = share_box(view)["options"][0]["description"]["text"]
    assert description == "They get it once they confirm they're your manager."
    assert check_view(view) == []


def test_prep_review_of_the_longest_prep_stays_within_a_modal() -> None:
    answers, carried = longest()
    view = prep_review(state(answers, agenda=agenda(answers, carried), shared_at=SHARED)).to_dict()

    assert len(view["blocks"]) < 100
    assert check_view(view) == []


def test_a_long_manager_name_is_clipped_in_the_share_option() -> None:
    view = prep_review(state(manager_name="M" * 200)).to_dict()

    assert len(share_box(view)["options"][0]["text"]["text"]) <= 75
    assert check_view(view) == []


# -- the share notice ----------------------------------------------------------------------------------------


def test_agenda_shared_tells_the_employee_in_their_zone() -> None:
    kwargs = agenda_shared(
        manager_user_id="U0MIRA", shared_at=SHARED, scheduled_at=MEETING, tz="Asia/Kolkata"
    ).as_kwargs()
    text = all_text(kwargs["blocks"])

    assert "Your agenda is with <@U0MIRA> (shared Mon 23 Nov 2026, 19:30 (Asia/Kolkata))" in kwargs["text"]
    assert "until your 1:1 on Tue 8 Dec 2026, 20:00 (Asia/Kolkata)" in kwargs["text"]
    assert kwargs["text"] in text
    assert [d["action_id"] for d in walk(kwargs["blocks"]) if d.get("type") == "button"] == [Action.OPEN_PREP]
    assert "Only your manager sees what you share" in text
    assert check_message(kwargs["text"], kwargs["blocks"]) == []


def test_agenda_shared_with_a_manager_who_has_not_confirmed_says_it_waits() -> None:
    kwargs = agenda_shared(
        manager_user_id="U0MIRA", shared_at=SHARED, scheduled_at=MEETING, tz="Europe/Berlin", manager_confirmed=False
    ).as_kwargs()

    assert "Your agenda is with" not in kwargs["text"]
    assert "<@U0MIRA>" in kwargs["text"]
    assert "haven't confirmed yet that they're your manager" in kwargs["text"]
    assert "They get it as soon as they confirm" in kwargs["text"]
    assert check_message(kwargs["text"], kwargs["blocks"]) == []


@pytest.mark.parametrize(
    ("manager_changed", "why"), [(False, "you took it back"), (True, "you changed manager")], ids=["unshared", "moved"]
)
def test_agenda_no_longer_shared_replaces_the_share_notice(manager_changed: bool, why: str) -> None:
    kwargs = agenda_no_longer_shared(taken_back_at=SHARED, tz="Europe/Berlin", manager_changed=manager_changed)
    text = kwargs.as_kwargs()["text"]

    assert f"This agenda is no longer shared: {why} on Mon 23 Nov 2026, 15:00 (Europe/Berlin)." in text
    assert "Your agenda is with" not in text
    assert check_message(text, kwargs.as_kwargs()["blocks"]) == []


@pytest.mark.parametrize(
    ("sent_on", "header"),
    [
        (date(2026, 12, 7), "Tomorrow"),
        (date(2026, 12, 8), "Today"),
        (date(2026, 12, 4), "On Tuesday"),  # sent on Friday for a Tuesday meeting, across the weekend
        (None, "Coming up"),
    ],
)
def test_the_brief_says_when_the_meeting_is_from_the_managers_day(sent_on: date | None, header: str) -> None:
    kwargs = manager_brief(brief(agenda()), reader_tz="America/New_York", sent_on=sent_on).as_kwargs()

    assert kwargs["blocks"][0]["text"]["text"] == f"{header}: career conversation with Ana Silva"
