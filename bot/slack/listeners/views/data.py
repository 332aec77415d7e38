"""The forget confirmation's submission: refuse without the checkbox, else delete and say what happened."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.domain.forget import ForgetResult, forget
from bot.slack.calls import ViewCall
from bot.slack.deps import Deps, Work
from bot.slack.forgetting import clean_up_after_forget
from bot.slack.forms.forget import (
    CHECK_REQUIRED,
    F_CHECK,
    block_for,
    confirmed,
    forgotten_view,
    nothing_to_delete_view,
)
from bot.slack.ids import Callback
from bot.slack.submit import refuse, submit


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.FORGET_CONFIRM)
    def forget_confirmed(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        call = ViewCall.parse(body, view)
        if not confirmed(call.values):
            refuse(ack, {F_CHECK: CHECK_REQUIRED}, block_for)
            return

        # A quick transaction before ack, so the modal can say truthfully that the data is gone; a
        # replay must not delete what was set up since.
        def delete(work: Work) -> ForgetResult | None:
            result = forget(work.session, team_id=call.team_id, slack_user_id=call.user_id, now=work.now)
            work.refresh_home(call.team_id, call.user_id)  # their Home must stop showing what was deleted
            return result

        def answer(result: ForgetResult | None) -> View:
            return forgotten_view(result) if result is not None else nothing_to_delete_view()

        def clean_up(result: ForgetResult | None) -> None:
            if result is not None:
                clean_up_after_forget(deps, client, result, view_id=call.view.id, user_id=call.user_id)

        submit(ack, deps, call, delete, block_for=block_for, answer=answer, after=clean_up)
