"""`/career-prep settings` and the first-contact setup: open the setup modal.

`settings help-topics a, b, c` (admins, and people allowed org digests) sets the workspace's topic list
the offer form shows; `settings help-topics none` clears it.
"""

from __future__ import annotations

from bot.domain.offers import set_help_topics
from bot.slack.blocks.helpers import topics_set
from bot.slack.calls import CommandCall
from bot.slack.deps import unit_of_work
from bot.slack.openers import open_settings

HELP_TOPICS = "help-topics"


def settings_command(call: CommandCall) -> None:
    name, _, rest = call.args.strip().partition(" ")
    if name.lower() == HELP_TOPICS:
        _help_topics(call, rest)
        return
    open_settings(
        call.deps,
        call.client,
        team_id=call.team_id,
        user_id=call.user_id,
        trigger_id=call.trigger_id,
        channel_id=call.channel_id,
    )


def _help_topics(call: CommandCall, text: str) -> None:
    user = call.client.users_info(user=call.user_id)["user"]
    admin = bool(user.get("is_admin") or user.get("is_owner"))  # read at command time: roles change
    with unit_of_work(call.deps, call.deps.clock()) as work:
        topics = set_help_topics(
            work.session,
            team_id=call.team_id,
            slack_user_id=call.user_id,
            workspace_admin=admin,
            text=text,
            now=work.now,
        )
    call.reply(topics_set(topics))
