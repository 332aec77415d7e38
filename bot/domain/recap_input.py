"""What a recap form holds (was the meeting held, takeaways, feedback, action-item rows) and the checks
on it before anything is saved; pure, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from bot.domain.items import ITEM_TEXT_MAX

TAKEAWAYS_MAX = 3000
MAX_ROWS = 10
F_TAKEAWAYS = "takeaways"
F_FEEDBACK = "feedback"


class Owner(StrEnum):
    ME = "employee"
    MANAGER = "manager"


class AskChoice(StrEnum):
    """What became of an open ask in the meeting."""

    CARRY = "carry"  # not settled: it stays open and comes back in the next brief
    YES = "yes"
    NOT_NOW = "not_now"


# What the answer functions take (bot.domain.asks); checked here so the form shows it on the field.
ASK_TEXT_MAX = 500


@dataclass(frozen=True)
class AskAnswer:
    """One open ask as the recap records it: answered in the meeting, or carried over."""

    ask_id: int
    choice: AskChoice = AskChoice.CARRY
    text: str = ""  # yes: what happens next; not now: why


@dataclass(frozen=True)
class RecapRow:
    """One action-item row of the form; `item_id` links it to an item saved earlier."""

    text: str
    owner: Owner
    due: date | None = None
    item_id: int | None = None


@dataclass(frozen=True)
class RecapInput:
    met: bool
    takeaways: str = ""
    feedback: str = ""
    rows: tuple[RecapRow, ...] = ()
    close_item_ids: frozenset[int] = field(default_factory=frozenset)
    asks: tuple[AskAnswer, ...] = ()


def validate_recap(data: RecapInput, *, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.met:
        return errors
    if len(data.takeaways) > TAKEAWAYS_MAX:
        errors[F_TAKEAWAYS] = f"Please keep this under {TAKEAWAYS_MAX} characters."
    if len(data.feedback) > TAKEAWAYS_MAX:
        errors[F_FEEDBACK] = f"Please keep this under {TAKEAWAYS_MAX} characters."
    for index, row in enumerate(data.rows):
        if len(row.text) > ITEM_TEXT_MAX:
            errors[f"row_{index}_text"] = f"Please keep this under {ITEM_TEXT_MAX} characters."
        if row.due is not None and not row.text.strip() and row.item_id is None:
            # A date alone is an item someone meant to write: saying nothing would lose it quietly.
            errors[f"row_{index}_text"] = "Say what needs doing by that date, or clear the date to leave this row out."
        elif row.due is not None and row.due < today and row.item_id is None:
            errors[f"row_{index}_due"] = "That date has passed. Pick today or later, or leave it empty."
    errors.update(_ask_errors(data.asks))
    filled = [r for r in data.rows if r.text.strip()]
    answered = [a for a in data.asks if a.choice is not AskChoice.CARRY]
    if not data.takeaways.strip() and not filled and not data.close_item_ids and not answered:
        errors[F_TAKEAWAYS] = "Add a takeaway or an action item, or choose that the meeting was skipped or moved."
    return errors


def _ask_errors(asks: tuple[AskAnswer, ...]) -> dict[str, str]:
    """A "not now" needs its reason and a "yes" what happens next: the employee is told either way."""
    errors: dict[str, str] = {}
    for index, answer in enumerate(asks):
        key = f"ask_{index}_text"
        if len(answer.text) > ASK_TEXT_MAX:
            errors[key] = f"Please keep this under {ASK_TEXT_MAX} characters."
        elif answer.choice is AskChoice.NOT_NOW and not answer.text.strip():
            errors[key] = "Say why not now: a reason helps, and it is kept with the answer."
        elif answer.choice is AskChoice.YES and not answer.text.strip():
            errors[key] = "Say what happens next, so the yes turns into something."
    return errors
