"""`/career-prep settings` and the first-contact setup: open the setup modal."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from slack_sdk import WebClient

from bot.domain.conversations import series_for
from bot.domain.people import find_person
from bot.slack.blocks.setup import SetupPrefill, setup_modal
from bot.slack.deps import Deps
from bot.slack.ids import SetupContext
from bot.slack.listeners.commands.call import CommandCall


def load_prefill(deps: Deps, *, team_id: str, user_id: str) -> SetupPrefill | None:
    """The saved setup as modal defaults, or None for someone not set up yet (a quick DB read)."""
    with deps.sessions.begin() as session:
        person = find_person(session, team_id=team_id, slack_user_id=user_id)
        series = series_for(session, team_id=team_id, employee=person) if person else None
        if person is None or series is None or not series.active:
            return None
        local = series.next_meeting_at.astimezone(ZoneInfo(series.tz))
        return SetupPrefill(
            manager_user_id=series.manager.slack_user_id,
            meeting_date=local.date(),
            meeting_time=local.time().replace(second=0, microsecond=0, tzinfo=None),
            cadence=series.cadence,
            length_minutes=series.length_minutes,
            tz=person.tz,
        )


def open_setup(client: WebClient, *, trigger_id: str, prefill: SetupPrefill | None, channel_id: str | None) -> None:
    """views.open within the trigger's 3 seconds; nothing slow happens before it."""
    first_time = prefill is None
    view = setup_modal(prefill or SetupPrefill(), SetupContext(channel_id=channel_id), first_time=first_time)
    client.views_open(trigger_id=trigger_id, view=view.to_dict())


def settings_command(call: CommandCall) -> None:
    prefill = load_prefill(call.deps, team_id=call.team_id, user_id=call.user_id)
    open_setup(call.client, trigger_id=call.trigger_id, prefill=prefill, channel_id=call.channel_id)
