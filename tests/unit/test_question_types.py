"""Conversation types, the typed default bank, picking from any pool, and the prep form and brief
adapting to the meeting's type."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.domain.brief import Brief
from bot.domain.conversation_types import LABELS, ConversationType, parse_type, stored_type, type_of
from bot.domain.prep_answers import PrepAnswers
from bot.domain.question_bank import Question, pick_from
from bot.domain.question_defaults import DEFAULT_BRIEF, PREP_PROMPTS, TYPED_QUESTIONS, default_brief
from bot.domain.question_file import TEXT_MAX
from bot.slack.blocks.brief import manager_brief
from bot.slack.blocks.meeting_type import type_chosen
from bot.slack.forms.prep import MAX_PROMPTS, prep_answers, prep_form
from tests.support.blockkit_checks import check_message, check_view
from tests.support.prefilled import untouched
from tests.support.prep_states import prep_state

STAY = ConversationType.STAY_INTERVIEW


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("stay-interview", STAY),
        ("Stay_Interview", STAY),
        ("stay interview", STAY),
        ("mid-year", ConversationType.MID_YEAR_REVIEW),
        ("mid-year-review", ConversationType.MID_YEAR_REVIEW),
        ("feedback", ConversationType.FEEDBACK),
        ("career-growth", ConversationType.CAREER_GROWTH),
        ("default", ConversationType.CAREER_GROWTH),
        ("coffee", None),
        ("", None),
    ],
)
def test_typed_names(typed: str, kind: ConversationType | None) -> None:
    assert parse_type(typed) is kind


def test_stored_types_read_back_and_career_growth_is_null() -> None:
    for kind in ConversationType:
        assert type_of(stored_type(kind)) is kind
    assert stored_type(ConversationType.CAREER_GROWTH) is None
    assert type_of("retired_type") is ConversationType.CAREER_GROWTH


@pytest.mark.parametrize("kind", list(ConversationType))
def test_every_type_has_enough_default_questions_for_two_briefs_in_a_row(kind: ConversationType) -> None:
    pool = default_brief(kind)
    assert len(pool) >= 6
    assert len({q.theme for q in pool}) >= 3
    first = pick_from(pool, avoid=frozenset(), seed=3)
    second = pick_from(pool, avoid=frozenset(q.id for q in first), seed=4)
    assert len(first) == len(second) == 3
    assert not {q.id for q in first} & {q.id for q in second}


@pytest.mark.parametrize("question", [pytest.param(q, id=q.id) for q in TYPED_QUESTIONS])
def test_each_typed_question_is_a_short_question_of_one_known_type(question: Question) -> None:
    assert question.text.endswith("?")
    assert len(question.text) < 150
    assert len(question.tags) == 1
    assert question.tags[0] in set(ConversationType)


def test_default_ids_are_unique_and_stay_apart_from_the_workspace_prefix() -> None:
    assert len({q.id for q in DEFAULT_BRIEF}) == len(DEFAULT_BRIEF)
    assert not [q for q in DEFAULT_BRIEF if q.id.startswith("ws:")]


def test_pick_from_fills_the_count_round_after_round_when_themes_are_few() -> None:
    pool = (*tuple(Question(f"q{n}", "only", f"Question {n}?") for n in range(4)), Question("x", "other", "X?"))
    for seed in range(20):
        picked = pick_from(pool, avoid=frozenset(), seed=seed)
        assert len(picked) == 3
        assert len(set(picked)) == 3
        assert pool[-1] in picked  # the lone other theme is always in the first round


def test_pick_from_prefers_fewer_questions_to_a_repeat_and_repeats_only_when_nothing_is_fresh() -> None:
    pool = tuple(Question(f"q{n}", "t", f"Question {n}?") for n in range(4))
    assert [q.id for q in pick_from(pool, avoid=frozenset({"q0", "q1", "q2"}), seed=1)] == ["q3"]
    assert len(pick_from(pool, avoid=frozenset({"q0", "q1", "q2", "q3"}), seed=1)) == 3
    assert pick_from((), avoid=frozenset(), seed=1) == ()


def test_the_prep_form_shows_the_type_and_its_prompts_and_still_reads_back() -> None:
    answers = PrepAnswers(direction="Lead a team")
    state = prep_state(answers, kind=STAY, prompts=PREP_PROMPTS[STAY])

    view = prep_form(state).to_dict()

    text = json.dumps(view)
    assert "This 1:1 is a stay interview" in text
    assert all(prompt in text for prompt in PREP_PROMPTS[STAY])
    assert prep_answers(untouched(view))[0] == answers
    assert check_view(view) == []


def test_the_usual_prep_form_has_no_type_line_and_many_long_prompts_stay_within_limits() -> None:
    plain = json.dumps(prep_form(prep_state(PrepAnswers())).to_dict())
    assert "This 1:1 is a" not in plain
    assert "To think about" not in plain

    long = tuple(f"<b>{n}</b> & " + "w" * TEXT_MAX for n in range(MAX_PROMPTS + 3))
    view = prep_form(prep_state(PrepAnswers(), prompts=long)).to_dict()

    assert check_view(view) == []
    text = json.dumps(view)
    assert "&lt;b&gt;0&lt;/b&gt; &amp;" in text  # the workspace's text is shown, never read as markup
    assert f"&lt;b&gt;{MAX_PROMPTS}&lt;/b&gt;" not in text


@pytest.mark.parametrize("kind", list(ConversationType))
def test_the_brief_names_the_type_of_meeting(kind: ConversationType) -> None:
    questions = (Question("ws:a", "t", "Is <this> & that fine?"),)
    brief = Brief("U0ANA", "Ana", datetime(2026, 12, 8, 14, 30, tzinfo=UTC), None, questions, kind=kind)

    message = manager_brief(brief, reader_tz="America/New_York")

    assert message.text.startswith(f"Coming up: {LABELS[kind]} with Ana")
    assert "Is &lt;this&gt; &amp; that fine?" in json.dumps(message.blocks_json())
    assert check_message(message.text, message.blocks_json()) == []


@pytest.mark.parametrize("reader_is_employee", [True, False])
@pytest.mark.parametrize("kind", list(ConversationType))
def test_the_other_persons_notice_says_what_the_meeting_is_now(
    kind: ConversationType, reader_is_employee: bool
) -> None:
    message = type_chosen(
        kind=kind,
        chooser_user_id="U0MIRA",
        scheduled_at=datetime(2026, 12, 8, 14, 30, tzinfo=UTC),
        reader_tz="Europe/Berlin",
        reader_is_employee=reader_is_employee,
    )

    assert message.text.startswith(f"<@U0MIRA> made your 1:1 on Tue 8 Dec 2026, 15:30 (Europe/Berlin) a {LABELS[kind]}")
    assert check_message(message.text, message.blocks_json()) == []
