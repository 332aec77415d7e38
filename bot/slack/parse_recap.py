"""Read the recap form's state: what was typed, as domain input and as values to show again."""

from __future__ import annotations

from bot.domain.recap import F_FEEDBACK, F_TAKEAWAYS, MAX_ROWS, Owner, RecapInput, RecapRow
from bot.slack import parse
from bot.slack.blocks.recap import MET, row_block
from bot.slack.ids import MAX_ROW_ID, Action, Block, RecapRef


def recap_input(state: parse.State, ref: RecapRef) -> RecapInput:
    met = parse.selected_radio(state, Block.RECAP_MET, Action.RECAP_MET) in (None, MET)
    rows = []
    for index in range(MAX_ROWS):
        if row_block(index, "text") not in state:
            break
        owner = parse.selected_option(state, row_block(index, "owner"), Action.RECAP_ITEM_OWNER)
        rows.append(
            RecapRow(
                text=parse.text_value(state, row_block(index, "text"), Action.RECAP_ITEM_TEXT),
                owner=Owner(owner) if owner in set(Owner) else Owner.ME,
                due=parse.selected_date(state, row_block(index, "due"), Action.RECAP_ITEM_DUE),
                item_id=ref.item_ids[index] if index < len(ref.item_ids) else None,
            )
        )
    closing = parse.checked_values(state, Block.RECAP_CLOSE_CARRIED, Action.RECAP_CLOSE_CARRIED)
    return RecapInput(
        met=met,
        takeaways=parse.text_value(state, Block.RECAP_TAKEAWAYS, Action.RECAP_TEXT),
        feedback=parse.text_value(state, Block.RECAP_FEEDBACK, Action.RECAP_TEXT),
        rows=tuple(rows),
        close_item_ids=frozenset(int(v) for v in closing if v.isdigit() and int(v) <= MAX_ROW_ID),
    )


def block_for(field: str) -> str:
    """The input block that shows a domain field's error."""
    if field == F_TAKEAWAYS:
        return Block.RECAP_TAKEAWAYS
    if field == F_FEEDBACK:
        return Block.RECAP_FEEDBACK
    if field.startswith("row_"):
        _, index, part = field.split("_", 2)
        return row_block(int(index), part)
    return Block.RECAP_TAKEAWAYS
