"""The parsed form of one `/career-prep` invocation, handed to a subcommand handler."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.slack.blocks.common import Message
from bot.slack.deps import Deps


@dataclass(frozen=True)
class CommandCall:
    deps: Deps
    client: WebClient
    respond: Respond
    team_id: str
    user_id: str
    channel_id: str | None
    trigger_id: str
    args: str

    @classmethod
    def parse(cls, body: dict[str, Any], deps: Deps, client: WebClient, respond: Respond, args: str) -> CommandCall:
        return cls(
            deps=deps,
            client=client,
            respond=respond,
            team_id=str(body["team_id"]),
            user_id=str(body["user_id"]),
            channel_id=body.get("channel_id"),
            trigger_id=str(body.get("trigger_id", "")),
            args=args,
        )

    def reply(self, message: Message) -> None:
        """An ephemeral answer only the person who typed the command sees."""
        self.respond(response_type="ephemeral", replace_original=False, **message.as_kwargs())


Handler = Callable[[CommandCall], None]


@dataclass(frozen=True)
class Subcommand:
    name: str
    summary: str
    handler: Handler
