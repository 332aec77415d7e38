"""Records kept by the fake Slack server: calls, violations, failure rules and Slack-shaped objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

_TZ_LABELS = {
    "EST": "Eastern Standard Time",
    "EDT": "Eastern Daylight Time",
    "CST": "Central Standard Time",
    "CDT": "Central Daylight Time",
    "MST": "Mountain Standard Time",
    "MDT": "Mountain Daylight Time",
    "PST": "Pacific Standard Time",
    "PDT": "Pacific Daylight Time",
    "GMT": "Greenwich Mean Time",
    "UTC": "Coordinated Universal Time",
    "BST": "British Summer Time",
    "CET": "Central European Time",
    "CEST": "Central European Summer Time",
}
BASE_EPOCH = 1_700_000_000


class SlackError(Exception):
    """An API method answering ``{"ok": false, "error": code}`` (``messages`` become response_metadata)."""

    def __init__(self, code: str, messages: list[str] | None = None, *, violation: bool = False) -> None:
        super().__init__(code)
        self.code = code
        self.messages = messages or []
        self.violation = violation


@dataclass(frozen=True)
class Call:
    """One recorded Web API call."""

    method: str
    params: dict[str, Any]
    token: str | None
    at: float


@dataclass(frozen=True)
class Violation:
    """A payload the real Slack API would have rejected (Block Kit / view limits)."""

    method: str
    error: str
    messages: tuple[str, ...]


@dataclass
class InjectedFailure:
    """How the next call(s) to a method should fail."""

    error: str
    status: int
    retry_after: int | None
    disconnect: bool
    html: bool
    remaining: int
    skip: int = 0  # let this many calls through first


@dataclass
class PendingUpload:
    """A file announced by files.getUploadURLExternal, possibly already uploaded."""

    file_id: str
    filename: str
    length: int
    content: bytes | None = None


def make_user(
    user_id: str,
    *,
    name: str,
    real_name: str,
    tz: str,
    is_bot: bool,
    deleted: bool,
    is_admin: bool,
    is_owner: bool,
    team_id: str,
    email: str | None,
) -> dict[str, Any]:
    """A Slack-shaped user object (as users.info returns it)."""
    now = datetime.now(ZoneInfo(tz))
    offset = now.utcoffset()
    abbreviation = now.tzname() or tz
    profile: dict[str, Any] = {
        "real_name": real_name,
        "real_name_normalized": real_name,
        "display_name": name,
        "display_name_normalized": name,
        "team": team_id,
    }
    if email is not None:
        profile["email"] = email
    return {
        "id": user_id,
        "team_id": team_id,
        "name": name,
        "deleted": deleted,
        "real_name": real_name,
        "tz": tz,
        "tz_label": _TZ_LABELS.get(abbreviation, abbreviation),
        "tz_offset": int(offset.total_seconds()) if offset is not None else 0,
        "profile": profile,
        "is_admin": is_admin,
        "is_owner": is_owner,
        "is_primary_owner": False,
        "is_restricted": False,
        "is_ultra_restricted": False,
        "is_bot": is_bot,
        "is_app_user": False,
        "updated": BASE_EPOCH,
    }


def make_channel(channel_id: str, name: str, *, is_private: bool, is_archived: bool, is_member: bool) -> dict[str, Any]:
    """A Slack-shaped public/private channel object (as conversations.info returns it)."""
    empty = {"value": "", "creator": "", "last_set": 0}
    return {
        "id": channel_id,
        "name": name,
        "name_normalized": name,
        "is_channel": not is_private,
        "is_group": is_private,
        "is_im": False,
        "is_mpim": False,
        "is_private": is_private,
        "is_archived": is_archived,
        "is_general": False,
        "is_shared": False,
        "is_org_shared": False,
        "is_member": is_member,
        "created": BASE_EPOCH,
        "creator": "U0000000000",
        "topic": dict(empty),
        "purpose": dict(empty),
    }


@dataclass
class Store:
    """Everything the fake remembers; guarded by ``FakeSlackState._lock``."""

    calls: list[Call] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    ephemerals: list[dict[str, Any]] = field(default_factory=list)
    views: dict[str, dict[str, Any]] = field(default_factory=dict)
    home_views: dict[str, dict[str, Any]] = field(default_factory=dict)
    last_view_id: str | None = None
    uploads: dict[str, PendingUpload] = field(default_factory=dict)
    files: list[dict[str, Any]] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    fail_next: dict[str, list[InjectedFailure]] = field(default_factory=dict)
    slow_next: dict[str, list[float]] = field(default_factory=dict)
    channel_failures: dict[str, str] = field(default_factory=dict)
