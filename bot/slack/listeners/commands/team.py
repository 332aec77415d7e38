"""`/career-prep team` (and "Invite people" on the Home): invite your reports, and see where invitations stand."""

from __future__ import annotations

from bot.slack.calls import CommandCall
from bot.slack.openers import open_team


def team_command(call: CommandCall) -> None:
    open_team(call.deps, call.client, team_id=call.team_id, user_id=call.user_id, trigger_id=call.trigger_id)
