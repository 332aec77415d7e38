"""`/career-prep settings` and the first-contact setup: open the setup modal."""

from __future__ import annotations

import logging
from dataclasses import replace
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.domain.conversations import series_for
from bot.domain.people import find_person
from bot.slack.blocks.setup import SetupPrefill, setup_modal
from bot.slack.deps import Deps
from bot.slack.ids import SetupContext
from bot.slack.listeners.commands.call import CommandCall
from bot.slack.profiles import fetch_profile

logger = logging.getLogger(__name__)


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


def open_setup(
    client: WebClient, *, trigger_id: str, user_id: str, prefill: SetupPrefill | None, channel_id: str | None
) -> None:
    """views.open within the trigger's 3 seconds; nothing slow happens before it.

    Someone not set up yet has no saved time zone, so once the form is open their Slack profile is
    read and the form updated to name the zone its date and time are read in (setup reads it too)."""
    first_time = prefill is None
    prefill = prefill or SetupPrefill()
    origin = SetupContext(channel_id=channel_id)
    opened = client.views_open(
        trigger_id=trigger_id, view=setup_modal(prefill, origin, first_time=first_time).to_dict()
    )
    if prefill.tz is not None:
        return
    try:
        tz = fetch_profile(client, user_id).tz
        if tz:
            named = setup_modal(replace(prefill, tz=tz), origin, first_time=first_time)
            view = opened["view"]
            client.views_update(view_id=view["id"], hash=view.get("hash"), view=named.to_dict())
    except (SlackApiError, OSError) as error:  # the form stays open with the generic wording
        logger.warning("could not name the time zone on the setup form: %s", error)


def settings_command(call: CommandCall) -> None:
    prefill = load_prefill(call.deps, team_id=call.team_id, user_id=call.user_id)
    open_setup(
        call.client, trigger_id=call.trigger_id, user_id=call.user_id, prefill=prefill, channel_id=call.channel_id
    )
