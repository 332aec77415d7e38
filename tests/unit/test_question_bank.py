"""The manager's question bank: picks from different themes, avoiding the last brief, stable per seed."""

from __future__ import annotations

import pytest

from bot.domain.question_bank import BY_ID, COACHING_GUIDE, QUESTIONS, THEMES, Question, pick_questions

SEEDS = range(200)
ALL_IDS = frozenset(BY_ID)


def test_pick_returns_count_questions_from_different_themes() -> None:
    for seed in SEEDS:
        picked = pick_questions(avoid=frozenset(), seed=seed)

        assert len(picked) == 3
        assert len({q.theme for q in picked}) == 3
        assert all(q in QUESTIONS for q in picked)


@pytest.mark.parametrize("count", [1, 2, 3, len(THEMES)])
def test_pick_honours_count_up_to_one_per_theme(count: int) -> None:
    picked = pick_questions(avoid=frozenset(), seed=7, count=count)

    assert len(picked) == count
    assert len({q.theme for q in picked}) == count


def test_pick_never_repeats_the_previous_brief() -> None:
    for seed in SEEDS:
        for other in (seed, seed + 1, seed + 4):
            previous = frozenset(q.id for q in pick_questions(avoid=frozenset(), seed=other))

            picked = pick_questions(avoid=previous, seed=seed)

            assert len(picked) == 3
            assert len({q.theme for q in picked}) == 3
            assert not {q.id for q in picked} & previous


def test_pick_avoids_a_large_avoid_set_while_enough_is_left() -> None:
    # One question left per theme: still one from each theme, none of those avoided.
    keep = {next(q.id for q in QUESTIONS if q.theme == theme) for theme in THEMES}
    avoid = ALL_IDS - keep

    for seed in SEEDS:
        picked = pick_questions(avoid=avoid, seed=seed)
        assert {q.id for q in picked} <= keep
        assert len(picked) == 3


def test_a_chain_of_briefs_never_repeats_the_one_before() -> None:
    previous: frozenset[str] = frozenset()
    for seed in SEEDS:
        picked = frozenset(q.id for q in pick_questions(avoid=previous, seed=seed))
        assert len(picked) == 3
        assert not picked & previous
        previous = picked


@pytest.mark.parametrize("avoid", [frozenset(), frozenset({"energy-recent", "growth-stretch", "support-who"})])
def test_pick_is_deterministic_for_a_seed(avoid: frozenset[str]) -> None:
    for seed in SEEDS:
        assert pick_questions(avoid=avoid, seed=seed) == pick_questions(avoid=avoid, seed=seed)


def test_pick_varies_across_seeds() -> None:
    picks = {pick_questions(avoid=frozenset(), seed=seed) for seed in SEEDS}
    used = {q.id for pick in picks for q in pick}

    assert len(picks) >= 10
    assert used == ALL_IDS  # over enough meetings every question gets its turn


def test_when_everything_is_avoided_it_still_asks_something() -> None:
    for seed in SEEDS:
        picked = pick_questions(avoid=ALL_IDS, seed=seed)
        assert len(picked) == 3
        assert len({q.theme for q in picked}) == 3


def test_unknown_ids_in_avoid_are_harmless() -> None:
    assert pick_questions(avoid=frozenset({"retired-question"}), seed=5) == pick_questions(avoid=frozenset(), seed=5)


def test_question_ids_are_unique_and_indexed() -> None:
    assert len({q.id for q in QUESTIONS}) == len(QUESTIONS)
    assert {q.id: q for q in QUESTIONS} == BY_ID
    assert all(q.id.startswith(f"{q.theme}-") for q in QUESTIONS)


def test_every_theme_has_enough_questions_to_avoid_the_last_brief() -> None:
    assert len(THEMES) >= 3
    for theme in THEMES:
        assert sum(q.theme == theme for q in QUESTIONS) >= 2


@pytest.mark.parametrize("question", [pytest.param(q, id=q.id) for q in QUESTIONS])
def test_each_question_is_a_short_question(question: Question) -> None:
    text = question.text

    assert text == text.strip()
    assert len(text) < 150
    assert text.endswith("?")


def test_coaching_guide_has_three_lines() -> None:
    assert len(COACHING_GUIDE) == 3
    assert all(line and "\n" not in line for line in COACHING_GUIDE)
    assert len(set(COACHING_GUIDE)) == 3
