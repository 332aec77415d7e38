"""The setup modal's submission: validate against Slack profiles, save, confirm to both people."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain import setup as domain
from bot.slack.calls import ViewCall
from bot.slack.deps import Deps, unit_of_work
from bot.slack.forms.setup import block_for, picked_manager, setup_input
from bot.slack.ids import Callback
from bot.slack.profiles import LookupFailed, NotInWorkspace, fetch_profiles_quickly
from bot.slack.submit import refuse

logger = logging.getLogger(__name__)

LOOKUP_FAILED = "I couldn't look this person up in Slack in time. Please try again."
NOT_HERE = "That person isn't a member of this workspace. Pick someone from your own workspace."


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.SETUP)
    def setup_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        call = ViewCall.parse(body, view)
        manager_id = picked_manager(call.values)
        # The profiles decide validity (bot, deactivated, time zone), so they are read before ack,
        # quickly and in parallel: Slack's 3 seconds cover the lookups too.
        wanted = [call.user_id] + ([manager_id] if manager_id else [])
        try:
            profiles = fetch_profiles_quickly(client, wanted, team_id=call.team_id)
        except LookupFailed:
            refuse(ack, {domain.F_MANAGER: LOOKUP_FAILED}, block_for)
            return
        except NotInWorkspace:
            refuse(ack, {domain.F_MANAGER: NOT_HERE}, block_for)
            return
        employee, manager = profiles[0], (profiles[1] if manager_id else None)
        form = setup_input(call.values, employee, manager)
        now = deps.clock()
        errors = domain.validate_setup(form, now=now)
        if errors:
            refuse(ack, errors, block_for)
            return
        # Answered before the write: the profiles took part of Slack's 3 seconds already.
        ack()
        with unit_of_work(deps, now) as work:
            work.once(call.team_id, call.key)  # a replay must not undo a newer setup
            domain.save_setup(work.session, team_id=call.team_id, form=form, submission_id=call.view.id, now=now)
