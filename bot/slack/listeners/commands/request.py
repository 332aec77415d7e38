"""`/career-prep request`: open the meeting-request form (setup first for newcomers)."""

from __future__ import annotations

from bot.domain.conversations import ManagerGone
from bot.domain.errors import NotFound
from bot.domain.meeting_request_draft import request_draft
from bot.slack.blocks.request import request_modal, request_unavailable
from bot.slack.listeners.commands.call import CommandCall
from bot.slack.listeners.commands.settings import open_setup


def request_command(call: CommandCall) -> None:
    """Only a quick read happens before views.open, which must come within the trigger's 3 seconds."""
    now = call.deps.clock()
    try:
        with call.deps.sessions.begin() as session:
            draft = request_draft(session, team_id=call.team_id, employee_slack_id=call.user_id, now=now)
    except ManagerGone as gone:
        call.reply(request_unavailable(gone.message))
        return
    except NotFound:
        open_setup(
            call.client, trigger_id=call.trigger_id, user_id=call.user_id, prefill=None, channel_id=call.channel_id
        )
        return
    call.client.views_open(trigger_id=call.trigger_id, view=request_modal(draft).to_dict())
