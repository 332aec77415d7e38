"""The team form's submission: check the picked people against Slack, invite them, show what happened."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain import team as domain
from bot.domain.errors import InvalidInput
from bot.domain.people import valid_tz
from bot.slack import parse
from bot.slack.blocks.team import invited_view
from bot.slack.deps import Deps, unit_of_work
from bot.slack.ids import Action, Block, Callback
from bot.slack.profiles import LookupFailed, NotInWorkspace, fetch_profiles_quickly
from bot.slack.request_keys import view_key

logger = logging.getLogger(__name__)

LOOKUP_FAILED = "I couldn't look these people up in Slack. Please try again."
NOT_HERE = "Someone you picked isn't a member of this workspace. Pick people from your own workspace."


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.TEAM_INVITE)
    def invite_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        team_id = str(body["team"]["id"] if body.get("team") else view["team_id"])
        user_id = str(body["user"]["id"])
        picked = list(
            dict.fromkeys(parse.selected_users(view["state"]["values"], Block.TEAM_PEOPLE, Action.TEAM_PEOPLE))
        )
        if len(picked) > domain.MAX_INVITES:  # before any lookup: each one costs time Slack doesn't give us
            ack(response_action="errors", errors={Block.TEAM_PEOPLE: domain.TOO_MANY})
            return
        # The profiles decide who can be invited (bots, deactivated people), so they are read before
        # ack, quickly and in parallel: Slack's 3 seconds cover the lookups too.
        try:
            manager, *invitees = fetch_profiles_quickly(client, [user_id, *picked], team_id=team_id)
        except LookupFailed:
            ack(response_action="errors", errors={Block.TEAM_PEOPLE: LOOKUP_FAILED})
            return
        except NotInWorkspace:
            ack(response_action="errors", errors={Block.TEAM_PEOPLE: NOT_HERE})
            return
        now = deps.clock()
        try:
            with unit_of_work(deps, now, send=False) as work:
                work.once(team_id, view_key(view))
                results = domain.invite(work.session, team_id=team_id, manager=manager, invitees=invitees, now=now)
                overview = domain.team_overview(work.session, team_id=team_id, manager_slack_id=user_id)
                work.refresh_home(team_id, user_id)
        except InvalidInput as error:
            ack(response_action="errors", errors={Block.TEAM_PEOPLE: error.errors[domain.F_PEOPLE]})
            return
        ack(
            response_action="update",
            view=invited_view(results, overview, now=now, reader_tz=valid_tz(manager.tz)).to_dict(),
        )
        work.send()
