"""`/career-prep items`: your open action items, and the ones others owe you, with their controls."""

from __future__ import annotations

from bot.slack.blocks.items import ITEMS_SURFACE
from bot.slack.calls import CommandCall
from bot.slack.deps import reading
from bot.slack.item_lists import surface_message


def items_command(call: CommandCall) -> None:
    with reading(call.deps) as session:
        message = surface_message(
            session, team_id=call.team_id, slack_user_id=call.user_id, surface=ITEMS_SURFACE, now=call.deps.clock()
        )
    call.reply(message)
