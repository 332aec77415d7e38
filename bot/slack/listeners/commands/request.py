"""`/career-prep request`: open the meeting-request form (setup first for newcomers)."""

from __future__ import annotations

from bot.domain.conversations import ManagerGone
from bot.slack.blocks.request import request_unavailable
from bot.slack.calls import CommandCall
from bot.slack.openers import open_request


def request_command(call: CommandCall) -> None:
    """Only a quick read happens before views.open, which must come within the trigger's 3 seconds."""
    try:
        open_request(
            call.deps,
            call.client,
            team_id=call.team_id,
            user_id=call.user_id,
            trigger_id=call.trigger_id,
            channel_id=call.channel_id,
        )
    except ManagerGone as gone:
        call.reply(request_unavailable(gone.message))
