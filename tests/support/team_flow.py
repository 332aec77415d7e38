"""Team steps for flow tests: opening the invite form, the people picked, the invitations sent."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.db import SessionFactory
from bot.models import Invitation, InvitationState
from bot.slack.ids import Action, Block, Callback
from tests.support.fake_slack import FakeSlack
from tests.support.signed import SignedSlack

Json = dict[str, Any]
MANAGER, ANA, LEO = "UMIRA", "UANA", "ULEO"


def open_team(slack: SignedSlack, fake_slack: FakeSlack) -> Json:
    assert slack.command(MANAGER, "team").status == 200
    view = fake_slack.last_view()
    assert view["callback_id"] == Callback.TEAM_INVITE
    return view


def picked(*users: str) -> dict[str, dict[str, Json]]:
    return {Block.TEAM_PEOPLE: {Action.TEAM_PEOPLE: {"type": "multi_users_select", "selected_users": list(users)}}}


def invitations(sessions: SessionFactory) -> list[tuple[str, InvitationState]]:
    with sessions.begin() as session:
        rows = session.scalars(
            select(Invitation).options(selectinload(Invitation.invitee)).order_by(Invitation.id)
        ).all()
        return [(i.invitee.slack_user_id, i.state) for i in rows]
