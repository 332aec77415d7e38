"""The forget confirmation's submission: refuse without the checkbox, else delete and say what happened."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from slack_sdk.models.views import View

from bot.db import purge_deleted
from bot.domain.forget import ForgetResult, forget
from bot.slack.blocks.data import undeleted_notice
from bot.slack.calls import ViewCall
from bot.slack.cleanup import delete_posted
from bot.slack.deps import Deps, Work
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

logger = logging.getLogger(__name__)


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
                purge_deleted(deps.sessions)  # no copy of the deleted text left in the database files
                delete_messages(client, result, view_id=call.view.id, user_id=call.user_id)

        submit(ack, deps, call, delete, block_for=block_for, answer=answer, after=clean_up)


def delete_messages(client: WebClient, result: ForgetResult, *, view_id: str, user_id: str) -> None:
    """Delete the bot's messages that held the text, then show the outcome in the modal (or by DM
    if the modal is gone and something could not be deleted)."""
    if not result.posted:
        return
    cleanup = delete_posted(client, result.posted)
    try:
        client.views_update(view_id=view_id, view=forgotten_view(result, cleanup, reader=user_id).to_dict())
        return
    except SlackClientError as exc:
        logger.info("forget result not shown in the modal (%s)", type(exc).__name__)
    if cleanup.undeleted:
        client.chat_postMessage(channel=user_id, **undeleted_notice(cleanup, reader=user_id).as_kwargs())
