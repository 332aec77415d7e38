"""`/career-prep recap` (and the Recap button): open the recap for the latest conversation."""

from __future__ import annotations

from bot.slack.calls import CommandCall
from bot.slack.openers import open_recap


def recap_command(call: CommandCall) -> None:
    open_recap(call.deps, call.client, team_id=call.team_id, user_id=call.user_id, trigger_id=call.trigger_id)
