"""Open a form within the trigger's 3 seconds: only a quick database read happens before views.open.
Shared by the commands and the buttons that open the same form."""

from __future__ import annotations

import logging
from dataclasses import replace
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.domain.conversations import series_for
from bot.domain.errors import NotFound
from bot.domain.meeting_request_draft import request_draft
from bot.domain.people import find_person, person_by_id
from bot.domain.prep import PrepState, open_prep
from bot.domain.recap import recap_state, recap_target
from bot.domain.team import team_overview
from bot.slack.deps import Deps, reading
from bot.slack.forms.prep import prep_form
from bot.slack.forms.recap import form_from_state, recap_form
from bot.slack.forms.request import request_modal
from bot.slack.forms.setup import SetupPrefill, setup_modal
from bot.slack.forms.team import team_modal
from bot.slack.profiles import fetch_profile
from bot.slack.values import SetupContext

logger = logging.getLogger(__name__)


def load_prefill(deps: Deps, *, team_id: str, user_id: str) -> SetupPrefill | None:
    """The saved setup as modal defaults, or None for someone not set up yet (a quick DB read)."""
    with reading(deps) as session:
        person = find_person(session, team_id=team_id, slack_user_id=user_id)
        series = series_for(session, team_id=team_id, employee=person) if person else None
        if person is None or series is None or not series.active:
            return None
        local = series.next_meeting_at.astimezone(ZoneInfo(series.tz))
        return SetupPrefill(
            manager_user_id=person_by_id(session, series.manager_id).slack_user_id,
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


def open_settings(
    deps: Deps, client: WebClient, *, team_id: str, user_id: str, trigger_id: str, channel_id: str | None
) -> None:
    """The setup form with what is saved so far."""
    prefill = load_prefill(deps, team_id=team_id, user_id=user_id)
    open_setup(client, trigger_id=trigger_id, user_id=user_id, prefill=prefill, channel_id=channel_id)


def load_prep(deps: Deps, *, team_id: str, user_id: str) -> PrepState | None:
    """The prep to show, or None when the person has no 1:1s set up (a quick DB read)."""
    with reading(deps) as session:
        try:
            return open_prep(session, team_id=team_id, slack_user_id=user_id, now=deps.clock())
        except NotFound:
            return None  # (ManagerGone is not a NotFound: the error handler tells the person)


def open_prep_or_setup(
    deps: Deps, client: WebClient, *, team_id: str, user_id: str, trigger_id: str, channel_id: str | None
) -> None:
    """views.open within the trigger's 3 seconds: the prep form, or setup for someone new."""
    state = load_prep(deps, team_id=team_id, user_id=user_id)
    if state is None:
        open_settings(deps, client, team_id=team_id, user_id=user_id, trigger_id=trigger_id, channel_id=channel_id)
        return
    client.views_open(trigger_id=trigger_id, view=prep_form(state).to_dict())


def open_recap(deps: Deps, client: WebClient, *, team_id: str, user_id: str, trigger_id: str) -> None:
    """views.open within the trigger's 3 seconds; only a database read happens before it."""
    with reading(deps) as session:
        conversation = recap_target(session, team_id=team_id, slack_user_id=user_id, now=deps.clock())
        view = recap_form(form_from_state(recap_state(session, conversation)))
    client.views_open(trigger_id=trigger_id, view=view.to_dict())


def open_team(deps: Deps, client: WebClient, *, team_id: str, user_id: str, trigger_id: str) -> None:
    """views.open within the trigger's 3 seconds; only a database read happens before it."""
    with reading(deps) as session:
        overview = team_overview(session, team_id=team_id, manager_slack_id=user_id)
    client.views_open(trigger_id=trigger_id, view=team_modal(overview).to_dict())


def open_request(
    deps: Deps, client: WebClient, *, team_id: str, user_id: str, trigger_id: str, channel_id: str | None
) -> None:
    """The request form, prefilled; setup first for someone not set up. ManagerGone (the manager
    left) is raised for the caller to explain."""
    try:
        with reading(deps) as session:
            draft = request_draft(session, team_id=team_id, employee_slack_id=user_id, now=deps.clock())
    except NotFound:
        open_setup(client, trigger_id=trigger_id, user_id=user_id, prefill=None, channel_id=channel_id)
        return
    client.views_open(trigger_id=trigger_id, view=request_modal(draft).to_dict())
