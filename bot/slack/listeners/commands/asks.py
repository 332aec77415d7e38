"""`/career-prep asks`: the asks waiting on me (oldest first, with age), and my own asks with their answers."""

from __future__ import annotations

from bot.domain.ask_views import my_asks
from bot.slack.blocks.asks import asks_list
from bot.slack.calls import CommandCall
from bot.slack.deps import reading


def asks_command(call: CommandCall) -> None:
    with reading(call.deps) as session:
        lists = my_asks(session, team_id=call.team_id, slack_user_id=call.user_id)
        message = asks_list(lists.owed, lists.mine, now=call.deps.clock())
    call.reply(message)
