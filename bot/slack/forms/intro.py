"""The intro form: who to ask, for what kind of help, a message in the employee's words, and which parts of
their prep to include; built, read back, and field errors placed. Only what is ticked reaches the helper."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.domain.intro_prep import IntroDraft
from bot.domain.intros import F_KIND, F_NOTE, NOTE_MAX, kind_label
from bot.slack import parse
from bot.slack.blocks.common import clip, context, escaped_clip, mention, section
from bot.slack.ids import Action, Callback
from bot.slack.ids import Block as BlockId
from bot.slack.values import IntroStart, encode

FIELD_BLOCKS: dict[str, str] = {F_KIND: BlockId.INTRO_KIND, F_NOTE: BlockId.INTRO_NOTE}
OPTION_TEXT_MAX = 75


def _kind_option(kind: str) -> Option:
    label = kind_label(kind)
    return Option(value=kind, label=clip(label[:1].upper() + label[1:], OPTION_TEXT_MAX))


def _include_input(draft: IntroDraft) -> list[Block]:
    if not draft.parts:
        return []
    options = [
        Option(value=part.key, label=part.label, description=clip(part.text, OPTION_TEXT_MAX)) for part in draft.parts
    ]
    return [
        InputBlock(
            block_id=BlockId.INTRO_INCLUDE,
            label="Include from your prep",
            optional=True,
            hint="Nothing is ticked until you tick it; the rest of your prep stays between you and your manager.",
            element=CheckboxesElement(action_id=Action.INTRO_INCLUDE, options=options),
        )
    ]


def intro_modal(draft: IntroDraft, start: IntroStart) -> View:
    """The employee's intro form, for the helper and kind the button named."""
    kinds = [_kind_option(kind) for kind in draft.kinds]
    initial = next((o for o in kinds if o.value == start.kind), None)
    helper = mention(draft.helper_user_id)
    blocks: list[Block] = [section(f"Ask {helper} for an intro.")]
    if draft.offer_note:
        blocks.append(context(f"In their words: {escaped_clip(draft.offer_note, 500)}"))
    blocks += [
        InputBlock(
            block_id=BlockId.INTRO_KIND,
            label="What kind of help",
            element=StaticSelectElement(action_id=Action.INTRO_KIND, options=kinds, initial_option=initial),
        ),
        InputBlock(
            block_id=BlockId.INTRO_NOTE,
            label="A few words to them",
            optional=True,
            element=PlainTextInputElement(
                action_id=Action.INTRO_NOTE,
                multiline=True,
                max_length=NOTE_MAX,
                placeholder="What you'd like to learn from them, in your own words",
            ),
        ),
        *_include_input(draft),
        context(
            f"Only your message and what you tick here reach {helper}, in a direct message from me. "
            "Nothing else from your prep is shared."
        ),
    ]
    return View(
        type="modal",
        callback_id=Callback.INTRO_FORM,
        title="Ask for an intro",
        submit="Send",
        close="Cancel",
        private_metadata=encode(start),
        blocks=blocks,
    )


def block_for(field: str) -> str:
    """The input block that shows a domain field's error."""
    return FIELD_BLOCKS[field]


def read_intro(state: parse.State) -> tuple[str, str, set[str]]:
    """The picked kind, the typed note and the ticked parts of the prep."""
    kind = parse.selected_option(state, BlockId.INTRO_KIND, Action.INTRO_KIND) or ""
    note = parse.text_value(state, BlockId.INTRO_NOTE, Action.INTRO_NOTE)
    return kind, note, parse.checked_values(state, BlockId.INTRO_INCLUDE, Action.INTRO_INCLUDE)
