"""Assemble the recap modal from the domain's saved state and, when growing, what was typed."""

from __future__ import annotations

from dataclasses import replace

from bot.domain.recap import RecapInput, RecapState
from bot.slack.blocks.recap import CarriedChoice, RecapForm


def form_from_state(state: RecapState) -> RecapForm:
    return RecapForm(
        conversation_id=state.conversation_id,
        scheduled_at=state.scheduled_at,
        tz=state.tz,
        manager_user_id=state.manager_user_id,
        manager_name=state.manager_name,
        takeaways=state.takeaways,
        feedback=state.feedback,
        rows=state.rows,
        row_count=max(3, len(state.rows)),
        carried=tuple(CarriedChoice(i.id, i.text, i.owner.display_name) for i in state.carried),
        editing=state.editing,
    )


def form_with_typed(state: RecapState, typed: RecapInput, *, extra_rows: int = 0) -> RecapForm:
    """The form showing what the person typed so far (Slack forgets it on views.update)."""
    base = form_from_state(state)
    return replace(
        base,
        met=typed.met,
        takeaways=typed.takeaways,
        feedback=typed.feedback,
        rows=typed.rows,
        row_count=len(typed.rows) + extra_rows,
        closing=typed.close_item_ids,
    )
