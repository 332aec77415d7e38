"""Every Slack callback, action and block id the bot uses, and the codec for context values."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from pydantic import BaseModel, ConfigDict

COMMAND = "/career-prep"


class Callback(StrEnum):
    """View callback ids."""

    SETUP = "setup_modal"
    PREP_FORM = "prep_form"
    PREP_REVIEW = "prep_review"
    REQUEST_FORM = "request_form"
    REQUEST_COUNTER = "request_counter"


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
    PREP_EDIT = "prep_edit"
    PREP_TEXT = "prep_text"
    PREP_PEOPLE = "prep_people"
    PREP_ASK_KIND = "prep_ask_kind"
    PREP_ASK_DETAIL = "prep_ask_detail"
    PREP_SHARE = "prep_share"
    REQUEST_ACCEPT = "request_accept"
    REQUEST_PROPOSE = "request_propose"
    REQUEST_MESSAGE = "request_message"
    REQUEST_DATE = "request_date"
    REQUEST_TIME = "request_time"


class Block(StrEnum):
    """Block ids of inputs (errors are keyed by these) and of notable sections."""

    SETUP_MANAGER = "setup_manager"
    SETUP_DATE = "setup_date"
    SETUP_TIME = "setup_time"
    SETUP_CADENCE = "setup_cadence"
    SETUP_LENGTH = "setup_length"
    # Prep form: one input block per answer (block id = "prep_" + field name).
    PREP_STRENGTHS = "prep_strengths"
    PREP_GROW_SKILLS = "prep_grow_skills"
    PREP_ENERGIZING_WORK = "prep_energizing_work"
    PREP_UNDERUSED_SKILLS = "prep_underused_skills"
    PREP_DIRECTION = "prep_direction"
    PREP_PATHS = "prep_paths"
    PREP_PEOPLE = "prep_people"
    PREP_TOPICS = "prep_topics"
    PREP_ASK_0 = "prep_ask_0"
    PREP_ASK_0_DETAIL = "prep_ask_0_detail"
    PREP_ASK_1 = "prep_ask_1"
    PREP_ASK_1_DETAIL = "prep_ask_1_detail"
    PREP_ASK_2 = "prep_ask_2"
    PREP_ASK_2_DETAIL = "prep_ask_2_detail"
    PREP_SHARE = "prep_share"
    REQUEST_MESSAGE = "request_message"
    REQUEST_DATE = "request_date"
    REQUEST_TIME = "request_time"


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


class PrepRef(Context):
    """The conversation a prep form or review belongs to."""

    conversation_id: int


class RequestRef(Context):
    """A meeting request a button or the counter-proposal modal acts on."""

    request_id: int


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
