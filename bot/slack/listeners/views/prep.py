"""Prep form submission (save the draft, show the review) and review submission (share or not)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.domain import prep as domain
from bot.domain.errors import InvalidInput
from bot.slack import parse
from bot.slack.blocks.prep import prep_review
from bot.slack.deps import Deps, unit_of_work
from bot.slack.ids import Action, Block, Callback, PrepRef, decode
from bot.slack.parse_prep import block_for, prep_answers
from bot.slack.request_keys import view_key


def _errors(error: InvalidInput) -> dict[str, str]:
    return {block_for(field): message for field, message in error.errors.items()}


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.PREP_FORM)
    def prep_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        ref = decode(PrepRef, view.get("private_metadata"))
        answers, row_errors = prep_answers(view["state"]["values"])
        if row_errors:
            ack(response_action="errors", errors={block_for(f): m for f, m in row_errors.items()})
            return
        now = deps.clock()
        try:
            with unit_of_work(deps, now, send=False) as work:
                work.once(str(body["team"]["id"]), view_key(view))
                state = domain.save_prep(
                    work.session,
                    team_id=str(body["team"]["id"]),
                    conversation_id=ref.conversation_id,
                    slack_user_id=str(body["user"]["id"]),
                    answers=answers,
                    now=now,
                )
        except InvalidInput as error:
            ack(response_action="errors", errors=_errors(error))
            return
        ack(response_action="update", view=prep_review(state).to_dict())
        work.send()

    @app.view(Callback.PREP_REVIEW)
    def review_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        ref = decode(PrepRef, view.get("private_metadata"))
        share = "share" in parse.checked_values(view["state"]["values"], Block.PREP_SHARE, Action.PREP_SHARE)
        now = deps.clock()
        try:
            with unit_of_work(deps, now, send=False) as work:
                work.once(str(body["team"]["id"]), view_key(view))
                domain.set_sharing(
                    work.session,
                    team_id=str(body["team"]["id"]),
                    conversation_id=ref.conversation_id,
                    slack_user_id=str(body["user"]["id"]),
                    share=share,
                    now=now,
                )
        except InvalidInput as error:
            ack(response_action="errors", errors=_errors(error))
            return
        ack()
        work.send()
