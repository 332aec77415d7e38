"""What rendering a queued delivery can come to: a message to send, a reason to skip, or not yet."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.domain.outbox_payloads import Notice
from bot.models import Delivery, DeliveryKind
from bot.slack.blocks.common import Message


@dataclass(frozen=True)
class Rendered:
    message: Message
    # A channel id for channel posts; None means the recipient's DM.
    channel_id: str | None = None
    # Set to update an earlier message in place (chat.update) instead of posting a new one.
    update_ts: str | None = None


@dataclass(frozen=True)
class GroupRendered(Rendered):
    """A message for the group DM of these Slack users: the relay opens it (conversations.open) just before
    posting. Slack gives the same channel back each time, so a retry after a crash posts into the same one,
    where the history check finds an earlier post."""

    group_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class Attachment:
    """A file that goes into the thread of the message it belongs to (an .ics invite)."""

    filename: str
    title: str
    content: bytes


@dataclass(frozen=True)
class FileRendered(Rendered):
    """A message with a file: the relay posts the message, then uploads the file into its thread, looking
    in that thread first when an earlier try may have uploaded it already (bot/scheduling/reconcile.py)."""

    attachment: Attachment | None = None


@dataclass(frozen=True)
class Skip:
    """The delivery should be cancelled, with this reason recorded."""

    reason: str


@dataclass(frozen=True)
class Defer:
    """Not now: try again after `seconds` (e.g. an older version of the same message is mid-send)."""

    seconds: float
    reason: str


class NoRenderer(Exception):
    """A delivery kind or template the bot cannot render: a bug, recorded as a failure."""


Outcome = Rendered | Skip | Defer
Renderer = Callable[[Session, Delivery, datetime], Outcome]
# A domain step run just before the kind's renderer (renderers only read; this may write).
BeforeRender = Callable[[Session, Delivery, datetime], None]
# Called in the transaction that records a successful send, with the channel and ts Slack returned.
AfterSent = Callable[[Session, Delivery, str, str], None]
# Called when Slack says the message to update is gone: forget it, so the retry posts anew.
ForgetMessage = Callable[[Session, Delivery], None]


@dataclass
class Registry:
    """Renderers and their hooks, by delivery kind and by notice template."""

    kinds: dict[DeliveryKind, Renderer] = field(default_factory=dict)
    notices: dict[Notice, Renderer] = field(default_factory=dict)
    before_render: dict[DeliveryKind, BeforeRender] = field(default_factory=dict)
    after_sent: dict[DeliveryKind, AfterSent] = field(default_factory=dict)
    forget_message: dict[DeliveryKind, ForgetMessage] = field(default_factory=dict)

    def merge(self, other: Registry) -> Registry:
        """Add another module's renderers; registering one kind or template twice is a bug."""
        _merge_into(self.kinds, other.kinds)
        _merge_into(self.notices, other.notices)
        _merge_into(self.before_render, other.before_render)
        _merge_into(self.after_sent, other.after_sent)
        _merge_into(self.forget_message, other.forget_message)
        return self


def uncovered(registry: Registry) -> set[str]:
    """The delivery kinds and notices `registry` has no renderer for (empty when it covers them all)."""
    kinds = {kind for kind in DeliveryKind if kind is not DeliveryKind.NOTICE} - set(registry.kinds)
    notices = set(Notice) - set(registry.notices)
    return {f"kind {kind.value}" for kind in kinds} | {f"notice {notice.value}" for notice in notices}


def _merge_into(mine: dict[Any, Any], theirs: dict[Any, Any]) -> None:
    clash = set(mine) & set(theirs)
    if clash:
        raise ValueError(f"registered twice: {sorted(map(str, clash))}")
    mine.update(theirs)
