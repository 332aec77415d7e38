"""The office-hours set-up form: checked, the announce channel checked with Slack, saved, and summed up."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.domain.office_hours import F_CHANNEL, next_session, save_office_hours, validate
from bot.domain.people import valid_tz
from bot.slack.blocks.office_hours import channel_problem
from bot.slack.calls import ViewCall
from bot.slack.channels import channel_check
from bot.slack.deps import Deps, Work
from bot.slack.forms.office_hours import block_for, read_form, saved_view
from bot.slack.ids import Callback
from bot.slack.profiles import fetch_profile
from bot.slack.submit import refuse, submit


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.OFFICE_HOURS_FORM)
    def office_hours_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        call = ViewCall.parse(body, view)
        form = read_form(call.values)
        errors = validate(form)
        if errors:
            refuse(ack, errors, block_for)
            return
        # The bot must be able to post there, as for a digest channel: told under the field if not.
        _, problem = channel_check(client, channel_id=form.channel_id, channel_name=None)
        if problem is not None:
            refuse(ack, {F_CHANNEL: channel_problem(problem)}, block_for)
            return
        host = fetch_profile(client, call.user_id)

        def save(work: Work) -> View:
            hours = save_office_hours(work.session, team_id=call.team_id, host=host, form=form, now=work.now)
            upcoming = next_session(work.session, hours, work.now)
            return saved_view(
                channel_id=hours.channel_id, next_at=upcoming, tz=valid_tz(host.tz), lead=hours.lead_minutes
            )

        submit(ack, deps, call, save, block_for=block_for, answer=lambda view: view)
