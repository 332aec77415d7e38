"""The words of `/career-prep digest ...`, read into a typed value (no Slack calls, no database).

This is Slack-edge text, so it lives beside the other readers of what Slack sends: a channel picked
in the command arrives in Slack's escaped form `<#C0123|name>`, a typed one as `#name` under Slack's
channel-name rules, and the error replies quote the slash command (bot.slack.ids.COMMAND).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.domain.errors import InvalidInput
from bot.models import DigestScope
from bot.slack.ids import COMMAND

# Slack sends a channel typed in an escaped command as <#C0123|name> (the name may be empty).
_CHANNEL_REF = re.compile(r"<#([CG][A-Z0-9]+)(?:\|([^>]*))?>")
_CHANNEL_NAME = re.compile(r"^#([a-z0-9][a-z0-9._\-]{0,79})$")
_HOUR = re.compile(r"^(\d{1,2})(?::(\d{2}))?(am|pm|h)?$")
_EVERY_TWO = re.compile(r"\b(?:every\s+(?:2|two|other)\s+weeks?|bi-?weekly|fortnightly)\b")
_EVERY_ONE = re.compile(r"\b(?:every\s+week|weekly)\b")
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_FILLER = frozenset({"on", "at", "to", "in", "the", "every", "digest"})
EXAMPLE = f"`{COMMAND} digest #channel every 2 weeks friday 15:00`"


@dataclass(frozen=True)
class DigestArgs:
    """The command's words, parsed; `channel_id`/`channel_name` both None means the DM."""

    action: str  # "show", "off" or "subscribe"
    scope: DigestScope = DigestScope.TEAM
    channel_id: str | None = None
    channel_name: str | None = None
    interval_weeks: int | None = None
    weekday: int | None = None
    hour: int | None = None


def _weekday(word: str) -> int | None:
    word = word.removesuffix("s") if len(word) > 4 else word
    return next((i for i, day in enumerate(_DAYS) if len(word) >= 3 and day.startswith(word)), None)


def _hour(word: str) -> int | None:
    match = _HOUR.match(word)
    if match is None:
        return None
    hour, minutes, suffix = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if minutes:
        raise InvalidInput({"hour": "Digests go out on the hour: pick a time like `9`, `09:00` or `3pm`."})
    if suffix in ("am", "pm") and not 1 <= hour <= 12:
        raise InvalidInput({"hour": f"`{word}` isn't a time of day."})
    return hour % 12 + (12 if suffix == "pm" else 0) if suffix in ("am", "pm") else hour


def parse_digest(text: str) -> DigestArgs:
    """Read the words after `digest`; raises InvalidInput for anything it cannot place."""
    refs = _CHANNEL_REF.findall(text)
    rest = _CHANNEL_REF.sub(" ", text).lower()
    interval = 2 if _EVERY_TWO.search(rest) else 1 if _EVERY_ONE.search(rest) else None
    rest = _EVERY_ONE.sub(" ", _EVERY_TWO.sub(" ", rest))
    words = re.sub(r"(\d)\s+(am|pm)\b", r"\1\2", rest).split()
    found: dict[str, Any] = {"channel_id": refs[0][0], "channel_name": refs[0][1] or None} if refs else {}
    flags: set[str] = set()
    for word in words:
        if word in ("off", "stop"):
            flags.add("off")
        elif word in ("org", "workspace"):
            found["scope"] = DigestScope.ORG
        elif word in ("dm", "me", "team") or word in _FILLER:
            flags.add("dm" if word in ("dm", "me") else word)
        elif (name := _CHANNEL_NAME.match(word)) is not None:
            refs.append(("", name.group(1)))
            found["channel_name"] = name.group(1)
        elif (day := _weekday(word)) is not None:
            found["weekday"] = day
        elif (hour := _hour(word)) is not None:
            found["hour"] = hour
        else:
            raise InvalidInput(
                {"digest": f"I didn't understand `{word[:30]}`. Try {EXAMPLE}, or `{COMMAND} digest off`."}
            )
    if len(refs) > 1 or (refs and "dm" in flags):
        raise InvalidInput({"digest": "Pick one place for the digest: a single channel, or `dm`."})
    if "off" in flags:
        return DigestArgs("off", scope=found.get("scope", DigestScope.TEAM))
    if not text.strip():
        return DigestArgs("show")
    return DigestArgs("subscribe", interval_weeks=interval, **found)
