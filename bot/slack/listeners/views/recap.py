"""Recap submission: store what was agreed, then the manager's recap and the confirmation go out."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.domain import recap as domain
from bot.domain.people import local_today
from bot.slack.calls import ViewCall
from bot.slack.deps import Deps, Work
from bot.slack.forms.recap import block_for, recap_input
from bot.slack.ids import Callback
from bot.slack.submit import submit
from bot.slack.values import RecapRef


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.RECAP_FORM)
    def recap_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        call = ViewCall.parse(body, view)
        ref = call.ref(RecapRef)
        data = recap_input(call.values, ref)

        def save(work: Work) -> None:
            today = local_today(work.session, team_id=call.team_id, slack_user_id=call.user_id, now=work.now)
            domain.save_recap(
                work.session,
                team_id=call.team_id,
                conversation_id=ref.conversation_id,
                slack_user_id=call.user_id,
                data=data,
                submission_id=call.view.id,
                today=today,
                now=work.now,
            )

        submit(ack, deps, call, save, block_for=block_for)
