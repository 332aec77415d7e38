"""The kinds of 1:1 a pair can choose for one meeting, and how people type and read them."""

from __future__ import annotations

from enum import StrEnum


class ConversationType(StrEnum):
    """Also the tags a question carries: a question tagged with a type is asked in that kind of 1:1."""

    CAREER_GROWTH = "career_growth"
    FEEDBACK = "feedback"
    STAY_INTERVIEW = "stay_interview"
    MID_YEAR_REVIEW = "mid_year_review"


LABELS: dict[ConversationType, str] = {
    ConversationType.CAREER_GROWTH: "career conversation",
    ConversationType.FEEDBACK: "feedback conversation",
    ConversationType.STAY_INTERVIEW: "stay interview",
    ConversationType.MID_YEAR_REVIEW: "mid-year review",
}
# What people type after `/career-prep type`: the dashed names, plus a few obvious spellings.
TYPED_NAMES: dict[str, ConversationType] = {
    **{kind.value.replace("_", "-"): kind for kind in ConversationType},
    "career": ConversationType.CAREER_GROWTH,
    "default": ConversationType.CAREER_GROWTH,
    "stay": ConversationType.STAY_INTERVIEW,
    "mid-year": ConversationType.MID_YEAR_REVIEW,
}


def parse_type(text: str) -> ConversationType | None:
    """The type a person typed ("stay-interview", "stay_interview", "Mid-Year"), or None."""
    return TYPED_NAMES.get(text.strip().lower().replace("_", "-").replace(" ", "-"))


def type_of(stored: str | None) -> ConversationType:
    """A conversation's stored type; NULL (or a value this version does not know) is career growth."""
    try:
        return ConversationType(stored) if stored else ConversationType.CAREER_GROWTH
    except ValueError:
        return ConversationType.CAREER_GROWTH


def stored_type(kind: ConversationType) -> str | None:
    """What the column holds: NULL for the usual career-growth conversation."""
    return None if kind is ConversationType.CAREER_GROWTH else kind.value


TYPE_CHOICES = ", ".join(f"`{kind.value.replace('_', '-')}`" for kind in ConversationType)
