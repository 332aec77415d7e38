"""`/career-prep prep` (and the bare command): open the prep form for the next conversation."""

from __future__ import annotations

from bot.slack.calls import CommandCall
from bot.slack.openers import open_prep_or_setup


def prep_command(call: CommandCall) -> None:
    open_prep_or_setup(
        call.deps,
        call.client,
        team_id=call.team_id,
        user_id=call.user_id,
        trigger_id=call.trigger_id,
        channel_id=call.channel_id,
    )
