"""`/career-prep digest [#channel|dm] [weekly|every 2 weeks] [day] [hour] [org]`, `digest off`, `digest`."""

from __future__ import annotations

from bot.domain.digest.subscriptions import DigestChoice, check_allowed, stop_digest, subscribe, subscriptions_of
from bot.slack.blocks.digest_replies import channel_problem, overview, stopped, subscribed
from bot.slack.calls import CommandCall
from bot.slack.channels import channel_check
from bot.slack.deps import reading, unit_of_work
from bot.slack.digest_args import DigestArgs, parse_digest
from bot.slack.profiles import profile_from_user


def digest_command(call: CommandCall) -> None:
    args = parse_digest(call.args)
    if args.action == "subscribe":
        _subscribe(call, args)
    elif args.action == "off":
        now = call.deps.clock()
        with unit_of_work(call.deps, now) as work:
            view = stop_digest(
                work.session, team_id=call.team_id, slack_user_id=call.user_id, scope=args.scope, now=now
            )
        call.reply(stopped(view, args.scope))
    else:
        with reading(call.deps) as session:
            views = subscriptions_of(session, team_id=call.team_id, slack_user_id=call.user_id)
        call.reply(overview(views))


def _subscribe(call: CommandCall, args: DigestArgs) -> None:
    """Who may, then whether the bot can post there (told at once if not), then save."""
    user = call.client.users_info(user=call.user_id)["user"]
    admin = bool(user.get("is_admin") or user.get("is_owner"))  # read at command time: roles change
    with reading(call.deps) as session:
        check_allowed(
            session, team_id=call.team_id, scope=args.scope, slack_user_id=call.user_id, workspace_admin=admin
        )
    channel_id, problem = (None, None)
    if args.channel_id or args.channel_name:
        channel_id, problem = channel_check(call.client, channel_id=args.channel_id, channel_name=args.channel_name)
    if problem is not None:
        call.reply(channel_problem(problem, channel_id=channel_id, channel_name=args.channel_name))
        return
    choice = DigestChoice(args.scope, channel_id, args.interval_weeks, args.weekday, args.hour)
    now = call.deps.clock()
    with unit_of_work(call.deps, now) as work:
        view = subscribe(
            work.session,
            team_id=call.team_id,
            profile=profile_from_user(user),
            workspace_admin=admin,
            choice=choice,
            now=now,
        )
    call.reply(subscribed(view))
