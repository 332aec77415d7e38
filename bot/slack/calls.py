"""The parsed form of each kind of Slack request a listener serves: a `/career-prep` command, a click
on a control, a submitted form. Listeners read these, never the raw payload."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.slack.blocks.common import Message
from bot.slack.deps import Deps
from bot.slack.parse import State
from bot.slack.payload_shape import form_view
from bot.slack.request_keys import action_key, view_key
from bot.slack.values import C, decode


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


@dataclass(frozen=True)
class OpenView:
    """A modal as a request carries it: its id and hash (for views.update), what is typed in it so
    far, and the context it was built with."""

    id: str
    hash: str | None
    values: State
    private_metadata: str | None

    @classmethod
    def parse(cls, view: dict[str, Any]) -> OpenView:
        state = view.get("state") or {}
        hash_ = view.get("hash")
        return cls(
            id=str(view.get("id") or ""),
            hash=str(hash_) if hash_ is not None else None,
            values=state.get("values") or {},
            private_metadata=view.get("private_metadata"),
        )

    def ref(self, kind: type[C]) -> C:
        """The context the modal was built with; raises on anything tampered or stale."""
        return decode(kind, self.private_metadata)


def _team_id(body: dict[str, Any], view: dict[str, Any] | None = None) -> str:
    # Interaction payloads name the workspace in `team`; a modal's own `team_id` stands in without it.
    return str(body["team"]["id"] if body.get("team") else (view or body["view"])["team_id"])


@dataclass(frozen=True)
class Clicked:
    """Where the clicked control sat: a posted message (channel and ts), an ephemeral one, a modal or App Home."""

    surface: str  # Slack's container type: "message", "view", ...
    channel: str | None = None
    ts: str | None = None
    ephemeral: bool = False

    @classmethod
    def parse(cls, body: dict[str, Any]) -> Clicked:
        container = body.get("container") or {}
        channel, ts = container.get("channel_id"), container.get("message_ts")
        return cls(
            surface=str(container.get("type", "")),
            channel=str(channel) if channel else None,
            ts=str(ts) if ts else None,
            ephemeral=bool(container.get("is_ephemeral")),
        )

    @property
    def posted_message(self) -> bool:
        """A message the bot can edit in place with chat.update."""
        return self.surface == "message" and not self.ephemeral and self.channel is not None and self.ts is not None


@dataclass(frozen=True)
class ActionCall:
    """One click on a control: who clicked, where, and the control's value."""

    body: dict[str, Any]
    team_id: str
    user_id: str
    action_id: str
    trigger_id: str
    value: str | None  # a button's value, or a menu's chosen option
    response_url: str | None
    key: str  # identifies this click, for `Work.once`
    clicked: Clicked

    @classmethod
    def parse(cls, body: dict[str, Any], action: dict[str, Any] | None = None) -> ActionCall:
        action = action if action is not None else (body.get("actions") or [{}])[0]
        value = action.get("value")
        if value is None:
            value = (action.get("selected_option") or {}).get("value")
        response_url = body.get("response_url")
        return cls(
            body=body,
            team_id=_team_id(body),
            user_id=str(body["user"]["id"]),
            action_id=str(action.get("action_id", "")),
            trigger_id=str(body.get("trigger_id", "")),
            value=value,
            response_url=str(response_url) if response_url else None,
            key=action_key(body, action),
            clicked=Clicked.parse(body),
        )

    def ref(self, kind: type[C]) -> C:
        """The control's context value; raises on anything tampered or stale."""
        return decode(kind, self.value)

    @property
    def in_modal(self) -> bool:
        """The control sits in an open modal: a form opened from it is pushed onto that modal's stack."""
        view = self.body.get("view")
        return isinstance(view, dict) and view.get("type") == "modal"

    def form(self) -> OpenView:
        """The modal the control sits in; a click from anywhere else is refused plainly."""
        return OpenView.parse(form_view(self.body))


@dataclass(frozen=True)
class ViewCall:
    """One submission of a modal."""

    team_id: str
    user_id: str
    view: OpenView
    key: str  # identifies this submission, for `Work.once`

    @classmethod
    def parse(cls, body: dict[str, Any], view: dict[str, Any]) -> ViewCall:
        return cls(
            team_id=_team_id(body, view),
            user_id=str(body["user"]["id"]),
            view=OpenView.parse(view),
            key=view_key(view),
        )

    @property
    def values(self) -> State:
        return self.view.values

    def ref(self, kind: type[C]) -> C:
        return self.view.ref(kind)
