"""Open-ended questions a manager can ask in a career conversation (data, in our own words)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    id: str
    theme: str
    text: str
    # The conversation types (bot.domain.conversation_types) it is asked in.
    tags: tuple[str, ...] = ("career_growth",)


# Themes let a brief mix angles (energy, growth, direction, support) instead of three alike.
QUESTIONS: tuple[Question, ...] = (
    Question(
        "energy-recent", "energy", "Which piece of work in the last few weeks left you with more energy than it took?"
    ),
    Question("energy-drain", "energy", "What part of your week would you happily hand to someone else, and why?"),
    Question("energy-flow", "energy", "When did you last lose track of time at work? What were you doing?"),
    Question("energy-proud", "energy", "What are you proudest of since we last talked about your growth?"),
    Question(
        "growth-next-skill", "growth", "Which skill would make the biggest difference to you if you built it this year?"
    ),
    Question("growth-stretch", "growth", "What kind of assignment would stretch you without overwhelming you?"),
    Question("growth-learn-how", "growth", "How do you learn best: doing, reading, pairing with someone, or teaching?"),
    Question("growth-hidden", "growth", "What can you do well that the team rarely asks you to do?"),
    Question(
        "direction-two-years",
        "direction",
        "Picture yourself two years from now on a good day. What are you working on?",
    ),
    Question("direction-curious", "direction", "Which role or team here are you curious about, even a little?"),
    Question(
        "direction-depth-breadth",
        "direction",
        "Do you want to go deeper in your field, or broader across fields, next?",
    ),
    Question(
        "direction-lead", "direction", "What draws you to leading people or leading work, and what gives you pause?"
    ),
    Question("support-obstacle", "support", "What is getting in the way of the growth you want right now?"),
    Question("support-from-me", "support", "What is one thing I could do more of, or less of, to help you grow?"),
    Question(
        "support-who", "support", "Who here would be good for you to learn from, if I helped with an introduction?"
    ),
    Question(
        "support-visibility", "support", "Is there work you do that you feel goes unseen? How could we make it visible?"
    ),
)

BY_ID = {question.id: question for question in QUESTIONS}
THEMES = tuple(dict.fromkeys(question.theme for question in QUESTIONS))


def pick_questions(*, avoid: frozenset[str], seed: int, count: int = 3) -> tuple[Question, ...]:
    """`count` questions of the default career-growth bank from different themes, none of those in
    `avoid` (the pair's last brief)."""
    return pick_from(QUESTIONS, avoid=avoid, seed=seed, count=count)


def pick_from(pool: Sequence[Question], *, avoid: frozenset[str], seed: int, count: int = 3) -> tuple[Question, ...]:
    """`count` questions from `pool`, one per theme in turn (round after round when there are fewer
    themes than `count`), none of those in `avoid` while any other is left.

    Deterministic for a seed, so a brief re-rendered for the same meeting asks the same questions.
    """
    fresh = [q for q in pool if q.id not in avoid] or list(pool)
    themes = list(dict.fromkeys(q.theme for q in fresh))
    by_theme = {theme: [q for q in fresh if q.theme == theme] for theme in themes}
    chosen: list[Question] = []
    for turn in range(max((len(options) for options in by_theme.values()), default=0)):
        for offset in range(len(themes)):
            options = by_theme[themes[(seed + offset) % len(themes)]]
            if turn < len(options):
                chosen.append(options[(seed // len(themes) + turn) % len(options)])
            if len(chosen) == count:
                return tuple(chosen)
    return tuple(chosen)


COACHING_GUIDE: tuple[str, str, str] = (
    "*Make it safe:* say this is about their future, not a rating or a pay talk, and that honest answers help.",
    "*Listen first:* ask, then let the silence work; reflect back what you heard before you suggest anything.",
    "*Offer something concrete:* leave with at least one thing you will do for them, and when.",
)
