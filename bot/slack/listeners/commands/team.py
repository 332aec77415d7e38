"""`/career-prep team` (and "Invite people" on the Home): invite your reports, and see where invitations stand."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.domain.team import team_overview
from bot.slack.blocks.team import team_modal
from bot.slack.deps import Deps
from bot.slack.listeners.commands.call import CommandCall


def open_team(deps: Deps, client: WebClient, *, team_id: str, user_id: str, trigger_id: str) -> None:
    """views.open within the trigger's 3 seconds; only a database read happens before it."""
    with deps.sessions.begin() as session:
        overview = team_overview(session, team_id=team_id, manager_slack_id=user_id)
    client.views_open(trigger_id=trigger_id, view=team_modal(overview).to_dict())


def team_command(call: CommandCall) -> None:
    open_team(call.deps, call.client, team_id=call.team_id, user_id=call.user_id, trigger_id=call.trigger_id)
