"""Read the prep form's submitted state into PrepAnswers, and map domain fields to block ids."""

from __future__ import annotations

from bot.domain.prep import F_CLOSED, F_SHARE
from bot.domain.prep_answers import MAX_ASKS, TEXT_FIELDS, PrepAnswers, parse_asks
from bot.slack import parse
from bot.slack.ids import Action, Block

F_PEOPLE = "people"


def prep_answers(state: parse.State) -> tuple[PrepAnswers, dict[str, str]]:
    """The answers, and row errors (a request detail with no kind, a forged person) keyed by domain field."""
    texts = {name: parse.text_value(state, f"prep_{name}", Action.PREP_TEXT) for name in TEXT_FIELDS}
    try:
        people = parse.selected_users(state, Block.PREP_PEOPLE, Action.PREP_PEOPLE)
        forged = False
    except parse.ForgedUserId:
        people, forged = [], True
    rows = [
        (
            parse.selected_option(state, f"prep_ask_{i}", Action.PREP_ASK_KIND),
            parse.text_value(state, f"prep_ask_{i}_detail", Action.PREP_ASK_DETAIL),
        )
        for i in range(MAX_ASKS)
    ]
    asks, errors = parse_asks(rows)
    if forged:
        errors[F_PEOPLE] = parse.NOT_A_USER
    return PrepAnswers(**texts, people=tuple(people), asks=asks), errors


def block_for(field: str) -> str:
    """The input block that shows a domain field's error."""
    if field == F_CLOSED:
        return Block.PREP_STRENGTHS
    if field == F_SHARE:
        return Block.PREP_SHARE
    if field.startswith("ask_"):
        return f"prep_{field}_detail"
    return f"prep_{field}"
