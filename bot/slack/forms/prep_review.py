"""The prep's review step: the agenda as the manager would see it and the choice to share it; read back."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, CheckboxesElement, InputBlock, Option
from slack_sdk.models.views import View

from bot.domain.opportunity_matching import Match
from bot.domain.prep import PrepState
from bot.domain.suggestions import NeedSuggestions
from bot.slack import parse
from bot.slack.blocks.agenda import agenda_body
from bot.slack.blocks.common import context, format_local, mention, section
from bot.slack.blocks.helpers import suggestion_blocks
from bot.slack.blocks.opportunities import match_blocks
from bot.slack.ids import Action, Callback
from bot.slack.ids import Block as BlockId
from bot.slack.values import PrepRef, encode

SHARE = "share"
VIEW_MAX_BLOCKS = 100


def prep_review(
    state: PrepState, *, suggestions: Sequence[NeedSuggestions] = (), opportunities: Sequence[Match] = ()
) -> View:
    """The agenda as the manager would see it, with the choice to share it, and who could help with it."""
    tz = state.employee_tz
    empty = state.answers.is_empty()
    blocks: list[Block] = [
        context(f"Saved. Your 1:1 with {mention(state.manager_user_id)} is on {format_local(state.scheduled_at, tz)}."),
    ]
    if empty:
        blocks.append(section("Your prep is empty so far. Add at least one answer before you share it."))
    else:
        blocks.append(section("*Here is your agenda as your manager would see it:*"))
        blocks.extend(agenda_body(state.agenda, tz=tz))
    blocks.append(
        ActionsBlock(
            elements=[
                ButtonElement(
                    text="Edit answers",
                    action_id=Action.PREP_EDIT,
                    value=encode(PrepRef(conversation_id=state.conversation_id)),
                )
            ]
        )
    )
    share = Option(
        value=SHARE,
        label=f"Share with {state.manager_name}"[:75],
        description=_share_description(state)[:75],
    )
    blocks.append(
        InputBlock(
            block_id=BlockId.PREP_SHARE,
            label="Share",
            optional=True,
            element=CheckboxesElement(
                action_id=Action.PREP_SHARE,
                options=[share],
                initial_options=None if empty else [share],
            ),
        )
    )
    blocks.append(context(f"{_share_status(state)} Nobody but your manager ever sees what you share."))
    blocks.extend(suggestion_blocks(suggestions, room=VIEW_MAX_BLOCKS - len(blocks)))
    blocks.extend(
        match_blocks(
            opportunities, heading="Open opportunities that match your prep", room=VIEW_MAX_BLOCKS - len(blocks)
        )
    )
    return View(
        type="modal",
        callback_id=Callback.PREP_REVIEW,
        title="Review your agenda",
        submit="Done",
        close="Close",
        blocks=blocks,
        private_metadata=encode(PrepRef(conversation_id=state.conversation_id)),
    )


def _share_description(state: PrepState) -> str:
    if not state.manager_confirmed:
        return "They get it once they confirm they're your manager."
    if state.unshared_changes:
        return "They get this new version by DM when you press Done."
    return "They get it by DM when you press Done."


def _share_status(state: PrepState) -> str:
    """Where the share stands: what the manager has now, and what Done will change."""
    tz = state.employee_tz
    if state.shared_at is None:
        return "Not shared yet. Only you can see it."
    shared = format_local(state.shared_at, tz)
    if state.unshared_changes:
        return (
            f"{state.manager_name} still has the version you shared {shared}; your edits stay private until you "
            "press Done with Share ticked. Unticking takes the agenda back."
        )
    return f"Shared {shared}. Unticking takes it back."


def shares(state: parse.State) -> bool:
    """Whether the review was submitted with Share ticked."""
    return SHARE in parse.checked_values(state, BlockId.PREP_SHARE, Action.PREP_SHARE)
