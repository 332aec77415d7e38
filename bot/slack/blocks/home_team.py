"""The manager's part of the App Home: each report's dates and counts, and what the manager owes the team."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, HeaderBlock

from bot.domain.digest.team import ItemCounts, ReportLine
from bot.domain.home import TeamSummary
from bot.domain.item_views import ItemCard
from bot.slack.blocks.common import context, escaped_clip, format_local, mention, section
from bot.slack.blocks.items import due_label, short_date
from bot.slack.ids import Action

REPORTS_SHOWN = 30  # one block each
COMMITMENTS_SHOWN = 5  # lines of one block
COMMITMENT_TEXT_SHOWN = 100


def _counts(counts: ItemCounts) -> str:
    late = f" ({counts.overdue} overdue)" if counts.overdue else ""
    return f"{counts.open} open{late}"


def _report_block(report: ReportLine, tz: str) -> Block:
    coverage = report.coverage
    if coverage.last_held_on is None:
        last = "none recorded" if coverage.flagged else "none yet"
    else:
        last = f"{short_date(coverage.last_held_on)} ({coverage.days_since} days ago)"
    flag = " :warning:" if coverage.flagged else ""
    upcoming = format_local(report.next_meeting_at, tz) if report.next_meeting_at is not None else "not planned"
    prep = "shared with you" if report.prep_shared else "not shared"
    return section(
        f"{mention(report.slack_user_id)}{flag}\n"
        f"Last conversation: {last} · Next 1:1: {upcoming} · Prep: {prep}\n"
        f"Items they own: {_counts(report.theirs)} · items you own: {_counts(report.managers)}"
    )


def _commitments_block(commitments: Sequence[ItemCard], today: date) -> Block:
    late = sum(1 for c in commitments if c.due_date is not None and c.due_date < today)
    heading = f"*Your commitments to your team* ({len(commitments)} open, {late} overdue)"
    if not commitments:
        return section(f"{heading}\nNothing you owe your team is open.")
    lines = [
        f"• {escaped_clip(c.text, COMMITMENT_TEXT_SHOWN)}, for {mention(c.counterpart_user_id)}, "
        f"{due_label(c.due_date, today)}"
        for c in commitments[:COMMITMENTS_SHOWN]
    ]
    if len(commitments) > COMMITMENTS_SHOWN:
        lines.append(f"…and {len(commitments) - COMMITMENTS_SHOWN} more under *Your open items*.")
    return section(heading + "\n" + "\n".join(lines))


def team_blocks(team: TeamSummary, tz: str, today: date) -> list[Block]:
    blocks: list[Block] = [HeaderBlock(text="Your team")]
    if team.reports:
        blocks.append(
            context(
                "Dates and counts only: prep notes stay with each person unless they share them with you. "
                f"Whoever has waited longest comes first; :warning: means more than {team.flag_days} days "
                "without a development conversation."
            )
        )
        blocks += [_report_block(r, tz) for r in team.reports[:REPORTS_SHOWN]]
        if len(team.reports) > REPORTS_SHOWN:
            more = len(team.reports) - REPORTS_SHOWN
            blocks.append(context(f"…and {more} more who had a conversation more recently."))
    else:
        blocks.append(section("Nobody has joined your team yet."))
    if team.invitations_waiting:
        waiting = team.invitations_waiting
        blocks.append(context(f"{waiting} invitation{'s' if waiting != 1 else ''} waiting for an answer."))
    blocks += [
        _commitments_block(team.commitments, today),
        ActionsBlock(elements=[ButtonElement(text="Invite people", action_id=Action.OPEN_TEAM)]),
    ]
    return blocks
