"""Payloads of the outbox rows about internal opportunities."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OpportunityRef:
    """An opportunity: its channel announcement."""

    opportunity_id: int


@dataclass(frozen=True)
class InterestRef:
    """One person's "I'm interested": told to the owner, and (once it closes) the person is told it closed."""

    interest_id: int


@dataclass(frozen=True)
class AnnouncementRefused:
    """The announce channel refused an opportunity's announcement (`reason`, a Slack error code): told to its owner."""

    opportunity_id: int
    channel_id: str
    reason: str = ""
