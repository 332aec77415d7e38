"""After a person's data is deleted: scrub the database files, delete the bot's messages that held the
text, and show the person what happened (in the modal, or by DM if something could not be deleted)."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.db import purge_deleted
from bot.domain.forget import ForgetResult
from bot.slack.blocks.data import undeleted_notice
from bot.slack.cleanup import delete_posted
from bot.slack.deps import Deps
from bot.slack.forms.forget import forgotten_view

logger = logging.getLogger(__name__)


def clean_up_after_forget(deps: Deps, client: WebClient, result: ForgetResult, *, view_id: str, user_id: str) -> None:
    """Runs after ack: nothing here may keep Slack waiting for the form's answer."""
    purge_deleted(deps.sessions)  # no copy of the deleted text left in the database files
    _delete_messages(client, result, view_id=view_id, user_id=user_id)


def _delete_messages(client: WebClient, result: ForgetResult, *, view_id: str, user_id: str) -> None:
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
