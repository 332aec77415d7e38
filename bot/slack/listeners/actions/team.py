"""Home and invitation buttons: open the team form or the request form; accept an invitation or say not now."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain.people import person_by_id
from bot.domain.team import accept_invitation, decline_invitation
from bot.models import InvitationState
from bot.slack import openers
from bot.slack.blocks.team import invitation_accepted_reply, invitation_declined_reply
from bot.slack.calls import ActionCall
from bot.slack.deps import Deps, unit_of_work
from bot.slack.forms.setup import SetupPrefill, setup_modal
from bot.slack.ids import Action
from bot.slack.replies import replace_clicked
from bot.slack.values import InvitationRef, SetupContext


def register(app: App, deps: Deps) -> None:
    @app.action(Action.OPEN_TEAM)
    def open_team_form(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        openers.open_team(deps, client, team_id=call.team_id, user_id=call.user_id, trigger_id=call.trigger_id)

    @app.action(Action.OPEN_REQUEST)
    def open_request(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        """As `/career-prep request`; a manager who left is explained by the error handler, in a DM."""
        ack()
        call = ActionCall.parse(body, action)
        openers.open_request(
            deps, client, team_id=call.team_id, user_id=call.user_id, trigger_id=call.trigger_id, channel_id=None
        )

    @app.action(Action.INVITE_ACCEPT)
    def accept(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        ref = call.ref(InvitationRef)
        with unit_of_work(deps, deps.clock(), send=False) as work:
            work.once(call.team_id, call.key)
            invitation = accept_invitation(
                work.session,
                team_id=call.team_id,
                invitation_id=ref.invitation_id,
                actor_slack_id=call.user_id,
                now=work.now,
            )
            manager = person_by_id(work.session, invitation.manager_id)
            manager_user_id, tz = manager.slack_user_id, person_by_id(work.session, invitation.invitee_id).tz
        # Setup so far (if any) with the inviter as manager; saving it links them without a second ask.
        saved = openers.load_prefill(deps, team_id=call.team_id, user_id=call.user_id)
        prefill = replace(saved or SetupPrefill(tz=tz), manager_user_id=manager_user_id)
        view = setup_modal(prefill, SetupContext(), first_time=saved is None)
        client.views_open(trigger_id=call.trigger_id, view=view.to_dict())
        work.send()
        reply = invitation_accepted_reply(manager_user_id=manager_user_id, invitation_id=ref.invitation_id)
        replace_clicked(client, call, reply)

    @app.action(Action.INVITE_DECLINE)
    def decline(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        ref = call.ref(InvitationRef)
        with unit_of_work(deps, deps.clock()) as work:
            work.once(call.team_id, call.key)
            invitation = decline_invitation(
                work.session,
                team_id=call.team_id,
                invitation_id=ref.invitation_id,
                actor_slack_id=call.user_id,
                now=work.now,
            )
            manager = person_by_id(work.session, invitation.manager_id)
            manager_user_id, declined = manager.slack_user_id, invitation.state is InvitationState.DECLINED
        if declined:
            reply = invitation_declined_reply(manager_user_id=manager_user_id)
        else:  # they had accepted already; that answer stands
            reply = invitation_accepted_reply(manager_user_id=manager_user_id, invitation_id=ref.invitation_id)
        replace_clicked(client, call, reply)
