"""The recap modal's open asks: each of the employee's asks still open with this manager, answered in the
meeting (yes and what happens next, or not now and why) or carried over (the default), read back as input.

Two blocks per ask, at most `ASKS_SHOWN` of them (with the rest of the form that keeps the modal well
under Slack's 100 blocks); the ones not shown stay open and the form says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from slack_sdk.models.blocks import Block, HeaderBlock, InputBlock, Option, PlainTextInputElement, RadioButtonsElement

from bot.domain.recap_input import ASK_TEXT_MAX, AskAnswer, AskChoice
from bot.slack import parse
from bot.slack.blocks.ask_follow import ask_label
from bot.slack.blocks.common import clip, context
from bot.slack.ids import COMMAND, Action, recap_ask_block
from bot.slack.values import RecapRef

ASKS_SHOWN = 20
LABEL_MAX = 150


@dataclass(frozen=True)
class AskRow:
    """One open ask as the form shows it, with what was chosen or typed so far."""

    ask_id: int
    kind: str
    detail: str
    asked_on: date | None  # the employee's local date
    choice: AskChoice = AskChoice.CARRY
    text: str = ""


def _asked(day: date | None) -> str:
    return f"Asked on {day:%a} {day.day} {day:%b %Y}." if day is not None else "Asked in a shared prep."


def _ask(index: int, row: AskRow, manager_name: str) -> list[Block]:
    name = clip(manager_name, 40)
    options = [
        Option(value=AskChoice.CARRY.value, label="Not settled: carry it over", description="It stays open."),
        Option(value=AskChoice.YES.value, label=f"{name} said yes"),
        Option(value=AskChoice.NOT_NOW.value, label=f"{name} said not now"),
    ]
    chosen = next(o for o in options if o.value == row.choice.value)
    what = ask_label(row.kind) + (f": {row.detail}" if row.detail.strip() else "")
    return [
        InputBlock(
            block_id=recap_ask_block(index, "choice"),
            label=clip(what, LABEL_MAX),
            hint=_asked(row.asked_on),
            element=RadioButtonsElement(action_id=Action.RECAP_ASK_CHOICE, options=options, initial_option=chosen),
        ),
        InputBlock(
            block_id=recap_ask_block(index, "text"),
            label="What happens next, or why not now",
            optional=True,
            element=PlainTextInputElement(
                action_id=Action.RECAP_ASK_TEXT,
                max_length=ASK_TEXT_MAX,
                placeholder="e.g. Mira will ask the platform lead this week",
                initial_value=row.text or None,
            ),
        ),
    ]


def ask_blocks(rows: tuple[AskRow, ...], *, manager_name: str) -> list[Block]:
    """The asks part of the recap form; nothing when no ask is open."""
    if not rows:
        return []
    blocks: list[Block] = [
        HeaderBlock(text="Your open asks"),
        context(
            f"Did {clip(manager_name, 80)} answer any of these in the meeting? What you record here is their answer, "
            "and they see it with the recap. Anything not settled stays open and comes back before your next 1:1."
        ),
    ]
    for index, row in enumerate(rows[:ASKS_SHOWN]):
        blocks += _ask(index, row, manager_name)
    hidden = len(rows) - ASKS_SHOWN
    if hidden > 0:
        more = "1 more ask stays" if hidden == 1 else f"{hidden} more asks stay"
        blocks.append(context(f"…and {more} open, not shown here to keep this form short: see `{COMMAND} asks`."))
    return blocks


def shown_ids(rows: tuple[AskRow, ...]) -> list[int]:
    """The ids of the asks the form shows, in order (they travel in the form's private_metadata)."""
    return [row.ask_id for row in rows[:ASKS_SHOWN]]


def read_asks(state: parse.State, ref: RecapRef) -> tuple[AskAnswer, ...]:
    """Each shown ask's choice and text; an unknown or missing choice carries it over."""
    answers = []
    for index, ask_id in enumerate(ref.ask_ids[:ASKS_SHOWN]):
        chosen = parse.selected_radio(state, recap_ask_block(index, "choice"), Action.RECAP_ASK_CHOICE)
        choice = AskChoice(chosen) if chosen in set(AskChoice) else AskChoice.CARRY
        text = parse.text_value(state, recap_ask_block(index, "text"), Action.RECAP_ASK_TEXT)
        answers.append(AskAnswer(ask_id, choice, text))
    return tuple(answers)


def typed_rows(rows: tuple[AskRow, ...], answers: tuple[AskAnswer, ...]) -> tuple[AskRow, ...]:
    """The rows showing what was chosen and typed so far (Slack forgets it when the form grows)."""
    typed = {a.ask_id: a for a in answers}
    return tuple(
        AskRow(r.ask_id, r.kind, r.detail, r.asked_on, typed[r.ask_id].choice, typed[r.ask_id].text)
        if r.ask_id in typed
        else r
        for r in rows
    )
