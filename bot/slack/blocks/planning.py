"""Team planning: the replies to `/career-prep planning`, the digest a week before the date, and the line
in a report's App Home. The digest holds only what reports shared with this manager; the rest is a count."""

from __future__ import annotations

from slack_sdk.models.blocks import Block, HeaderBlock

from bot.domain.planning import PlanningNote, PlanningView
from bot.domain.planning_digest import OpenAsk, PlanningDigest, ReportInterests
from bot.domain.planning_sweep import DAYS_BEFORE
from bot.slack.blocks.ask_follow import ask_label
from bot.slack.blocks.common import MESSAGE_MAX_BLOCKS, Message, context, escaped_clip, mention, section
from bot.slack.blocks.items import short_date
from bot.slack.ids import COMMAND

TEXT_SHOWN = 300  # each answer quoted in the digest
ASK_DETAIL_SHOWN = 150
ASKS_SHOWN = 3  # per report
# Header, intro, the count and privacy lines, and one for "more not shown": the rest are reports.
REPORTS_SHOWN = MESSAGE_MAX_BLOCKS - 5
# Slack refuses a message whose blocks hold more than 13,200 characters of text in all; the reports'
# sections share what the fixed lines leave.
REPORTS_TEXT_BUDGET = 11_000


def _rhythm(view: PlanningView) -> str:
    return " (then every 3 months)" if view.quarterly else ""


def planning_set(view: PlanningView) -> Message:
    assert view.planning_on is not None
    soon = view.today is not None and (view.planning_on - view.today).days <= DAYS_BEFORE
    when = "It's less than a week away, so at your next working morning" if soon else "A week before"
    text = (
        f":spiral_calendar_pad: Team planning is on *{short_date(view.planning_on)}*{_rhythm(view)}. {when}, "
        "I'll DM you what your reports chose to share with you: the paths they're interested in, the skills they "
        "want to build and the asks still open, so staffing decisions can take them into account. Anything a "
        "report hasn't shared stays private to them."
    )
    return Message(text=text, blocks=[section(text)])


def planning_shown(view: PlanningView) -> Message:
    if view.planning_on is None or (view.today is not None and view.planning_on < view.today):
        if view.reports == 0:
            text = f"You have no team-planning date. {_not_a_manager_hint()}"
        else:
            text = (
                "You have no upcoming team-planning date. Set one with "
                f"`{COMMAND} planning 2027-03-15` (or `planning quarterly 2027-03-15` to repeat it every 3 months)."
            )
        return Message(text=text, blocks=[section(text)])
    text = (
        f"Your next team planning is on *{short_date(view.planning_on)}*{_rhythm(view)}. Your reports' shared "
        f"interests reach you a week before. `{COMMAND} planning off` stops it."
    )
    return Message(text=text, blocks=[section(text)])


def planning_stopped(view: PlanningView | None) -> Message:
    if view is None:
        text = "You had no team-planning date, so there was nothing to turn off."
    else:
        text = "Team planning is off: no digest will come. Set a new date whenever you like."
    return Message(text=text, blocks=[section(text)])


def _not_a_manager_hint() -> str:
    return "It's for managers: once someone confirms you as their manager, you can set one."


def _ask_line(ask: OpenAsk) -> str:
    detail = f": {escaped_clip(ask.detail, ASK_DETAIL_SHOWN)}" if ask.detail else ""
    answered = " _(you said not now)_" if ask.not_now else ""
    return f"• {ask_label(ask.kind)}{detail}{answered}"


def _report_text(report: ReportInterests) -> str:
    lines = [f"*{mention(report.slack_user_id)}*"]
    if report.paths:
        lines.append(f"*Paths they're curious about:* {escaped_clip(report.paths, TEXT_SHOWN)}")
    if report.grow_skills:
        lines.append(f"*Skills they want to build:* {escaped_clip(report.grow_skills, TEXT_SHOWN)}")
    if report.asks:
        lines.append("*Asks still open:*")
        lines += [_ask_line(a) for a in report.asks[:ASKS_SHOWN]]
        if len(report.asks) > ASKS_SHOWN:
            lines.append(f"…and {len(report.asks) - ASKS_SHOWN} more (`{COMMAND} asks`)")
    return "\n".join(lines)


def _report_blocks(reports: tuple[ReportInterests, ...]) -> list[Block]:
    """One section per report, as many as fit the message; then a line saying how many did not."""
    blocks: list[Block] = []
    budget = REPORTS_TEXT_BUDGET
    for report in reports[:REPORTS_SHOWN]:
        text = _report_text(report)
        if len(text) > budget:
            break
        budget -= len(text)
        blocks.append(section(text))
    if len(blocks) < len(reports):
        more = len(reports) - len(blocks)
        blocks.append(
            context(f"…and {more} more shared interests with you; `{COMMAND} asks` lists every ask waiting on you.")
        )
    return blocks


def _people(count: int) -> str:
    return "1 person hasn't" if count == 1 else f"{count} people haven't"


def planning_digest(digest: PlanningDigest) -> Message:
    """The digest DM: one section per report who shared something, a count of those who did not."""
    when = short_date(digest.planning_on)
    text = f"Team planning on {when}: what your reports shared about where they want to grow."
    blocks: list[Block] = [
        HeaderBlock(text=f"Team planning on {when}"),
        section(
            "Before you plan staffing, here is what each report chose to share with you: paths they're curious "
            "about, skills they want to build, and their asks still open. A stretch project or a rotation "
            "might fit one of them."
        ),
    ]
    blocks += _report_blocks(digest.shared)
    if not digest.shared:
        blocks.append(section("None of your reports has shared interests with you yet."))
    if digest.not_shared:
        blocks.append(
            section(
                f"{_people(digest.not_shared)} shared interests with you yet. Asking in your next 1:1s "
                "is a good start; their prep stays private until they share it."
            )
        )
    blocks.append(context("Only what your reports shared with you is here. Unshared prep stays private to them."))
    return Message(text=text, blocks=blocks)


def planning_home_block(note: PlanningNote) -> Block:
    """For a report: their shared interests feed their manager's planning; unshared words do not."""
    return context(
        f":spiral_calendar_pad: {mention(note.manager_user_id)} plans the team on {short_date(note.planning_on)}. "
        "What you shared with them in prep (paths, skills to build, open asks) helps them think of you for "
        "projects and roles; anything you haven't shared stays private."
    )
