"""The opportunity forms: posting one (kind, title, description, tags, closing date, an optional channel)
and saying "I'm interested" (an optional message, and whether to send the skills from one's prep)."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ConversationFilter,
    ConversationSelectElement,
    DatePickerElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.domain.opportunities import (
    DESCRIPTION_MAX,
    F_CLOSES,
    F_DESCRIPTION,
    F_KIND,
    F_TAGS,
    F_TITLE,
    TITLE_MAX,
    OpportunityInput,
)
from bot.domain.opportunity_interest import F_MESSAGE, MESSAGE_MAX
from bot.models.opportunity import Opportunity
from bot.slack import parse
from bot.slack.blocks.common import context, escaped_clip, section
from bot.slack.blocks.opportunities import KIND_LABELS
from bot.slack.ids import Action, Callback
from bot.slack.ids import Block as BlockId
from bot.slack.values import OpportunityRef, encode

F_CHANNEL = "channel"
SEND_SKILLS = "skills"
FIELD_BLOCKS = {
    F_KIND: BlockId.OPPORTUNITY_KIND,
    F_TITLE: BlockId.OPPORTUNITY_TITLE,
    F_DESCRIPTION: BlockId.OPPORTUNITY_DESCRIPTION,
    F_TAGS: BlockId.OPPORTUNITY_TAGS,
    F_CLOSES: BlockId.OPPORTUNITY_CLOSES,
    F_CHANNEL: BlockId.OPPORTUNITY_CHANNEL,
    F_MESSAGE: BlockId.OPPORTUNITY_MESSAGE,
}


def opportunity_modal() -> View:
    """The posting form."""
    kinds = [Option(value=kind.value, label=label) for kind, label in KIND_LABELS.items()]
    blocks: list[Block] = [
        section(
            "Post a stretch project, a role, a shadowing day or a mentoring cohort. People whose prep mentions "
            "its tags will see it, and you'll hear from whoever is interested."
        ),
        InputBlock(
            block_id=BlockId.OPPORTUNITY_KIND,
            label="Kind",
            element=StaticSelectElement(action_id=Action.OPPORTUNITY_KIND, options=kinds, initial_option=kinds[0]),
        ),
        InputBlock(
            block_id=BlockId.OPPORTUNITY_TITLE,
            label="Title",
            element=PlainTextInputElement(
                action_id=Action.OPPORTUNITY_TITLE, max_length=TITLE_MAX, placeholder="e.g. Lead the Q3 billing revamp"
            ),
        ),
        InputBlock(
            block_id=BlockId.OPPORTUNITY_DESCRIPTION,
            label="What it involves",
            optional=True,
            element=PlainTextInputElement(
                action_id=Action.OPPORTUNITY_DESCRIPTION, multiline=True, max_length=DESCRIPTION_MAX
            ),
        ),
        InputBlock(
            block_id=BlockId.OPPORTUNITY_TAGS,
            label="Tags",
            hint="Skills and paths it suits, separated by commas, e.g. public speaking, product management.",
            element=PlainTextInputElement(action_id=Action.OPPORTUNITY_TAGS, max_length=600),
        ),
        InputBlock(
            block_id=BlockId.OPPORTUNITY_CLOSES,
            label="Open until",
            hint="It closes at the end of this day, in your time zone.",
            element=DatePickerElement(action_id=Action.OPPORTUNITY_CLOSES),
        ),
        InputBlock(
            block_id=BlockId.OPPORTUNITY_CHANNEL,
            label="Announce in a channel",
            optional=True,
            hint="Invite me to the channel first (/invite @Career Prep). The channel never learns who is interested.",
            element=ConversationSelectElement(
                action_id=Action.OPPORTUNITY_CHANNEL,
                filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
            ),
        ),
    ]
    return View(
        type="modal", callback_id=Callback.OPPORTUNITY_FORM, title="Post an opportunity", submit="Post", blocks=blocks
    )


def read_opportunity(state: parse.State) -> OpportunityInput:
    return OpportunityInput.build(
        kind=parse.selected_option(state, BlockId.OPPORTUNITY_KIND, Action.OPPORTUNITY_KIND),
        title=parse.text_value(state, BlockId.OPPORTUNITY_TITLE, Action.OPPORTUNITY_TITLE),
        description=parse.text_value(state, BlockId.OPPORTUNITY_DESCRIPTION, Action.OPPORTUNITY_DESCRIPTION),
        tags=parse.text_value(state, BlockId.OPPORTUNITY_TAGS, Action.OPPORTUNITY_TAGS),
        closes_on=parse.selected_date(state, BlockId.OPPORTUNITY_CLOSES, Action.OPPORTUNITY_CLOSES),
        channel=parse.selected_conversation(state, BlockId.OPPORTUNITY_CHANNEL, Action.OPPORTUNITY_CHANNEL),
    )


def block_for(field: str) -> str:
    return FIELD_BLOCKS[field]


def interest_modal(row: Opportunity, *, skills: str) -> View:
    """What goes to the owner: your name, and only what you add here."""
    blocks: list[Block] = [
        section(f"*{escaped_clip(row.title, 200)}*\nThe person who posted it gets your name and what you add below."),
        InputBlock(
            block_id=BlockId.OPPORTUNITY_MESSAGE,
            label="A message (optional)",
            optional=True,
            element=PlainTextInputElement(
                action_id=Action.OPPORTUNITY_MESSAGE,
                multiline=True,
                max_length=MESSAGE_MAX,
                placeholder="e.g. I'd love to help; I ran something similar last year",
            ),
        ),
    ]
    if skills:
        option = Option(value=SEND_SKILLS, label="Also send the skills I want to build", description="Shown above")
        # All of it, as the owner would get it: the checkbox's own description holds only 75 characters.
        blocks.append(section("*The skills you want to build, from your latest prep:*\n" + escaped_clip(skills, 2900)))
        blocks.append(
            InputBlock(
                block_id=BlockId.OPPORTUNITY_SEND_SKILLS,
                label="From your prep",
                optional=True,
                element=CheckboxesElement(action_id=Action.OPPORTUNITY_SEND_SKILLS, options=[option]),
            )
        )
    blocks.append(context("Nothing else from your prep is sent."))
    return View(
        type="modal",
        callback_id=Callback.OPPORTUNITY_INTEREST,
        title="I'm interested",
        submit="Send",
        blocks=blocks,
        private_metadata=encode(OpportunityRef(opportunity_id=row.id)),
    )


def read_interest(state: parse.State) -> tuple[str, bool]:
    """The message, and whether the skills from the prep go with it."""
    message = parse.text_value(state, BlockId.OPPORTUNITY_MESSAGE, Action.OPPORTUNITY_MESSAGE)
    send = SEND_SKILLS in parse.checked_values(state, BlockId.OPPORTUNITY_SEND_SKILLS, Action.OPPORTUNITY_SEND_SKILLS)
    return message, send


def done_view(text: str) -> View:
    return View(type="modal", title="Opportunities", close="Close", blocks=[section(text)])
