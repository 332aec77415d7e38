"""`/career-prep` with no arguments: setup for newcomers, a short status for everyone else."""

from __future__ import annotations

from bot.domain.conversations import series_for
from bot.domain.people import find_person
from bot.slack.blocks.status import status_message
from bot.slack.listeners.commands.call import CommandCall
from bot.slack.listeners.commands.settings import load_prefill, open_setup


def default_command(call: CommandCall) -> None:
    prefill = load_prefill(call.deps, team_id=call.team_id, user_id=call.user_id)
    if prefill is None:
        open_setup(call.client, trigger_id=call.trigger_id, prefill=None, channel_id=call.channel_id)
        return
    with call.deps.sessions.begin() as session:
        person = find_person(session, team_id=call.team_id, slack_user_id=call.user_id)
        assert person is not None
        series = series_for(session, team_id=call.team_id, employee=person)
        assert series is not None
        message = status_message(
            next_meeting_at=series.next_meeting_at,
            tz=person.tz,
            manager_user_id=series.manager.slack_user_id,
            manager_confirmed=person.manager_confirmed,
        )
    call.reply(message)
