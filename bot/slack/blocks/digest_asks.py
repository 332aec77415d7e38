"""The digests' lines about asks and intros: counts and ages only, never what was asked or said.

An intro count is only shown for a kind `MIN_GROUP` people or more had; an answer share only for
`MIN_GROUP` asks or more (bot.domain.digest.counts).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import Block

from bot.domain.digest.asks import ANSWER_WINDOW, ANSWER_WITHIN
from bot.domain.digest.counts import MIN_GROUP, AnswerShare, InterestCount, MetIntros, OpenAsks
from bot.slack.blocks.common import context, escaped_clip, section

INTRO_KINDS = {
    "informational_interview": ("informational interview", "informational interviews"),
    "mentoring": ("mentoring conversation", "mentoring conversations"),
    "shadowing": ("day of shadowing", "days of shadowing"),
    "plan_review": ("plan review", "plan reviews"),
}
WITHIN_DAYS = ANSWER_WITHIN.days
OLDEST_DAYS = WITHIN_DAYS + ANSWER_WINDOW.days
ANSWER_NOTE = (
    f"Asks answered: of the asks each manager got between {WITHIN_DAYS} and {OLDEST_DAYS} days ago, "
    f"how many had an answer (yes, not now, or someone better placed) within {WITHIN_DAYS} days. "
    f"Shown for {MIN_GROUP} asks or more; asks the employee took back are not counted."
)


def _count(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def open_asks_part(asks: OpenAsks) -> str | None:
    """A report's asks waiting for the manager, in the manager's DM digest: e.g. "asks: 2 waiting, oldest 40 days"."""
    if asks.count == 0:
        return None
    oldest = "" if asks.oldest_days is None else f", oldest {_count(asks.oldest_days, 'day', 'days')}"
    return f"asks: {asks.count} waiting for you{oldest}"


def team_asks_row(open_asks: int) -> str:
    """A channel's whole-team count of asks waiting for the manager's answer."""
    return f"• {_count(open_asks, 'ask', 'asks')} from the team waiting for the manager's answer"


def _intro_kind(kind: str, count: int) -> str:
    one, many = INTRO_KINDS.get(kind, ("intro that led to a meeting", "intros that led to a meeting"))
    return _count(count, one, many)


def intros_blocks(intros: MetIntros | None, *, today: date) -> list[Block]:
    """Intros that led to a meeting this quarter, per kind; kinds fewer than `MIN_GROUP` people had are left out,
    and when every kind is left out there is no line at all (even "a few" would say someone met)."""
    if intros is None or not intros.shown:
        return []
    since = f"{intros.since.day} {intros.since:%b}" if intros.since.year == today.year else f"{intros.since:%d %b %Y}"
    counts = ", ".join(_intro_kind(k.kind, k.count) for k in intros.shown)
    text = f":handshake: *This quarter* (since {since}), intros led to {counts}."
    note = (
        f"Kinds of intro fewer than {MIN_GROUP} people had are left out of the counts, so nobody is singled out."
        if intros.withheld
        else ""
    )
    return [section(text), *([context(note)] if note else [])]


def answer_share_part(share: AnswerShare) -> str:
    """One manager's (or the smaller teams') share of asks answered in time, or why it is not shown."""
    if share.asked == 0:
        return "no asks in the window"
    if not share.shown:
        return f"asks: under {MIN_GROUP} asks or people in the window, not shown"
    percent = round(100 * share.in_time / share.asked)
    return f"{share.in_time} of {share.asked} asks answered within {WITHIN_DAYS} days ({percent}%)"


def opportunities_blocks(counts: Sequence[InterestCount]) -> list[Block]:
    """Interest per open opportunity: a figure only for 5 people or more, never a name."""
    if not counts:
        return []
    parts = [
        f"“{escaped_clip(c.title, 80)}” (#{c.opportunity_id}): "
        + (f"{c.shown} interested" if c.shown is not None else f"fewer than {MIN_GROUP} interested")
        for c in counts
    ]
    return [section(":seedling: *Open opportunities*\n" + "\n".join(parts))]
