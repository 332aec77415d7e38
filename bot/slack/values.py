"""The typed values the bot carries in button `value`s and view `private_metadata`, and their codec."""

from __future__ import annotations

from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field

MAX_ROW_ID = 2**63 - 1
RowId = Annotated[int, Field(ge=0, le=MAX_ROW_ID)]


class Context(BaseModel):
    """Base for values carried in button `value`s and view `private_metadata`."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class SeriesRef(Context):
    """A 1:1 series and the manager a request about it was addressed to."""

    series_id: RowId
    manager_id: RowId


class PrepRef(Context):
    """The conversation a prep form or review belongs to."""

    conversation_id: RowId


class RequestRef(Context):
    """A meeting request a button or the counter-proposal modal acts on."""

    request_id: RowId


class RecapRef(Context):
    """The conversation a recap form belongs to, and the saved item behind each row (None: new)."""

    conversation_id: RowId
    item_ids: list[RowId | None] = []
    ask_ids: list[RowId] = []  # the open asks the form lists, in order


class ItemRef(Context):
    """An action item, and where the control that acted on it lives, so that place can refresh.

    `surface` is "items" (the /career-prep items list), "checkin:<conversation id>" or "home"
    (App Home, re-published after any change); a message in a DM is refreshed through
    channel/ts, an ephemeral one through its response_url.
    """

    item_id: RowId
    surface: str = "items"
    channel: str | None = None
    ts: str | None = None
    response_url: str | None = None


class SnoozeRef(Context):
    """A reminder that was sent, and how long to put it off: "hour", "tomorrow" or "week"."""

    delivery_id: RowId
    until: str


class InvitationRef(Context):
    invitation_id: RowId


class DigestRef(Context):
    subscription_id: RowId


class IntroStart(Context):
    """Who the employee would like to be introduced to, for what kind of help, and the ask it serves, if any.

    `kind` is an OfferKind value; `reasons` is why the bot suggested this person, as shown to the employee.
    """

    helper_id: RowId
    kind: str
    ask_id: RowId | None = None
    reasons: str | None = None


class SessionRef(Context):
    """One office-hours session: the office hours and the session's start (Unix seconds, UTC)."""

    office_hours_id: RowId
    session_at: Annotated[int, Field(ge=0, le=2**40)]


class BookingRef(Context):
    """One office-hours booking (a Cancel button names it)."""

    booking_id: RowId


class IntroRef(Context):
    """An intro a button acts on (the helper's Accept / Not now, the employee's take-back)."""

    intro_id: RowId


class IntroAnswer(Context):
    """One answer to "did you meet?": the intro, the round asked, and the IntroOutcome value."""

    intro_id: RowId
    round: int = Field(ge=1, le=2)
    outcome: str


class AskButton(Context):
    """An ask a button or the answer form acts on."""

    ask_id: RowId


class OpportunityRef(Context):
    """An opportunity a button or the interest form acts on."""

    opportunity_id: RowId


class SetupContext(Context):
    """Where the setup modal was opened from, so the reply can go back there."""

    channel_id: str | None = None


C = TypeVar("C", bound=Context)


class ReflectionLineRef(Context):
    """One line of a mid-year reflection (a still true / changed / done button)."""

    reflection_id: RowId
    key: str = Field(max_length=40)


class ReflectionNoteRef(Context):
    """The "what changed" form of a reflection, and the DM message to redraw once it is saved."""

    reflection_id: RowId
    channel: str | None = None
    ts: str | None = None


def encode(value: Context) -> str:
    """Compact JSON for a `value` or `private_metadata` field."""
    return value.model_dump_json(exclude_none=True)


def decode(kind: type[C], raw: str | None) -> C:
    """Parse a context value; raises pydantic.ValidationError on anything tampered or stale."""
    return kind.model_validate_json(raw or "{}")
