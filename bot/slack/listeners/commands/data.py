"""`/career-prep export` and `/career-prep forget`: your record as a file, or deleted after confirmation."""

from __future__ import annotations

from bot.domain.forget import forget_summary
from bot.slack.blocks.data import nothing_stored
from bot.slack.calls import CommandCall
from bot.slack.deps import reading
from bot.slack.exports import run_export
from bot.slack.forms.forget import forget_modal


def export_command(call: CommandCall) -> None:
    run_export(call.deps, call.client, team_id=call.team_id, user_id=call.user_id, tell=call.reply)


def forget_command(call: CommandCall) -> None:
    """Open the confirmation; nothing is deleted until it is submitted with the box ticked."""
    with reading(call.deps) as session:
        summary = forget_summary(session, team_id=call.team_id, slack_user_id=call.user_id)
    if summary is None:
        call.reply(nothing_stored(deleting=True))
        return
    call.client.views_open(trigger_id=call.trigger_id, view=forget_modal(summary).to_dict())
