"""The default bank beyond career growth: brief questions and prep prompts for stay interviews,
mid-year reviews and feedback conversations (data, in our own words)."""

from __future__ import annotations

from bot.domain.conversation_types import ConversationType
from bot.domain.question_bank import QUESTIONS, Question

_STAY = (ConversationType.STAY_INTERVIEW.value,)
_MID = (ConversationType.MID_YEAR_REVIEW.value,)
_FEEDBACK = (ConversationType.FEEDBACK.value,)

TYPED_QUESTIONS: tuple[Question, ...] = (
    Question("stay-keeps-you", "stay", "What keeps you here on the days work feels hard?", _STAY),
    Question("stay-looking-forward", "stay", "What do you look forward to most when you start your week?", _STAY),
    Question("stay-tempt-away", "risk", "If another company called tomorrow, what would make you listen?", _STAY),
    Question(
        "stay-one-change", "risk", "What is one thing that, if it changed, would make you think of leaving?", _STAY
    ),
    Question("stay-recognised", "support", "When did you last feel your work was really noticed here?", _STAY),
    Question(
        "stay-manager-help", "support", "What could I do differently that would make this a better job for you?", _STAY
    ),
    Question("mid-year-proud", "looking-back", "Looking back over the half year, what are you proudest of?", _MID),
    Question("mid-year-surprise", "looking-back", "What turned out differently than you expected this year?", _MID),
    Question("mid-year-goals", "goals", "Which of the goals you set still matter, and which would you drop?", _MID),
    Question("mid-year-next-six", "goals", "What should the next six months add that the last six didn't?", _MID),
    Question("mid-year-support", "support", "What help would make the second half of the year go better?", _MID),
    Question("mid-year-skills", "support", "Which skill grew most since the start of the year, and how?", _MID),
    Question(
        "feedback-recent",
        "receiving",
        "What is one piece of feedback from the last month that stuck with you?",
        _FEEDBACK,
    ),
    Question("feedback-blind-spot", "receiving", "Where would you like a second pair of eyes on your work?", _FEEDBACK),
    Question("feedback-for-me", "giving", "What is one thing I do that makes your work harder?", _FEEDBACK),
    Question("feedback-team", "giving", "What would you tell the team if you knew it would be heard well?", _FEEDBACK),
    Question(
        "feedback-how",
        "format",
        "How do you like to hear feedback: written first, in the moment, or saved for 1:1s?",
        _FEEDBACK,
    ),
    Question(
        "feedback-often", "format", "Would you like feedback from me more often, less often, or differently?", _FEEDBACK
    ),
)

# Prompts the employee sees at the top of their prep form for that kind of 1:1. The form's own
# questions are the career-growth prompts, so that type has none here.
PREP_PROMPTS: dict[ConversationType, tuple[str, ...]] = {
    ConversationType.STAY_INTERVIEW: (
        "What makes you glad to be on this team, and what makes it harder to stay?",
        "Is there something you would miss if you left? Something you wouldn't?",
        "What would make the next year here better than the last one?",
    ),
    ConversationType.MID_YEAR_REVIEW: (
        "Which goals from the start of the year have you met, and which have moved?",
        "What did you learn this half year that you want to keep using?",
        "What do you want the second half of the year to be about?",
    ),
    ConversationType.FEEDBACK: (
        "Which piece of your recent work would you like feedback on?",
        "Is there feedback you'd like to give your manager or the team?",
    ),
    ConversationType.CAREER_GROWTH: (),
}

DEFAULT_BRIEF: tuple[Question, ...] = QUESTIONS + TYPED_QUESTIONS
DEFAULT_BY_ID = {question.id: question for question in DEFAULT_BRIEF}


def default_brief(kind: ConversationType) -> tuple[Question, ...]:
    """The default brief questions for a type of 1:1."""
    return tuple(q for q in DEFAULT_BRIEF if kind.value in q.tags)
