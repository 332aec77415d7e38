"""`/career-prep planning [quarterly] YYYY-MM-DD`, `planning off`, `planning`: a manager's team-planning date."""

from __future__ import annotations

from bot.domain.planning import planning_of, set_planning, stop_planning
from bot.slack.blocks.planning import planning_set, planning_shown, planning_stopped
from bot.slack.calls import CommandCall
from bot.slack.deps import reading, unit_of_work
from bot.slack.time_args import parse_planning


def planning_command(call: CommandCall) -> None:
    args = parse_planning(call.args)
    now = call.deps.clock()
    if args.action == "show":
        with reading(call.deps) as session:
            view = planning_of(session, team_id=call.team_id, slack_user_id=call.user_id, now=now)
        call.reply(planning_shown(view))
        return
    with unit_of_work(call.deps, now) as work:
        if args.action == "off":
            reply = planning_stopped(
                stop_planning(work.session, team_id=call.team_id, slack_user_id=call.user_id, now=now)
            )
        else:
            assert args.planning_on is not None
            view = set_planning(
                work.session,
                team_id=call.team_id,
                slack_user_id=call.user_id,
                planning_on=args.planning_on,
                quarterly=args.quarterly,
                now=now,
            )
            reply = planning_set(view)
    call.reply(reply)
