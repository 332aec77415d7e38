"""Shared pieces for builders: the Message value, limit checks, text helpers and time formatting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from bot.domain.arrival import NOT_SENT, UNTIL_CONFIRMED
from bot.domain.forget import PLACEHOLDER_PREFIX
from bot.slack.parse import is_user_id

MESSAGE_MAX_BLOCKS = 50
SECTION_TEXT_MAX = 3000
FALLBACK_TEXT_MAX = 3000


@dataclass(frozen=True)
class Message:
    """A chat message: fallback text for notifications plus blocks, checked against Slack's limits."""

    text: str
    blocks: Sequence[Block] = field(default_factory=tuple)

    def blocks_json(self) -> list[dict[str, Any]]:
        """The blocks as dicts; raises SlackObjectFormationError if a limit is broken."""
        if len(self.blocks) > MESSAGE_MAX_BLOCKS:
            raise SlackObjectFormationError(
                f"a message can hold {MESSAGE_MAX_BLOCKS} blocks, this one has {len(self.blocks)}"
            )
        return [block.to_dict() for block in self.blocks]

    def as_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for chat.postMessage / chat.update / chat.postEphemeral."""
        return {"text": clip(self.text, FALLBACK_TEXT_MAX), "blocks": self.blocks_json()}


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis, so Slack never rejects it for length."""
    if limit <= 0:
        return ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def escaped_clip(text: str, limit: int) -> str:
    """Escape user text for mrkdwn, then cut it to `limit` characters without splitting an entity.

    Escaping first matters: `&` becomes five characters, so clipping before escaping would let
    a message of ampersands grow past Slack's limits.
    """
    return clip_mrkdwn(escape(text), limit)


def clip_mrkdwn(text: str, limit: int) -> str:
    """`clip` for text that is already mrkdwn: never ends inside an `&amp;`-style entity."""
    if len(text) <= limit:
        return text
    cut = clip(text, limit)
    body = cut[:-1]
    amp = body.rfind("&")
    if amp != -1 and ";" not in body[amp:]:
        body = body[:amp].rstrip()
    return body + "…"


def escape(text: str) -> str:
    """Escape user text for mrkdwn so it cannot form links, mentions or broadcasts."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def section(text: str) -> SectionBlock:
    """A mrkdwn section, clipped to the section limit."""
    return SectionBlock(text=MarkdownTextObject(text=clip_mrkdwn(text, SECTION_TEXT_MAX)))


def context(text: str) -> ContextBlock:
    """A small grey line of mrkdwn."""
    return ContextBlock(elements=[MarkdownTextObject(text=clip_mrkdwn(text, SECTION_TEXT_MAX))])


def mention(slack_user_id: str) -> str:
    """A mrkdwn user mention that Slack renders with the person's current name.

    Someone who asked to be forgotten keeps only a placeholder id; they are named generically.
    """
    if slack_user_id.startswith(PLACEHOLDER_PREFIX):
        return "_a former colleague_"
    if not is_user_id(slack_user_id):
        return "_someone_"  # never a mention of arbitrary text (a forged id stored before it was checked)
    return f"<@{slack_user_id}>"


def format_local(instant: datetime, tz_name: str) -> str:
    """An instant as the reader would say it, e.g. "Tue 10 Mar 2026, 14:00 (Europe/Berlin)"."""
    local = instant.astimezone(ZoneInfo(tz_name))
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} ({tz_name})"


def arrives_phrase(arrives: datetime | None, *, now: datetime, recipient_tz: str, reader_tz: str) -> str | None:
    """When a held message reaches someone, in their time and the reader's: "at 09:00 their time on
    Tue 8 Dec (Tue 8 Dec, 15:00 yours)"; "when they're back" for time away with no end date; None
    once it has reached them (or goes now)."""
    if arrives == UNTIL_CONFIRMED:
        return "once they confirm they're your manager"
    if arrives == NOT_SENT:
        return "never: they said they aren't your manager"
    if arrives is not None and arrives <= now:
        return None
    if arrives is None:
        return "when they're back from time away"
    theirs = arrives.astimezone(ZoneInfo(recipient_tz))
    mine = arrives.astimezone(ZoneInfo(reader_tz))
    if theirs.utcoffset() == mine.utcoffset():
        return f"at {theirs:%H:%M} on {theirs:%a} {theirs.day} {theirs:%b}"
    return (
        f"at {theirs:%H:%M} their time on {theirs:%a} {theirs.day} {theirs:%b} "
        f"({mine:%a} {mine.day} {mine:%b}, {mine:%H:%M} yours)"
    )


def gets_it(who: str, arrives: datetime | None, *, now: datetime, recipient_tz: str, reader_tz: str) -> str | None:
    """ "<@U…> gets it at 09:00 their time on Tue 8 Dec (Tue 8 Dec, 15:00 yours)" for a message held
    for its recipient's working hours or time away; None once it has reached them (or goes now)."""
    phrase = arrives_phrase(arrives, now=now, recipient_tz=recipient_tz, reader_tz=reader_tz)
    if phrase is None:
        return None
    if arrives == NOT_SENT:
        return f"{who} won't get it: they said they aren't your manager"
    if arrives is None:
        return f"{who} is away, so they get it when they're back"
    return f"{who} gets it {phrase}"
