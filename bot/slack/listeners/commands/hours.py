"""`/career-prep hours 08:00-16:30` (or `hours default`): when your reminders may arrive."""

from __future__ import annotations

from bot.domain.errors import InvalidInput
from bot.domain.people import set_working_hours
from bot.slack.blocks.common import Message, section
from bot.slack.calls import CommandCall
from bot.slack.deps import unit_of_work
from bot.slack.ids import COMMAND
from bot.slack.time_args import parse_window


def hours_command(call: CommandCall) -> None:
    if not call.args.strip():
        raise InvalidInput({"hours": f"Tell me your hours, like `{COMMAND} hours 08:00-16:30`, or `hours default`."})
    window = parse_window(call.args)
    with unit_of_work(call.deps, call.deps.clock()) as work:
        person = set_working_hours(
            work.session, team_id=call.team_id, slack_user_id=call.user_id, window=window, now=work.now
        )
        tz = person.tz
    if window is None:
        text = "Your reminders follow your workspace's working hours again."
    else:
        text = (
            f"Got it: reminders reach you between {window[0] // 60:02d}:{window[0] % 60:02d} and "
            f"{window[1] // 60:02d}:{window[1] % 60:02d} on working days ({tz})."
        )
    call.reply(Message(text=text, blocks=[section(text)]))
