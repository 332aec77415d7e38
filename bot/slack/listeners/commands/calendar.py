"""`/career-prep calendar` (your private feed's link), `calendar reset` (a new one) and `calendar off`."""

from __future__ import annotations

from bot.domain.calendar_feed import close_feed, feed_path, open_feed
from bot.domain.errors import InvalidInput
from bot.slack.blocks.calendar_feed import feed_closed, feed_exists, feed_link, feeds_not_configured
from bot.slack.calls import CommandCall
from bot.slack.deps import unit_of_work
from bot.slack.ids import COMMAND


def calendar_command(call: CommandCall) -> None:
    word = call.args.strip().lower()
    if word not in ("", "reset", "off"):
        raise InvalidInput(
            {"calendar": f"Try `{COMMAND} calendar`, `{COMMAND} calendar reset` or `{COMMAND} calendar off`."}
        )
    base = call.deps.settings.public_url
    if word == "off":
        with unit_of_work(call.deps, call.deps.clock()) as work:
            existed = close_feed(work.session, team_id=call.team_id, slack_user_id=call.user_id)
        call.reply(feed_closed(existed))
        return
    if base is None:
        call.reply(feeds_not_configured())
        return
    with unit_of_work(call.deps, call.deps.clock()) as work:
        token = open_feed(
            work.session, team_id=call.team_id, slack_user_id=call.user_id, now=work.now, reset=word == "reset"
        )
    if token is None:
        call.reply(feed_exists())
        return
    call.reply(feed_link(base + feed_path(token), replaced=word == "reset"))
