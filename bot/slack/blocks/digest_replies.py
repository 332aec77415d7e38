"""The replies of `/career-prep digest` and the notices about a digest: subscribed, the overview,
stopped, and a channel the bot can't post in."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    Block,
)

from bot.domain.digest.counts import MIN_GROUP
from bot.domain.digest.subscriptions import SubscriptionView
from bot.models import DigestScope
from bot.slack.blocks.common import Message, context, escape, format_local, section
from bot.slack.blocks.digest import (
    CHANNEL_PRIVACY,
    DM_PRIVACY,
    ORG_PRIVACY,
    schedule_text,
    stop_button,
    where_text,
)
from bot.slack.ids import COMMAND


def _name_of(scope: DigestScope) -> str:
    return "team digest" if scope is DigestScope.TEAM else "workspace digest"


def subscribed(view: SubscriptionView) -> Message:
    when = format_local(view.next_due_at, view.tz) if view.next_due_at else "soon"
    text = (
        f":white_check_mark: Your {_name_of(view.scope)} goes to {where_text(view.channel_id)} "
        f"{schedule_text(view)}. First one: {when}. Like every message from me, it waits for your working hours."
    )
    privacy = CHANNEL_PRIVACY if view.channel_id else DM_PRIVACY
    if view.scope is DigestScope.ORG:
        privacy = ORG_PRIVACY
    return Message(
        text=text,
        blocks=[section(text), context(f"{privacy} Stop it any time with `{COMMAND} digest off`.")],
    )


def usage() -> Message:
    text = (
        "*Digests* show how your team's career conversations are going. Your DM copy lists each report: who had "
        "one lately, who is waiting longest, open items by count. A channel gets whole-team counts only, and "
        f"nothing for a team under {MIN_GROUP}.\n"
        f"• `{COMMAND} digest #channel` posts your team digest in a channel, Mondays at 09:00 your time\n"
        f"• `{COMMAND} digest dm` sends it to your DM instead\n"
        f"• add `every 2 weeks`, a day and an hour: `{COMMAND} digest #leads every 2 weeks friday 15:00`\n"
        f"• `{COMMAND} digest #people-team org` posts coverage per manager (workspace admins)\n"
        f"• `{COMMAND} digest off` stops it (`digest org off` for the workspace digest)"
    )
    return Message(text="How to set up a digest", blocks=[section(text)])


def overview(views: Sequence[SubscriptionView]) -> Message:
    """`digest` with nothing else: what is set up, or how to set one up."""
    if not views:
        return usage()
    blocks: list[Block] = []
    for view in views:
        when = format_local(view.next_due_at, view.tz) if view.next_due_at else "not planned yet"
        blocks += [
            section(
                f"Your {_name_of(view.scope)} goes to {where_text(view.channel_id)} {schedule_text(view)}. "
                f"Next: {when}."
            ),
            stop_button(view.subscription_id),
        ]
    blocks.append(context(f"Change it by running `{COMMAND} digest` again with a new channel, day or hour."))
    return Message(text="Your digests", blocks=blocks)


def stopped(view: SubscriptionView | None, scope: DigestScope) -> Message:
    if view is None:
        text = f"You have no {_name_of(scope)} to stop."
    else:
        text = (
            f"Stopped: no more {_name_of(scope)}s in {where_text(view.channel_id)}. "
            f"Start it again any time with `{COMMAND} digest`."
        )
    return Message(text=text, blocks=[section(text)])


CHANNEL_PROBLEM_TEXTS = {
    "not_found": "I can't see {where}. If it's a private channel, add me first (type `/invite @Career Prep` there), "
    "then run this command again.",
    "archived": "{where} is archived, so nothing can be posted there. Pick another channel.",
    "not_member": "I'm not a member of {where} yet. Add me by typing `/invite @Career Prep` in that channel, "
    "then run this command again.",
    "not_a_channel": "{where} isn't a channel I can post a digest in. Pick a channel, or use `dm` to get the "
    "digest by DM.",
}


def channel_problem(problem: str, *, channel_id: str | None, channel_name: str | None) -> Message:
    """Why a digest can't go to the chosen channel, and how to fix it."""
    where = f"<#{channel_id}>" if channel_id else f"#{escape(channel_name or 'that channel')}"
    text = ":warning: " + CHANNEL_PROBLEM_TEXTS.get(problem, CHANNEL_PROBLEM_TEXTS["not_found"]).format(where=where)
    return Message(text=text, blocks=[section(text)])


def undeliverable(*, channel_id: str, reason: str, paused: bool, scope: DigestScope) -> Message:
    """The owner's DM after Slack refused a digest for good: what happened and how to fix it."""
    what = {
        "channel_not_found": f"{where_text(channel_id)} no longer exists, or I can no longer see it",
        "is_archived": f"{where_text(channel_id)} was archived",
        "not_in_channel": f"I'm no longer a member of {where_text(channel_id)}",
        "restricted_action": f"posting in {where_text(channel_id)} is restricted",
    }.get(reason, f"Slack refused the post in {where_text(channel_id)}")
    if paused:
        fix = (
            f"I've paused it. Pick another channel with `{COMMAND} digest #channel`, or get it by DM with "
            f"`{COMMAND} digest dm`."
        )
    else:
        fix = (
            "Add me back by typing `/invite @Career Prep` in that channel and the next one goes there, or pick "
            f"another channel with `{COMMAND} digest #channel`."
        )
    text = f":warning: Your {_name_of(scope)} couldn't be posted: {what}. {fix}"
    return Message(text=f"Your {_name_of(scope)} couldn't be posted", blocks=[section(text)])
