"""`/career-prep prep` (and the bare command): open the prep form for the next conversation."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.domain.errors import NotFound
from bot.domain.prep import PrepState, open_prep
from bot.slack.blocks.prep import prep_form
from bot.slack.deps import Deps
from bot.slack.listeners.commands.call import CommandCall
from bot.slack.listeners.commands.settings import load_prefill, open_setup


def load_prep(deps: Deps, *, team_id: str, user_id: str) -> PrepState | None:
    """The prep to show, or None when the person has no 1:1s set up (a quick DB read)."""
    with deps.sessions.begin() as session:
        try:
            return open_prep(session, team_id=team_id, slack_user_id=user_id, now=deps.clock())
        except NotFound:
            return None  # (ManagerGone is not a NotFound: the error handler tells the person)


def open_prep_or_setup(
    deps: Deps, client: WebClient, *, team_id: str, user_id: str, trigger_id: str, channel_id: str | None
) -> None:
    """views.open within the trigger's 3 seconds: the prep form, or setup for someone new."""
    state = load_prep(deps, team_id=team_id, user_id=user_id)
    if state is None:
        prefill = load_prefill(deps, team_id=team_id, user_id=user_id)
        open_setup(client, trigger_id=trigger_id, user_id=user_id, prefill=prefill, channel_id=channel_id)
        return
    client.views_open(trigger_id=trigger_id, view=prep_form(state).to_dict())


def prep_command(call: CommandCall) -> None:
    open_prep_or_setup(
        call.deps,
        call.client,
        team_id=call.team_id,
        user_id=call.user_id,
        trigger_id=call.trigger_id,
        channel_id=call.channel_id,
    )
