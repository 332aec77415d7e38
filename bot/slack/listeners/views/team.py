"""The team form's submission: check the picked people against Slack, invite them, show what happened."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.domain import team as domain
from bot.domain.people import valid_tz
from bot.slack.calls import ViewCall
from bot.slack.deps import Deps, Work
from bot.slack.forms.team import block_for, invited_view, picked_people
from bot.slack.ids import Callback
from bot.slack.profiles import LookupFailed, NotInWorkspace, fetch_profiles_quickly
from bot.slack.submit import refuse, submit

logger = logging.getLogger(__name__)

LOOKUP_FAILED = "I couldn't look these people up in Slack. Please try again."
NOT_HERE = "Someone you picked isn't a member of this workspace. Pick people from your own workspace."

Invites = tuple[Sequence[domain.Invited], domain.TeamOverview, datetime]


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.TEAM_INVITE)
    def invite_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        call = ViewCall.parse(body, view)
        picked = picked_people(call.values)
        if len(picked) > domain.MAX_INVITES:  # before any lookup: each one costs time Slack doesn't give us
            refuse(ack, {domain.F_PEOPLE: domain.TOO_MANY}, block_for)
            return
        # The profiles decide who can be invited (bots, deactivated people), so they are read before
        # ack, quickly and in parallel: Slack's 3 seconds cover the lookups too.
        try:
            manager, *invitees = fetch_profiles_quickly(client, [call.user_id, *picked], team_id=call.team_id)
        except LookupFailed:
            refuse(ack, {domain.F_PEOPLE: LOOKUP_FAILED}, block_for)
            return
        except NotInWorkspace:
            refuse(ack, {domain.F_PEOPLE: NOT_HERE}, block_for)
            return

        def invite(work: Work) -> Invites:
            results = domain.invite(
                work.session, team_id=call.team_id, manager=manager, invitees=invitees, now=work.now
            )
            overview = domain.team_overview(work.session, team_id=call.team_id, manager_slack_id=call.user_id)
            work.refresh_home(call.team_id, call.user_id)
            return results, overview, work.now

        def answer(invites: Invites) -> View:
            results, overview, now = invites
            return invited_view(results, overview, now=now, reader_tz=valid_tz(manager.tz))

        submit(ack, deps, call, invite, block_for=block_for, answer=answer)
