"""How a prepared delivery reaches Slack: its channel found (or opened), an earlier unsure post looked for
before posting again, and a file uploaded into the post's thread (bot/scheduling/reconcile.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.db import SessionFactory
from bot.scheduling.dm_channels import forget_dm_channel, open_dm_channel, open_group_dm
from bot.scheduling.reconcile import Attempts, Unsure
from bot.slack.outbound.outcomes import Attachment


@dataclass(frozen=True)
class Prepared:
    """A rendered delivery, ready to leave the transaction and go to Slack."""

    team_id: str
    channel_id: str | None
    user_id: str | None
    message: dict[str, Any]
    update_ts: str | None = None
    person_id: int | None = None
    dm_channel: str | None = None  # the recipient's DM channel, as remembered from an earlier run
    delivery_id: int = 0
    unsure: Unsure | None = None  # an earlier post of it whose outcome nobody saw
    group_with: tuple[str, ...] = ()  # a group DM of these people, opened before the post
    attachment: Attachment | None = None  # a file uploaded into the post's thread (FileRendered)


class Poster:
    """Posts (or updates) one prepared delivery; returns the channel it went to and Slack's reply."""

    def __init__(self, sessions: SessionFactory, client: WebClient, attempts: Attempts) -> None:
        self._sessions = sessions
        self._client = client
        self._attempts = attempts

    def post(self, prepared: Prepared) -> tuple[str, Any]:
        """Post (or update) the message, then upload its file, if it has one, into its thread."""
        channel, response = self._post_message(prepared)
        if prepared.attachment is not None:
            channel = str(response.get("channel", channel))
            self._attempts.attach(
                channel=channel,
                thread_ts=str(response.get("ts", "")),
                attachment=prepared.attachment,
                retry=prepared.unsure is not None,
            )
        return channel, response

    def _post_message(self, prepared: Prepared) -> tuple[str, Any]:
        """Post (or update) the message; a DM channel remembered from earlier is tried first, and
        if Slack no longer knows it, opened afresh once. A post that may have landed before is looked for first."""
        earlier = prepared.unsure
        if earlier and (
            found := self._attempts.find(team_id=prepared.team_id, delivery_id=prepared.delivery_id, earlier=earlier)
        ):
            return found.channel, {"channel": found.channel, "ts": found.ts}
        if prepared.channel_id is not None:
            return prepared.channel_id, self._call(prepared, prepared.channel_id)
        if prepared.group_with:
            channel = open_group_dm(self._client, prepared.group_with)
            return channel, self._call(prepared, channel)
        assert prepared.user_id is not None
        assert prepared.person_id is not None
        if prepared.dm_channel is not None:
            try:
                return prepared.dm_channel, self._call(prepared, prepared.dm_channel)
            except SlackApiError as exc:
                if exc.response.get("error") != "channel_not_found":
                    raise
                forget_dm_channel(self._sessions, person_id=prepared.person_id, channel=prepared.dm_channel)
        channel = open_dm_channel(
            self._client, self._sessions, person_id=prepared.person_id, slack_user_id=prepared.user_id
        )
        return channel, self._call(prepared, channel)

    def _call(self, prepared: Prepared, channel: str) -> Any:
        if prepared.update_ts:  # the same ts each time: an update sent twice changes nothing, so no look-up
            return self._client.chat_update(channel=channel, ts=prepared.update_ts, **prepared.message)
        return self._attempts.post(
            team_id=prepared.team_id, delivery_id=prepared.delivery_id, channel=channel, message=prepared.message
        )
