"""Coverage digests (team and workspace); the command's replies are in digest_replies.

Only the manager's own DM lists their reports: a channel gets whole-team counts, and nothing at all
for a team under 5 people; the workspace digest shows no group under 5 people (the domain groups
them). A DM digest stays compact whatever the team size: report lines are packed into a few
sections under a text budget, and whoever does not fit is summarized in one line. Names are escaped,
never mentioned, so a digest pings nobody.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    DividerBlock,
    HeaderBlock,
    PlainTextObject,
)

from bot.calendar.recurrence import to_local
from bot.domain.digest.counts import MIN_GROUP, OrgDigest, TeamCounts
from bot.domain.digest.subscriptions import SubscriptionView
from bot.domain.digest.team import OWN_TITLES_MAX, ItemCounts, ReportLine, TeamDigest
from bot.slack.blocks.common import Message, clip, clip_mrkdwn, context, escape, escaped_clip, section
from bot.slack.blocks.digest_asks import (
    ANSWER_NOTE,
    answer_share_part,
    intros_blocks,
    open_asks_part,
    opportunities_blocks,
    team_asks_row,
)
from bot.slack.ids import COMMAND, Action
from bot.slack.values import DigestRef, encode

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LINES_BUDGET = 9000  # characters of report lines; the rest of a digest stays well under Slack's 13,200
SECTION_CHUNK = 2800
NAME_MAX = 80
TITLE_MAX = 150
FLAGGED_SHOWN = 5
CHANNEL_PRIVACY = (
    f"Whole-team counts only, and only for teams of {MIN_GROUP} or more: no names, nothing about any one person. "
    "Detail per person only ever goes to the manager's own DM."
)
DM_PRIVACY = "Only you get this copy. Your reports' prep notes reach you only when they share them before a 1:1."
ORG_PRIVACY = (
    f"Counts only, for groups of {MIN_GROUP} people or more: no names of reports, no prep notes, no action items."
)


def _name(name: str) -> str:
    return escaped_clip(name, NAME_MAX)


def _day(day: date, today: date) -> str:
    return f"{day.day} {day:%b}" if day.year == today.year else f"{day.day} {day:%b %Y}"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def schedule_text(view: SubscriptionView) -> str:
    """E.g. "every Monday at 09:00 (Europe/Berlin)" or "every other Friday at 15:00 (UTC)"."""
    every = "every" if view.interval_weeks == 1 else "every other"
    return f"{every} {WEEKDAYS[view.weekday]} at {view.hour:02d}:00 ({view.tz})"


def where_text(channel_id: str | None) -> str:
    return f"<#{channel_id}>" if channel_id else "your DM"


def stop_button(subscription_id: int) -> ActionsBlock:
    return ActionsBlock(
        elements=[
            ButtonElement(
                text="Stop this digest",
                action_id=Action.DIGEST_OFF,
                value=encode(DigestRef(subscription_id=subscription_id)),
                confirm=ConfirmObject(
                    title="Stop this digest?",
                    text=PlainTextObject(text="No more digests will be posted here until it is set up again."),
                    confirm="Stop it",
                    deny="Keep it",
                ),
            )
        ]
    )


def pack(lines: Sequence[str], *, noun: str, budget: int = LINES_BUDGET) -> list[Block]:
    """Lines joined into sections under `budget` characters; one closing line says how many did not fit."""
    blocks: list[Block] = []
    chunk: list[str] = []
    size = used = 0
    for shown, line in enumerate(lines):
        if used + len(line) + 1 > budget:
            blocks += [section("\n".join(chunk))] if chunk else []
            rest = len(lines) - shown
            return [*blocks, context(f"…and {_plural(rest, noun, noun + 's')} more, not shown to keep this short.")]
        if chunk and size + len(line) + 1 > SECTION_CHUNK:
            blocks.append(section("\n".join(chunk)))
            chunk, size = [], 0
        chunk.append(line)
        size += len(line) + 1
        used += len(line) + 1
    return [*blocks, section("\n".join(chunk))] if chunk else blocks


# -- team digest ----------------------------------------------------------------------------------


def _items(counts: ItemCounts, owner: str) -> str | None:
    if counts.open == 0:
        return None
    late = f" ({counts.overdue} overdue)" if counts.overdue else ""
    return f"{owner} {counts.open} open{late}"


def report_line(line: ReportLine, *, today: date, tz: str) -> str:
    """One report as their manager sees them in their DM digest."""
    cover = line.coverage
    marker = ":warning:" if cover.flagged else "•"
    if cover.last_held_on is None or cover.days_since is None:
        last = "last: none recorded yet"
    else:
        last = f"last: {_day(cover.last_held_on, today)} ({_plural(cover.days_since, 'day', 'days')} ago)"
    if line.next_meeting_at is None:
        upcoming = "next 1:1: not scheduled"
    else:
        local = to_local(line.next_meeting_at, tz)
        prep = "prep shared" if line.prep_shared else "no prep yet"
        upcoming = f"next 1:1: {local:%a} {_day(local.date(), today)}, {prep}"
    parts = [_items(line.theirs, "theirs"), _items(line.managers, "yours")]
    items = ", ".join(p for p in parts if p) or "none open"
    asks = open_asks_part(line.asks)
    return f"{marker} *{_name(line.name)}* — {last} · {upcoming} · items: {items}" + (f" · {asks}" if asks else "")


def _flagged_text(digest: TeamDigest) -> str:
    flagged = digest.flagged
    if not flagged:
        return f":white_check_mark: Nobody has gone more than {digest.flag_days} days without one."
    names = [
        f"{_name(r.name)} ({'none recorded' if r.coverage.days_since is None else f'{r.coverage.days_since} days'})"
        for r in flagged[:FLAGGED_SHOWN]
    ]
    more = f", and {len(flagged) - FLAGGED_SHOWN} more" if len(flagged) > FLAGGED_SHOWN else ""
    return f":hourglass: *Longest without one* (over {digest.flag_days} days): {', '.join(names)}{more}"


def _own_commitments(digest: TeamDigest) -> Block:
    if digest.own_overdue == 0:
        return section(":white_check_mark: You have no overdue commitments to your reports.")
    rows = [
        f"• {escaped_clip(c.text, TITLE_MAX)} — due {_day(c.due, digest.today)}, with {_name(c.report_name)}"
        for c in digest.own_titles[:OWN_TITLES_MAX]
    ]
    hidden = digest.own_overdue - len(rows)
    if hidden > 0:
        rows.append(f"…and {hidden} more: see `{COMMAND} items`.")
    return section(f":alarm_clock: *Your overdue commitments ({digest.own_overdue})*\n" + "\n".join(rows))


def _team_counts(counts: TeamCounts, *, window_days: int, flag_days: int) -> tuple[str, list[Block]]:
    """A channel's view of a team of `MIN_GROUP` or more: counts over the whole team, nobody singled out."""
    summary = f"{counts.covered} of {counts.size} had a development conversation in the last {window_days} days"
    rows = [
        f"• {counts.size} confirmed reports on the team",
        f"• {counts.flagged} of {counts.size} gone over {flag_days} days without one",
        f"• {counts.scheduled} of {counts.size} with a 1:1 scheduled, "
        f"{counts.prep_shared} of them with their prep shared for it",
        f"• {_plural(counts.own_overdue, 'overdue commitment', 'overdue commitments')} from the manager to the team",
        team_asks_row(counts.open_asks),
    ]
    return summary, [section(f":bar_chart: *{summary}.*"), section("\n".join(rows))]


def _channel_team_blocks(digest: TeamDigest) -> tuple[str, list[Block]]:
    counts = digest.counts
    if counts is None:
        kept = (
            f":lock: This team has fewer than {MIN_GROUP} confirmed reports, so a channel gets no figures about it: "
            "with so few people, any count could point at someone. The figures are for the manager's DM only: "
            f"{_name(digest.owner_name)} can get them there with `{COMMAND} digest dm`."
        )
        return f"figures kept to the manager's DM (teams under {MIN_GROUP})", [section(kept)]
    summary, blocks = _team_counts(counts, window_days=digest.window_days, flag_days=digest.flag_days)
    return summary, [*blocks, *intros_blocks(digest.intros, today=digest.today)]


def _dm_team_blocks(digest: TeamDigest) -> tuple[str, list[Block]]:
    total = len(digest.reports)
    if total == 0:
        text = "No confirmed reports yet: people appear here once they name you as their manager and you confirm."
        return "no confirmed reports yet", [section(text), DividerBlock(), _own_commitments(digest)]
    summary = f"{digest.covered} of {total} had a development conversation in the last {digest.window_days} days"
    lines = [report_line(r, today=digest.today, tz=digest.tz) for r in digest.reports]
    blocks: list[Block] = [
        section(f":bar_chart: *{summary}.*"),
        section(_flagged_text(digest)),
        DividerBlock(),
        *pack(lines, noun="report"),
        *intros_blocks(digest.intros, today=digest.today),
        DividerBlock(),
        _own_commitments(digest),
    ]
    return summary, blocks


def team_digest_message(digest: TeamDigest, *, subscription_id: int, in_channel: bool, schedule: str) -> Message:
    """The manager's team digest: per person in their DM; in a channel, whole-team counts or nothing."""
    if in_channel:
        title, team = f"Career conversations: {digest.owner_name}'s team", f"{escape(digest.owner_name)}'s team"
        summary, body = _channel_team_blocks(digest)
    else:
        title, team = "Your team's career conversations", "Your team"
        summary, body = _dm_team_blocks(digest)
    blocks: list[Block] = [
        HeaderBlock(text=clip(title, 150)),
        *body,
        context(f"{CHANNEL_PRIVACY if in_channel else DM_PRIVACY} Sent {schedule}; change it with `{COMMAND} digest`."),
        stop_button(subscription_id),
    ]
    return Message(text=clip_mrkdwn(f"{team}: {summary}", 300), blocks=blocks)


# -- org digest -----------------------------------------------------------------------------------


def _org_lines(digest: OrgDigest) -> list[str]:
    lines = [
        f"*{_name(m.name)}*{'' if m.still_here else ' (left the workspace)'} — {m.covered} of {m.reports} "
        f"covered · {m.flagged} over {digest.flag_days} days without one · {answer_share_part(m.asks)}"
        for m in digest.managers
    ]
    if digest.smaller is not None:
        group = digest.smaller
        lines.append(
            f"*Smaller teams* (under {MIN_GROUP} people each, together) — {group.covered} of {group.reports} "
            f"covered · {group.flagged} over {digest.flag_days} days without one · {answer_share_part(group.asks)}"
        )
    return lines


def org_digest_message(digest: OrgDigest, *, subscription_id: int, schedule: str) -> Message:
    """Coverage per manager, lowest first, for groups of `MIN_GROUP` people or more: counts only."""
    blocks: list[Block] = [HeaderBlock(text="Career conversations across the workspace")]
    left_out = (
        f"Teams under {MIN_GROUP} people are left out: together they are still fewer than {MIN_GROUP}, "
        "too few to show without pointing at someone."
    )
    if digest.reports == 0:
        summary = "no figures yet" if digest.withheld else "no confirmed reporting lines yet"
        text = (
            left_out
            if digest.withheld
            else "No confirmed reporting lines yet: managers appear once their reports are confirmed."
        )
        blocks.append(section(text))
    else:
        summary = (
            f"{digest.covered} of {digest.reports} people had a development conversation in the last "
            f"{digest.window_days} days"
        )
        blocks += [section(f":bar_chart: *{summary}.*"), DividerBlock(), *pack(_org_lines(digest), noun="team")]
        blocks += [context(left_out)] if digest.withheld else []
        blocks += [context(ANSWER_NOTE)]
    blocks += intros_blocks(digest.intros, today=digest.today)
    blocks += opportunities_blocks(digest.opportunities)
    blocks += [
        DividerBlock(),
        context(f"{ORG_PRIVACY} Sent {schedule}; change it with `{COMMAND} digest`."),
        stop_button(subscription_id),
    ]
    return Message(text=f"Career conversations: {summary}", blocks=blocks)
