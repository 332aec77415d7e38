"""Opportunity buttons: "I'm interested" opens the interest form, "Bring to my 1:1" adds it to the next
prep as an ask, and the owner's "Close it now"."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain.latest_prep import latest_prep
from bot.domain.opportunities import close_opportunity
from bot.domain.opportunity_interest import bring_to_one_on_one, open_for_interest
from bot.domain.people import find_person, upsert_person
from bot.domain.workspaces import ensure_workspace
from bot.slack.blocks.opportunities import brought, closed_by_owner
from bot.slack.calls import ActionCall
from bot.slack.deps import Deps, reading, unit_of_work
from bot.slack.forms.opportunity import interest_modal
from bot.slack.ids import Action
from bot.slack.profiles import fetch_profile
from bot.slack.replies import reply_to_click
from bot.slack.values import OpportunityRef


def register(app: App, deps: Deps) -> None:
    @app.action(Action.OPPORTUNITY_INTERESTED)
    def interested(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        ref = call.ref(OpportunityRef)
        with reading(deps) as session:
            known = find_person(session, team_id=call.team_id, slack_user_id=call.user_id) is not None
        if not known:  # someone new clicking a channel announcement: added first (one users.info)
            profile = fetch_profile(client, call.user_id)
            with unit_of_work(deps, deps.clock()) as work:
                ensure_workspace(work.session, team_id=call.team_id, now=work.now)
                upsert_person(work.session, team_id=call.team_id, profile=profile, now=work.now)
        with reading(deps) as session:
            row = open_for_interest(session, team_id=call.team_id, opportunity_id=ref.opportunity_id, now=deps.clock())
            person = find_person(session, team_id=call.team_id, slack_user_id=call.user_id)
            skills = latest_prep(session, person=person).grow_skills if person is not None else ""
            view = interest_modal(row, skills=skills)
        show = client.views_push if call.in_modal else client.views_open
        show(trigger_id=call.trigger_id, view=view.to_dict())

    @app.action(Action.OPPORTUNITY_BRING)
    def bring(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        ref = call.ref(OpportunityRef)
        with unit_of_work(deps, deps.clock()) as work:
            work.once(call.team_id, call.key)
            row = bring_to_one_on_one(
                work.session,
                team_id=call.team_id,
                slack_user_id=call.user_id,
                opportunity_id=ref.opportunity_id,
                now=work.now,
            )
            work.refresh_home(call.team_id, call.user_id)
        reply_to_click(client, call, brought(row.title))

    @app.action(Action.OPPORTUNITY_CLOSE)
    def close_now(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        ref = call.ref(OpportunityRef)
        with unit_of_work(deps, deps.clock()) as work:
            work.once(call.team_id, call.key)
            row = close_opportunity(
                work.session,
                team_id=call.team_id,
                opportunity_id=ref.opportunity_id,
                actor_slack_id=call.user_id,
                now=work.now,
            )
            message = closed_by_owner(row)
        reply_to_click(client, call, message)
