"""Recap submission: store what was agreed, then the manager's recap and the confirmation go out."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App

from bot.domain import recap as domain
from bot.domain.errors import InvalidInput
from bot.domain.people import find_person
from bot.slack.deps import Deps, unit_of_work
from bot.slack.ids import Callback, RecapRef, decode
from bot.slack.parse_recap import block_for, recap_input
from bot.slack.request_keys import view_key


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.RECAP_FORM)
    def recap_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        ref = decode(RecapRef, view.get("private_metadata"))
        data = recap_input(view["state"]["values"], ref)
        team_id, user_id = str(body["team"]["id"]), str(body["user"]["id"])
        now = deps.clock()
        try:
            with unit_of_work(deps, now, send=False) as work:
                work.once(team_id, view_key(view))
                person = find_person(work.session, team_id=team_id, slack_user_id=user_id)
                today = now.astimezone(ZoneInfo(person.tz)).date() if person else now.date()
                domain.save_recap(
                    work.session,
                    team_id=team_id,
                    conversation_id=ref.conversation_id,
                    slack_user_id=user_id,
                    data=data,
                    submission_id=str(view["id"]),
                    today=today,
                    now=now,
                )
        except InvalidInput as error:
            ack(response_action="errors", errors={block_for(f): m for f, m in error.errors.items()})
            return
        ack()
        work.send()
