"""`/career-prep recap` (and the Recap button): open the recap for the latest conversation."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.domain.recap import recap_state, recap_target
from bot.slack.blocks.recap import recap_form
from bot.slack.deps import Deps
from bot.slack.listeners.commands.call import CommandCall
from bot.slack.recap_forms import form_from_state


def open_recap(deps: Deps, client: WebClient, *, team_id: str, user_id: str, trigger_id: str) -> None:
    """views.open within the trigger's 3 seconds; only a database read happens before it."""
    with deps.sessions.begin() as session:
        conversation = recap_target(session, team_id=team_id, slack_user_id=user_id, now=deps.clock())
        view = recap_form(form_from_state(recap_state(session, conversation)))
    client.views_open(trigger_id=trigger_id, view=view.to_dict())


def recap_command(call: CommandCall) -> None:
    open_recap(call.deps, call.client, team_id=call.team_id, user_id=call.user_id, trigger_id=call.trigger_id)
