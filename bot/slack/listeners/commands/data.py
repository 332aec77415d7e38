"""`/career-prep export` and `/career-prep forget`: your record as a file, or deleted after confirmation."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.domain.export import build_export
from bot.domain.forget import forget_summary
from bot.slack.blocks.common import Message
from bot.slack.blocks.data import export_comment, export_failed, export_sent, forget_modal, nothing_stored
from bot.slack.deps import Deps
from bot.slack.listeners.commands.call import CommandCall

logger = logging.getLogger(__name__)

Tell = Callable[[Message], None]


def run_export(deps: Deps, client: WebClient, *, team_id: str, user_id: str, tell: Tell) -> None:
    """Build the record (a database read), then upload it to the person's DM; called after ack."""
    with deps.sessions.begin() as session:
        export = build_export(session, team_id=team_id, slack_user_id=user_id, now=deps.clock())
    if export is None:
        tell(nothing_stored(deleting=False))
        return
    try:
        channel = str(client.conversations_open(users=user_id)["channel"]["id"])
        client.files_upload_v2(
            channel=channel,
            content=export.markdown,
            filename=export.filename,
            title=export.title,
            initial_comment=export_comment(today=export.as_of),
        )
    except (SlackClientError, OSError) as error:
        # Slack refused or could not be reached: the person is told, nothing is retried behind their back.
        code = error.response.get("error") if isinstance(error, SlackApiError) else None
        logger.warning("export upload failed for %s: %s", user_id, code or error)
        tell(export_failed(str(code) if code else None))
        return
    tell(export_sent())


def export_command(call: CommandCall) -> None:
    run_export(call.deps, call.client, team_id=call.team_id, user_id=call.user_id, tell=call.reply)


def forget_command(call: CommandCall) -> None:
    """Open the confirmation; nothing is deleted until it is submitted with the box ticked."""
    with call.deps.sessions.begin() as session:
        summary = forget_summary(session, team_id=call.team_id, slack_user_id=call.user_id)
    if summary is None:
        call.reply(nothing_stored(deleting=True))
        return
    call.client.views_open(trigger_id=call.trigger_id, view=forget_modal(summary).to_dict())
