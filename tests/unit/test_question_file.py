"""The workspace question file: good files read in order, every bad entry named by its line, nothing
half-read."""

from __future__ import annotations

import pytest

from bot.domain.question_file import MAX_QUESTIONS, TEXT_MAX, BadQuestionFile, QuestionEntry, parse_question_file


def problems(text: str) -> list[str]:
    with pytest.raises(BadQuestionFile) as refused:
        parse_question_file(text)
    return refused.value.problems


def test_a_good_file_reads_in_order_with_defaults_for_theme_and_tags() -> None:
    entries = parse_question_file(
        "# comments are fine\n"
        "- id: one\n"
        "  text: '  What   is next?  '\n"
        "  audience: brief\n"
        "  theme: direction\n"
        "  tags: [stay_interview, feedback, stay_interview]\n"
        "- {id: two.b, text: Think about your week, audience: prep}\n"
        "- id: three\n"
        "  text: >\n"
        "    A folded\n"
        "    question?\n"
        "  audience: brief\n"
        "  tags: mid_year_review\n"
    )

    assert entries == (
        QuestionEntry("one", "What is next?", "brief", "direction", ("stay_interview", "feedback"), 2),
        QuestionEntry("two.b", "Think about your week", "prep", "general", ("career_growth",), 7),
        QuestionEntry("three", "A folded question?", "brief", "general", ("mid_year_review",), 8),
    )


@pytest.mark.parametrize("text", ["", "# nothing yet\n", "[]\n"])
def test_an_empty_file_means_no_questions(text: str) -> None:
    assert parse_question_file(text) == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: one\ntext: Hi?\n", ["line 1: the file must be a list of questions, like:"]),
        ("- just a line\n", ["line 1: each question is a mapping with id, text and audience"]),
        ("- id: a\n  text: [x\n", ["line 3: not valid YAML"]),
        ("- id: a\n  text: Hi?\n", ["line 1: the question has no audience"]),
        ("- id: a\n  text: Hi?\n  audience: brief\n  id: b\n", ["line 4: id is given twice"]),
        ("- id: a\n  text: [Hi]\n  audience: brief\n", ["line 2: text must be a single value, not a list or mapping"]),
        ("- id: a\n  text: Hi?\n  audience: brief\n  tags: []\n", ["line 4: tags must be a list of: career_growth"]),
        ("- id: a\n  text: Hi?\n  audience: brief\n  tags: {a: 1}\n", ["line 4: tags must be a list of"]),
        ("- id: a\n  text: Hi?\n  audience: brief\n  tags: [[x]]\n", ["line 4: unknown tag"]),
        ("- id: -a\n  text: Hi?\n  audience: brief\n", ["line 1: id '-a' is not usable"]),
        ("- id: a\n  text: Hi?\n  audience: brief\n  theme: " + "t" * 33 + "\n", ["line 4: theme is longer"]),
        ("- id: a\n  text: " + "w" * (TEXT_MAX + 1) + "\n  audience: brief\n", [f"line 2: text is {TEXT_MAX + 1}"]),
    ],
)
def test_each_bad_entry_is_named_by_its_line(text: str, expected: list[str]) -> None:
    found = problems(text)

    assert len(found) == len(expected), found
    for problem, start in zip(found, expected, strict=True):
        assert problem.startswith(start), problem


def test_every_problem_of_a_file_is_listed_in_line_order() -> None:
    found = problems(
        "- id: dup\n"  # 1
        "  text: First?\n"
        "  audience: brief\n"
        "- id: fine\n"  # 4
        "  text: ''\n"  # 5
        "  audience: everyone\n"  # 6
        "- id: dup\n"  # 7
        "  text: Second?\n"
        "  audience: prep\n"
    )

    assert found == [
        "line 5: text is empty",
        "line 6: audience must be brief or prep, not 'everyone'",
        "line 7: id 'dup' is already used on line 1",
    ]


def test_too_many_questions_is_one_clear_problem() -> None:
    entry = "- {id: q%d, text: Hi there, audience: brief}\n"
    text = "".join(entry % n for n in range(MAX_QUESTIONS + 1))

    assert problems(text) == [f"line 1: at most {MAX_QUESTIONS} questions per workspace"]
