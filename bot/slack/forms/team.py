"""The team form: the manager picks the people to invite; once submitted it shows what became of each
one and where every invitation stands. Built, read back, and field errors placed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from slack_sdk.models.blocks import Block, InputBlock, UserMultiSelectElement
from slack_sdk.models.views import View

from bot.domain.team import MAX_INVITES, InvitationLine, Invited, InviteOutcome, TeamOverview
from bot.models import InvitationState
from bot.slack import parse
from bot.slack.blocks.common import arrives_phrase, context, mention, section
from bot.slack.ids import Action, Callback
from bot.slack.ids import Block as BlockId

TITLE = "Invite your team"
LINES_SHOWN = 40  # invitations listed in the form; older ones are counted
LINES_PER_SECTION = 20
OUTCOMES = {
    InviteOutcome.INVITED: "invited.",
    InviteOutcome.ASKED_AGAIN: "asked again (they said not now last time).",
    InviteOutcome.ALREADY_INVITED: "already invited and still deciding, so no second message was sent.",
    InviteOutcome.ALREADY_ACCEPTED: "already accepted your invitation; setting up is up to them now.",
    InviteOutcome.NAMED_YOU: "already named you as their manager. Confirm it from the message I sent you.",
    InviteOutcome.ON_TEAM: "already on your team.",
}


def _state_label(line: InvitationLine) -> str:
    if line.on_team:
        return "joined your team"
    if line.state is InvitationState.ACCEPTED:
        return "accepted, still setting up"
    if line.state is InvitationState.DECLINED:
        return "said not now"
    return "waiting for an answer"


def overview_blocks(overview: TeamOverview) -> list[Block]:
    """Who is on the team, and each invitation's state; long lists are cut short and counted."""
    blocks: list[Block] = []
    if overview.reports:
        shown = overview.reports[:LINES_SHOWN]
        names = ", ".join(mention(r) for r in shown)
        more = f" and {len(overview.reports) - len(shown)} more" if len(overview.reports) > len(shown) else ""
        blocks.append(section(f"*On your team* ({len(overview.reports)})\n{names}{more}"))
    lines = [f"• {mention(i.slack_user_id)}: {_state_label(i)}" for i in overview.invitations[:LINES_SHOWN]]
    for start in range(0, len(lines), LINES_PER_SECTION):
        heading = f"*Your invitations* ({len(overview.invitations)})\n" if start == 0 else ""
        blocks.append(section(heading + "\n".join(lines[start : start + LINES_PER_SECTION])))
    if len(overview.invitations) > LINES_SHOWN:
        blocks.append(context(f"…and {len(overview.invitations) - LINES_SHOWN} older invitations."))
    if not blocks:
        blocks.append(context("You haven't invited anyone yet."))
    return blocks


def team_modal(overview: TeamOverview) -> View:
    """The manager's form: pick the people to invite; what became of earlier invitations below."""
    return View(
        type="modal",
        callback_id=Callback.TEAM_INVITE,
        title=TITLE,
        submit="Invite",
        close="Cancel",
        blocks=[
            section(
                "Invite the people who report to you. Each one gets a direct message from me, in their "
                "working hours, asking whether they'd like to prepare their 1:1s with you here. What they "
                "write while preparing stays private unless they choose to share it with you."
            ),
            InputBlock(
                block_id=BlockId.TEAM_PEOPLE,
                label="Who reports to you?",
                hint="Inviting someone again never sends them a second message while they're deciding.",
                element=UserMultiSelectElement(
                    action_id=Action.TEAM_PEOPLE,
                    placeholder=f"Pick up to {MAX_INVITES} people",
                    max_selected_items=MAX_INVITES,
                ),
            ),
            *overview_blocks(overview),
        ],
    )


def _outcome(result: Invited, *, now: datetime, reader_tz: str) -> str:
    """What became of one person; a new invitation says when its message reaches them."""
    if result.outcome not in (InviteOutcome.INVITED, InviteOutcome.ASKED_AGAIN):
        return OUTCOMES[result.outcome]
    done = "invited" if result.outcome is InviteOutcome.INVITED else "asked again (they said not now last time)"
    when = arrives_phrase(result.arrives, now=now, recipient_tz=result.tz, reader_tz=reader_tz)
    return f"{done}. My message is with them." if when is None else f"{done}. They get my message {when}."


def invited_view(results: Sequence[Invited], overview: TeamOverview, *, now: datetime, reader_tz: str) -> View:
    """What the form turns into once submitted: one line per person picked, then the whole picture."""
    lines = "\n".join(f"• {mention(r.slack_user_id)}: {_outcome(r, now=now, reader_tz=reader_tz)}" for r in results)
    return View(
        type="modal",
        title=TITLE,
        close="Done",
        blocks=[
            section(f"*Your invitations*\n{lines}"),
            *overview_blocks(overview),
            context(
                "You'll hear from me when someone accepts. Run this command again any time to see where things are."
            ),
        ],
    )


def block_for(_field: str) -> str:
    """The form has one input: every problem is about the people picked."""
    return BlockId.TEAM_PEOPLE


def picked_people(state: parse.State) -> list[str]:
    """The people picked, each once, in the order picked; a forged id is refused."""
    return list(dict.fromkeys(parse.selected_users(state, BlockId.TEAM_PEOPLE, Action.TEAM_PEOPLE)))
