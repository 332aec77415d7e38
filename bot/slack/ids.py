"""Every Slack callback, action and block id the bot uses, and the codec for context values."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from pydantic import BaseModel, ConfigDict

COMMAND = "/career-prep"


class Callback(StrEnum):
    """View callback ids."""

    SETUP = "setup_modal"


class Action(StrEnum):
    """Action ids of interactive elements."""

    MANAGER_CONFIRM = "manager_confirm"
    MANAGER_DECLINE = "manager_decline"
    OPEN_SETTINGS = "open_settings"
    OPEN_PREP = "open_prep"
    SETUP_MANAGER = "setup_manager"
    SETUP_DATE = "setup_date"
    SETUP_TIME = "setup_time"
    SETUP_CADENCE = "setup_cadence"
    SETUP_LENGTH = "setup_length"


class Block(StrEnum):
    """Block ids of inputs (errors are keyed by these) and of notable sections."""

    SETUP_MANAGER = "setup_manager"
    SETUP_DATE = "setup_date"
    SETUP_TIME = "setup_time"
    SETUP_CADENCE = "setup_cadence"
    SETUP_LENGTH = "setup_length"


class Event(StrEnum):
    """Events API event types the bot subscribes to."""

    APP_HOME_OPENED = "app_home_opened"
    APP_UNINSTALLED = "app_uninstalled"
    TOKENS_REVOKED = "tokens_revoked"


class Context(BaseModel):
    """Base for values carried in button `value`s and view `private_metadata`."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class SeriesRef(Context):
    """A 1:1 series and the manager a request about it was addressed to."""

    series_id: int
    manager_id: int


class SetupContext(Context):
    """Where the setup modal was opened from, so the reply can go back there."""

    channel_id: str | None = None


C = TypeVar("C", bound=Context)


def encode(value: Context) -> str:
    """Compact JSON for a `value` or `private_metadata` field."""
    return value.model_dump_json(exclude_none=True)


def decode(kind: type[C], raw: str | None) -> C:
    """Parse a context value; raises pydantic.ValidationError on anything tampered or stale."""
    return kind.model_validate_json(raw or "{}")
