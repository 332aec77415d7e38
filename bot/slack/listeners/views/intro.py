"""The intro form's submission: the helper is asked (their DM and the employee's confirmation go through
the outbox)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.domain.intros import request_intro
from bot.slack.calls import ViewCall
from bot.slack.deps import Deps, Work
from bot.slack.forms.intro import block_for, read_intro
from bot.slack.ids import Callback
from bot.slack.submit import submit
from bot.slack.values import IntroStart


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.INTRO_FORM)
    def intro_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        call = ViewCall.parse(body, view)
        start = call.ref(IntroStart)
        kind, note, include = read_intro(call.values)

        def send(work: Work) -> None:
            request_intro(
                work.session,
                team_id=call.team_id,
                employee_slack_id=call.user_id,
                helper_id=start.helper_id,
                kind=kind,
                note=note,
                include=include,
                ask_id=start.ask_id,
                reasons=start.reasons,
                now=work.now,
            )

        submit(ack, deps, call, send, block_for=block_for)
