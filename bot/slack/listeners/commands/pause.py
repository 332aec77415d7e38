"""`/career-prep pause [until YYYY-MM-DD | for N days|weeks]` and `/career-prep resume`."""

from __future__ import annotations

from bot.domain.people import local_today
from bot.domain.snooze import pause, resume
from bot.slack.blocks.common import Message, section
from bot.slack.calls import CommandCall
from bot.slack.deps import unit_of_work
from bot.slack.ids import COMMAND
from bot.slack.time_args import parse_until


def pause_command(call: CommandCall) -> None:
    with unit_of_work(call.deps, call.deps.clock()) as work:
        today = local_today(work.session, team_id=call.team_id, slack_user_id=call.user_id, now=work.now)
        until = parse_until(call.args, today)
        pause(work.session, team_id=call.team_id, slack_user_id=call.user_id, until=until, now=work.now)
    when = f"through {until:%a} {until.day} {until:%b %Y}" if until else f"until you run `{COMMAND} resume`"
    text = f":palm_tree: Reminders are paused {when}. Anything that still matters afterwards will reach you then."
    call.reply(Message(text=text, blocks=[section(text)]))


def resume_command(call: CommandCall) -> None:
    with unit_of_work(call.deps, call.deps.clock()) as work:
        resume(work.session, team_id=call.team_id, slack_user_id=call.user_id, now=work.now)
    text = "Welcome back. Reminders are on again."
    call.reply(Message(text=text, blocks=[section(text)]))
