"""The opportunity forms' submissions: a posting (the announce channel checked with Slack first) and an
"I'm interested" (told to the owner through the outbox)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.domain.opportunities import post_opportunity
from bot.domain.opportunity_interest import express_interest
from bot.domain.people import person_by_id, upsert_person
from bot.domain.workspaces import ensure_workspace
from bot.slack.blocks.opportunities import channel_problem, interest_sent, posted
from bot.slack.calls import ViewCall
from bot.slack.channels import channel_check
from bot.slack.deps import Deps, Work
from bot.slack.forms.opportunity import F_CHANNEL, block_for, done_view, read_interest, read_opportunity
from bot.slack.ids import Callback
from bot.slack.profiles import poster
from bot.slack.submit import refuse, submit
from bot.slack.values import OpportunityRef


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.OPPORTUNITY_FORM)
    def opportunity_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        call = ViewCall.parse(body, view)
        form = read_opportunity(call.values)
        if form.announce_channel is not None:
            _, problem = channel_check(client, channel_id=form.announce_channel, channel_name=None)
            if problem is not None:
                refuse(ack, {F_CHANNEL: channel_problem(problem)}, block_for)
                return
        profile, admin = poster(client, call.user_id)

        def save(work: Work) -> View:
            ensure_workspace(work.session, team_id=call.team_id, now=work.now)
            owner = upsert_person(work.session, team_id=call.team_id, profile=profile, now=work.now)
            row = post_opportunity(work.session, owner=owner, workspace_admin=admin, form=form, now=work.now)
            return done_view(posted(row, owner.slack_user_id).text)

        submit(ack, deps, call, save, block_for=block_for, answer=lambda done: done)

    @app.view(Callback.OPPORTUNITY_INTEREST)
    def interest_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        call = ViewCall.parse(body, view)
        ref = call.ref(OpportunityRef)
        message, send_skills = read_interest(call.values)

        def send(work: Work) -> View:
            sent = express_interest(
                work.session,
                team_id=call.team_id,
                slack_user_id=call.user_id,
                opportunity_id=ref.opportunity_id,
                message=message,
                send_skills=send_skills,
                now=work.now,
            )
            work.refresh_home(call.team_id, call.user_id)
            owner = person_by_id(work.session, sent.opportunity.owner_id)
            return done_view(interest_sent(sent.opportunity, owner.slack_user_id, before=sent.told_before).text)

        submit(ack, deps, call, send, block_for=block_for, answer=lambda done: done)
