"""The reflection's "what changed" form: a short note, and whether to share it with the manager
(keeping it to yourself is the default); built, read back, errors placed."""

from __future__ import annotations

from slack_sdk.models.blocks import Block, InputBlock, Option, PlainTextInputElement, RadioButtonsElement
from slack_sdk.models.views import View

from bot.domain.reflections import F_NOTE, F_SHARE, NOTE_MAX, ReflectionView
from bot.slack import parse
from bot.slack.blocks.common import context, mention
from bot.slack.ids import Action, Callback
from bot.slack.ids import Block as BlockId
from bot.slack.parse import State
from bot.slack.values import ReflectionNoteRef, encode

KEEP, SHARE = "keep", "share"
FIELD_BLOCKS = {F_NOTE: BlockId.REFLECTION_NOTE, F_SHARE: BlockId.REFLECTION_SHARE}


def block_for(field: str) -> str:
    return FIELD_BLOCKS.get(field, BlockId.REFLECTION_NOTE)


def note_modal(view: ReflectionView, ref: ReflectionNoteRef) -> View:
    note = PlainTextInputElement(
        action_id=Action.REFLECTION_NOTE, multiline=True, max_length=NOTE_MAX, initial_value=view.note or None
    )
    blocks: list[Block] = [
        InputBlock(
            block_id=BlockId.REFLECTION_NOTE,
            label="What changed since then?",
            element=note,
            optional=True,
            hint="A few words are enough: what you want now, what you've done, what you'd drop.",
        )
    ]
    if view.manager_user_id is not None:
        keep = Option(value=KEEP, label="Keep it to myself")
        share = Option(value=SHARE, label="Share my answers and this note with my manager")
        chosen = share if view.shared_with_user_id is not None else keep
        blocks += [
            InputBlock(
                block_id=BlockId.REFLECTION_SHARE,
                label="Who sees it",
                element=RadioButtonsElement(
                    action_id=Action.REFLECTION_SHARE, options=[keep, share], initial_option=chosen
                ),
            ),
            context(
                f"If you share, {mention(view.manager_user_id)} sees the lines you marked and this note in their "
                "next brief before your 1:1, once. Nothing else from your prep goes with it."
            ),
        ]
    else:
        blocks.append(context("This stays with you: you have no confirmed manager to share it with yet."))
    return View(
        type="modal",
        callback_id=Callback.REFLECTION_NOTE,
        title="What changed",
        submit="Save",
        close="Cancel",
        private_metadata=encode(ref),
        blocks=blocks,
    )


def read_note(values: State) -> tuple[str, bool]:
    note = parse.text_value(values, BlockId.REFLECTION_NOTE, Action.REFLECTION_NOTE)
    share = parse.selected_radio(values, BlockId.REFLECTION_SHARE, Action.REFLECTION_SHARE) == SHARE
    return note, share
