"""Send a person their record as a file in their DM: `/career-prep export` and the Export button."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.domain.export import build_export
from bot.slack.blocks.common import Message
from bot.slack.blocks.data import export_comment, export_failed, export_sent, nothing_stored
from bot.slack.deps import Deps, reading

logger = logging.getLogger(__name__)

Tell = Callable[[Message], None]


def run_export(deps: Deps, client: WebClient, *, team_id: str, user_id: str, tell: Tell) -> None:
    """Build the record (a database read), then upload it to the person's DM; called after ack."""
    with reading(deps) as session:
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
