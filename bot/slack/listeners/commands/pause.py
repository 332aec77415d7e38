"""`/career-prep pause [until YYYY-MM-DD | for N days|weeks]` and `/career-prep resume`."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.domain.errors import InvalidInput
from bot.domain.people import local_today
from bot.domain.snooze import pause, resume
from bot.slack.blocks.common import Message, section
from bot.slack.calls import CommandCall
from bot.slack.deps import unit_of_work
from bot.slack.ids import COMMAND

_FOR = re.compile(r"^(?:for\s+)?(\d{1,3})\s*(day|days|d|week|weeks|w)$")
_UNTIL = re.compile(r"^(?:until\s+)?(\d{4}-\d{2}-\d{2})$")
USAGE = f"Try `{COMMAND} pause until 2026-12-24`, `{COMMAND} pause for 2 weeks`, or just `{COMMAND} pause`."


def parse_until(args: str, today: date) -> date | None:
    """The last day away, from "until 2026-12-24" / "for 2 weeks" / "" (until resumed)."""
    text = " ".join(args.lower().split())
    if not text:
        return None
    if match := _UNTIL.match(text):
        try:
            return date.fromisoformat(match.group(1))
        except ValueError:
            raise InvalidInput({"until": f"{match.group(1)} is not a date. {USAGE}"}) from None
    if match := _FOR.match(text):
        amount = int(match.group(1)) * (7 if match.group(2).startswith("w") else 1)
        return today + timedelta(days=max(amount - 1, 0))
    raise InvalidInput({"until": f"I didn't understand `{args.strip()[:40]}`. {USAGE}"})


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
