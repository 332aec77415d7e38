"""`/career-prep status`: the next 1:1, the manager link and whether the prep is shared."""

from __future__ import annotations

from bot.domain.errors import NotFound
from bot.domain.prep import open_prep
from bot.slack.blocks.status import status_message
from bot.slack.calls import CommandCall
from bot.slack.deps import reading
from bot.slack.openers import open_setup


def status_command(call: CommandCall) -> None:
    try:
        with reading(call.deps) as session:
            state = open_prep(session, team_id=call.team_id, slack_user_id=call.user_id, now=call.deps.clock())
    except NotFound:
        open_setup(
            call.client, trigger_id=call.trigger_id, user_id=call.user_id, prefill=None, channel_id=call.channel_id
        )
        return
    call.reply(
        status_message(
            next_meeting_at=state.scheduled_at,
            tz=state.employee_tz,
            manager_user_id=state.manager_user_id,
            manager_confirmed=state.manager_confirmed,
            prepped=not state.answers.is_empty(),
            shared_at=state.shared_at,
        )
    )
