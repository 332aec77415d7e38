"""`/career-prep settings` and the first-contact setup: open the setup modal."""

from __future__ import annotations

from bot.slack.calls import CommandCall
from bot.slack.openers import open_settings


def settings_command(call: CommandCall) -> None:
    open_settings(
        call.deps,
        call.client,
        team_id=call.team_id,
        user_id=call.user_id,
        trigger_id=call.trigger_id,
        channel_id=call.channel_id,
    )
