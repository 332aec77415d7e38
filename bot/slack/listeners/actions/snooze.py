"""The snooze menu on reminders: queue the reminder again later and say so in place."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain.snooze import recipient_tz, snooze
from bot.slack.blocks.reminders import snoozed
from bot.slack.calls import ActionCall
from bot.slack.deps import Deps, unit_of_work
from bot.slack.ids import Action
from bot.slack.replies import replace_clicked
from bot.slack.values import SnoozeRef


def register(app: App, deps: Deps) -> None:
    @app.action(Action.SNOOZE)
    def snooze_reminder(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        ref = call.ref(SnoozeRef)
        with unit_of_work(deps, deps.clock()) as work:
            work.once(call.team_id, call.key)
            again = snooze(
                work.session,
                team_id=call.team_id,
                delivery_id=ref.delivery_id,
                slack_user_id=call.user_id,
                until=ref.until,
                now=work.now,
            )
            message = snoozed(again.due_at, recipient_tz(work.session, again))
        replace_clicked(client, call, message)
