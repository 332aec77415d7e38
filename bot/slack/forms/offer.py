"""The offer form: topics (the workspace's list and free tags), kinds of help, capacity, open now, a note.
Built (prefilled on edit), read back, and field errors placed."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    StaticMultiSelectElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.domain.help_tags import TAGS_MAX
from bot.domain.offers import CAPACITY_MAX, F_CAPACITY, F_KINDS, F_NOTE, F_TOPICS, NOTE_MAX, OfferInput
from bot.models.help_offer import HelpOffer, OfferKind
from bot.slack import parse
from bot.slack.blocks.common import clip, context, section
from bot.slack.blocks.helpers import offer_saved
from bot.slack.ids import Action, Callback
from bot.slack.ids import Block as BlockId

KIND_LABELS: dict[OfferKind, str] = {
    OfferKind.INFORMATIONAL_INTERVIEW: "An informational interview about my role",
    OfferKind.MENTORING: "Mentoring",
    OfferKind.SHADOWING: "A day of shadowing me",
    OfferKind.PLAN_REVIEW: "Reviewing someone's growth plan",
}
OPEN_VALUE = "open"
OPTIONS_MAX = 100  # a static select's option limit
FIELD_BLOCKS = {F_TOPICS: BlockId.OFFER_TAGS, F_KINDS: BlockId.OFFER_KINDS, F_CAPACITY: BlockId.OFFER_CAPACITY}
FIELD_BLOCKS[F_NOTE] = BlockId.OFFER_NOTE


def _option(text: str) -> Option:
    return Option(value=clip(text, 75), label=clip(text, 75))


def _kind_options() -> list[Option]:
    return [Option(value=kind.value, label=label) for kind, label in KIND_LABELS.items()]


def offer_modal(*, workspace_topics: Sequence[str], current: OfferInput | None) -> View:
    """The form, prefilled from `current` (topics from the list are picked, the rest typed)."""
    now = current or OfferInput(kinds=(OfferKind.INFORMATIONAL_INTERVIEW,))
    blocks: list[Block] = [
        section(
            "Offer a few conversations a month to colleagues who'd like to learn from you. "
            "*Your offer is visible to everyone in this workspace*: that's how people find you."
        ),
        *_topic_inputs(list(dict.fromkeys(workspace_topics))[:OPTIONS_MAX], now.topics),
        InputBlock(
            block_id=BlockId.OFFER_KINDS,
            label="What you can offer",
            element=CheckboxesElement(
                action_id=Action.OFFER_KINDS,
                options=_kind_options(),
                initial_options=[o for o in _kind_options() if o.value in {k.value for k in now.kinds}] or None,
            ),
        ),
        _capacity_input(now.capacity),
        InputBlock(
            block_id=BlockId.OFFER_OPEN,
            label="Open now",
            optional=True,
            element=CheckboxesElement(
                action_id=Action.OFFER_OPEN,
                options=[_open_option()],
                initial_options=[_open_option()] if now.open_now else None,
            ),
        ),
        _note_input(now.note),
        context("Turn it off any time with `/career-prep offer off`, and back on with `offer on`."),
    ]
    return View(
        type="modal",
        callback_id=Callback.OFFER_FORM,
        title="Offer to help",
        submit="Save",
        close="Cancel",
        blocks=blocks,
    )


def _topic_inputs(listed: list[str], topics: Sequence[str]) -> list[Block]:
    """The workspace's list as a multi-select (when it has topics), and a text input for their own."""
    picked = [t for t in topics if t in listed]
    typed = ", ".join(t for t in topics if t not in listed)
    blocks: list[Block] = []
    if listed:
        blocks.append(
            InputBlock(
                block_id=BlockId.OFFER_TOPICS,
                label="Topics from your workspace's list",
                optional=True,
                element=StaticMultiSelectElement(
                    action_id=Action.OFFER_TOPICS,
                    placeholder="Pick topics",
                    options=[_option(t) for t in listed],
                    initial_options=[_option(t) for t in picked] or None,
                ),
            )
        )
    blocks.append(
        InputBlock(
            block_id=BlockId.OFFER_TAGS,
            label="Your own topics",
            optional=True,
            hint=f"Separated by commas, e.g. sql, public speaking, moving into management. Up to {TAGS_MAX} in all.",
            element=PlainTextInputElement(action_id=Action.OFFER_TAGS, initial_value=typed or None, max_length=600),
        )
    )
    return blocks


def _note_input(note: str) -> InputBlock:
    return InputBlock(
        block_id=BlockId.OFFER_NOTE,
        label="A line in your own words",
        optional=True,
        element=PlainTextInputElement(
            action_id=Action.OFFER_NOTE,
            initial_value=note or None,
            max_length=NOTE_MAX,
            placeholder="e.g. Happy to talk about moving from support into engineering",
        ),
    )


def _open_option() -> Option:
    return Option(value=OPEN_VALUE, label="I'm open to new conversations now")


def _capacity_input(capacity: int) -> InputBlock:
    options = [Option(value=str(n), label=f"{n} a month") for n in range(1, CAPACITY_MAX + 1)]
    initial = next((o for o in options if o.value == str(capacity)), options[1])
    return InputBlock(
        block_id=BlockId.OFFER_CAPACITY,
        label="How many conversations a month",
        element=StaticSelectElement(action_id=Action.OFFER_CAPACITY, options=options, initial_option=initial),
    )


def read_offer(state: parse.State) -> OfferInput:
    """What was submitted, normalised by the domain (tags lower-cased, deduped, capped)."""
    capacity = parse.selected_option(state, BlockId.OFFER_CAPACITY, Action.OFFER_CAPACITY) or ""
    return OfferInput.build(
        picked=sorted(parse.checked_values(state, BlockId.OFFER_TOPICS, Action.OFFER_TOPICS)),
        typed=parse.text_value(state, BlockId.OFFER_TAGS, Action.OFFER_TAGS),
        kinds=sorted(parse.checked_values(state, BlockId.OFFER_KINDS, Action.OFFER_KINDS)),
        capacity=int(capacity) if capacity.isdigit() else 0,
        open_now=OPEN_VALUE in parse.checked_values(state, BlockId.OFFER_OPEN, Action.OFFER_OPEN),
        note=parse.text_value(state, BlockId.OFFER_NOTE, Action.OFFER_NOTE),
    )


def block_for(field: str) -> str:
    return FIELD_BLOCKS[field]


def offer_saved_view(offer: HelpOffer) -> View:
    """What the form becomes once saved: where the offer stands."""
    return View(type="modal", title="Offer to help", close="Close", blocks=list(offer_saved(offer).blocks))
