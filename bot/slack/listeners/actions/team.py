"""Home and invitation buttons: open the team form or the request form; accept an invitation or say not now."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain.errors import NotFound
from bot.domain.meeting_request_draft import request_draft
from bot.domain.team import accept_invitation, decline_invitation
from bot.models import InvitationState
from bot.slack.blocks.common import Message
from bot.slack.blocks.request import request_modal
from bot.slack.blocks.setup import SetupPrefill, setup_modal
from bot.slack.blocks.team import invitation_accepted_reply, invitation_declined_reply
from bot.slack.clicked import replace_clicked
from bot.slack.deps import Deps, unit_of_work
from bot.slack.ids import Action, InvitationRef, SetupContext, decode
from bot.slack.listeners.commands.settings import load_prefill, open_setup
from bot.slack.listeners.commands.team import open_team
from bot.slack.request_keys import action_key


def _ids(body: dict[str, Any]) -> tuple[str, str]:
    return str(body["team"]["id"]), str(body["user"]["id"])


def _replace_message(client: WebClient, body: dict[str, Any], message: Message) -> None:
    replace_clicked(client, body, message)


def register(app: App, deps: Deps) -> None:
    @app.action(Action.OPEN_TEAM)
    def open_team_form(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        team_id, user_id = _ids(body)
        open_team(deps, client, team_id=team_id, user_id=user_id, trigger_id=str(body["trigger_id"]))

    @app.action(Action.OPEN_REQUEST)
    def open_request(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        """As `/career-prep request`; a manager who left is explained by the error handler, in a DM."""
        ack()
        team_id, user_id = _ids(body)
        try:
            with deps.sessions.begin() as session:
                draft = request_draft(session, team_id=team_id, employee_slack_id=user_id, now=deps.clock())
        except NotFound:
            open_setup(client, trigger_id=str(body["trigger_id"]), user_id=user_id, prefill=None, channel_id=None)
            return
        client.views_open(trigger_id=str(body["trigger_id"]), view=request_modal(draft).to_dict())

    @app.action(Action.INVITE_ACCEPT)
    def accept(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        ref = decode(InvitationRef, action.get("value"))
        team_id, user_id = _ids(body)
        now = deps.clock()
        with unit_of_work(deps, now, send=False) as work:
            work.once(team_id, action_key(body, action))
            invitation = accept_invitation(
                work.session, team_id=team_id, invitation_id=ref.invitation_id, actor_slack_id=user_id, now=now
            )
            manager_user_id, tz = invitation.manager.slack_user_id, invitation.invitee.tz
        # Setup so far (if any) with the inviter as manager; saving it links them without a second ask.
        saved = load_prefill(deps, team_id=team_id, user_id=user_id)
        prefill = replace(saved or SetupPrefill(tz=tz), manager_user_id=manager_user_id)
        view = setup_modal(prefill, SetupContext(), first_time=saved is None)
        client.views_open(trigger_id=str(body["trigger_id"]), view=view.to_dict())
        work.send()
        reply = invitation_accepted_reply(manager_user_id=manager_user_id, invitation_id=ref.invitation_id)
        _replace_message(client, body, reply)

    @app.action(Action.INVITE_DECLINE)
    def decline(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        ref = decode(InvitationRef, action.get("value"))
        team_id, user_id = _ids(body)
        now = deps.clock()
        with unit_of_work(deps, now) as work:
            work.once(team_id, action_key(body, action))
            invitation = decline_invitation(
                work.session, team_id=team_id, invitation_id=ref.invitation_id, actor_slack_id=user_id, now=now
            )
            manager_user_id, declined = invitation.manager.slack_user_id, invitation.state is InvitationState.DECLINED
        if declined:
            reply = invitation_declined_reply(manager_user_id=manager_user_id)
        else:  # they had accepted already; that answer stands
            reply = invitation_accepted_reply(manager_user_id=manager_user_id, invitation_id=ref.invitation_id)
        _replace_message(client, body, reply)
