"""The prep form reads back what it was built with, and every field error lands on one of its blocks."""

from __future__ import annotations

import pytest

from bot.domain.prep import F_CLOSED, F_SHARE, PrepState
from bot.domain.prep_answers import MAX_ASKS, TEXT_FIELDS, Ask, AskKind, PrepAnswers
from bot.slack.forms.prep import block_for, prep_answers, prep_form
from bot.slack.forms.prep_review import prep_review, shares
from tests.support.prefilled import input_blocks, untouched
from tests.support.prep_states import prep_state

ANSWERS = PrepAnswers(
    strengths="explaining things",
    grow_skills="public speaking",
    energizing_work="the billing migration",
    underused_skills="research",
    direction="lead a team",
    paths="product",
    people=("U0LEO", "U0KIM"),
    asks=(Ask(AskKind.MENTOR, "someone in product"), Ask(AskKind.CERTIFICATION, "")),
    topics="visibility",
)


def state(answers: PrepAnswers = ANSWERS) -> PrepState:
    return prep_state(answers)


@pytest.mark.parametrize("answers", [ANSWERS, PrepAnswers()])
def test_a_form_submitted_untouched_reads_back_the_answers_it_showed(answers: PrepAnswers) -> None:
    read, errors = prep_answers(untouched(prep_form(state(answers)).to_dict()))

    assert (read, errors) == (answers, {})


def test_a_review_submitted_untouched_shares_unless_the_prep_is_empty() -> None:
    assert shares(untouched(prep_review(state()).to_dict())) is True
    assert shares(untouched(prep_review(state(PrepAnswers())).to_dict())) is False


@pytest.mark.parametrize("field", [*TEXT_FIELDS, *(f"ask_{i}" for i in range(MAX_ASKS)), "people", F_CLOSED])
def test_every_field_error_lands_on_a_block_of_the_form(field: str) -> None:
    assert block_for(field) in input_blocks(prep_form(state()).to_dict())


def test_the_share_error_lands_on_the_review() -> None:
    assert block_for(F_SHARE) in input_blocks(prep_review(state()).to_dict())
