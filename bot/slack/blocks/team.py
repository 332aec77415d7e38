"""Team invitations: the invitee's DM, and the answers to it (the manager's form is bot.slack.forms.team)."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.slack.blocks.common import Message, context, mention, section
from bot.slack.ids import COMMAND, Action
from bot.slack.values import InvitationRef, encode


def invitation_message(*, manager_user_id: str, invitation_id: int) -> Message:
    """The invitee's DM, with Accept and Not now."""
    who = mention(manager_user_id)
    ref = encode(InvitationRef(invitation_id=invitation_id))
    return Message(
        text=f"{who} invited you to prepare your 1:1s with Career Prep",
        blocks=[
            section(
                f"{who} invited you to use Career Prep for your 1:1s with them. I help you prepare for "
                "career conversations, keep track of what you both agree to do, and check in on it later."
            ),
            section(
                "Your notes stay yours: your manager only sees an agenda if you choose to share it. "
                "Career conversations are about growth, not performance ratings or pay."
            ),
            ActionsBlock(
                elements=[
                    ButtonElement(text="Accept", action_id=Action.INVITE_ACCEPT, value=ref, style="primary"),
                    ButtonElement(text="Not now", action_id=Action.INVITE_DECLINE, value=ref),
                ]
            ),
            context(
                f"Accepting opens a short form with {who} filled in as your manager; add when you meet and you're set."
            ),
        ],
    )


def invitation_accepted_reply(*, manager_user_id: str, invitation_id: int) -> Message:
    """What the invitee's DM turns into after Accept, with a way back to the form if it was closed."""
    text = (
        f":white_check_mark: You accepted {mention(manager_user_id)}'s invitation. Save the setup form to "
        "finish; if you closed it, open it again here."
    )
    ref = encode(InvitationRef(invitation_id=invitation_id))
    return Message(
        text=text,
        blocks=[
            section(text),
            ActionsBlock(
                elements=[ButtonElement(text="Open the setup form", action_id=Action.INVITE_ACCEPT, value=ref)]
            ),
        ],
    )


def invitation_declined_reply(*, manager_user_id: str) -> Message:
    """What the invitee's DM turns into after Not now."""
    text = (
        f"No problem. I won't message {mention(manager_user_id)} about it, though they can see your answer "
        f"with their invitations. If you change your mind, run `{COMMAND} settings` any time."
    )
    return Message(text=text, blocks=[section(text)])


def invitation_accepted_notice(*, invitee_user_id: str, on_team: bool) -> Message:
    """Tells the manager someone accepted."""
    who = mention(invitee_user_id)
    if on_team:
        text = f":tada: {who} accepted your invitation and is set up. They're on your team in my Home tab."
    else:
        text = (
            f":tada: {who} accepted your invitation. Once they've picked the date of your next 1:1, they'll "
            "show up on your team in my Home tab."
        )
    return Message(text=text, blocks=[section(text)])
