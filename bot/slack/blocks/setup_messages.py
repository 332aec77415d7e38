"""Messages about setup: the manager's confirmation request and the answers both people get."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, ConfirmObject

from bot.models import Cadence
from bot.slack.blocks.common import Message, context, escape, format_local, mention, section
from bot.slack.ids import Action
from bot.slack.values import SeriesRef, encode

CADENCE_LABELS: dict[Cadence, str] = {
    Cadence.MONTHLY: "Monthly",
    Cadence.BIWEEKLY: "Every 2 weeks",
    Cadence.WEEKLY: "Weekly",
}


def rhythm(cadence: Cadence, length_minutes: int) -> str:
    """ "monthly, 30 minutes" style description of a series."""
    return f"{CADENCE_LABELS[cadence].lower()}, {length_minutes} minutes"


def manager_confirmation(
    *,
    series_id: int,
    manager_id: int,
    employee_user_id: str,
    next_meeting_at: datetime,
    manager_tz: str,
    cadence: Cadence,
    length_minutes: int,
) -> Message:
    """Asks the manager to confirm the reporting line, with working buttons."""
    who = mention(employee_user_id)
    ref = encode(SeriesRef(series_id=series_id, manager_id=manager_id))
    return Message(
        text=f"{who} added you as their manager in Career Prep. Can you confirm?",
        blocks=[
            section(
                f"{who} set up Career Prep and named you as their manager. It helps them prepare for "
                "career conversations in your 1:1s and keeps track of what you both agree to do."
            ),
            section(f"*1:1s:* {rhythm(cadence, length_minutes)}\n*Next:* {format_local(next_meeting_at, manager_tz)}"),
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="Yes, they report to me",
                        action_id=Action.MANAGER_CONFIRM,
                        value=ref,
                        style="primary",
                    ),
                    ButtonElement(
                        text="Not me",
                        action_id=Action.MANAGER_DECLINE,
                        value=ref,
                        confirm=ConfirmObject(
                            title="Not their manager?",
                            text="They'll be asked to pick someone else. You won't get their updates.",
                            confirm="Not me",
                            deny="Go back",
                        ),
                    ),
                ]
            ),
            context(
                "Until you confirm, they won't appear in your team digest. Prep notes stay private "
                "unless they choose to share them with you."
            ),
        ],
    )


def manager_answered(*, employee_user_id: str, confirmed: bool) -> Message:
    """What the confirmation request turns into once the manager has answered."""
    who = mention(employee_user_id)
    text = (
        f":white_check_mark: You confirmed that {who} reports to you. You'll get their agenda before "
        "your 1:1s when they share it."
        if confirmed
        else f"You said you're not {who}'s manager. They've been asked to pick the right person."
    )
    return Message(text=text, blocks=[section(text)])


def setup_saved(
    *,
    manager_user_id: str,
    manager_confirmed: bool,
    next_meeting_at: datetime,
    tz: str,
    cadence: Cadence,
    length_minutes: int,
    held: str | None = None,
) -> Message:
    """The employee's confirmation after saving setup; `held` (from `gets_it`) says when the manager
    gets the request to confirm, if it waits for their working hours."""
    waits = (
        " Until they do, nothing you share or send them (agenda, meeting requests, recaps) reaches them: "
        "it waits, and goes to them as soon as they confirm."
    )
    if manager_confirmed:
        status = f"{mention(manager_user_id)} has confirmed they're your manager."
    elif held is None:
        status = f"I've asked {mention(manager_user_id)} to confirm they're your manager." + waits
    else:
        status = f"I'll ask {mention(manager_user_id)} to confirm they're your manager: {held}." + waits
    return Message(
        text=f"You're set up. Next 1:1: {format_local(next_meeting_at, tz)}",
        blocks=[
            section(
                "*You're set up.* :seedling:\n"
                f"*Next 1:1:* {format_local(next_meeting_at, tz)}\n*Rhythm:* {rhythm(cadence, length_minutes)}"
            ),
            section(status),
            context(
                "I'll remind you to prepare a couple of working days before. Change this any time with "
                "`/career-prep settings`."
            ),
        ],
    )


def manager_confirmed(*, manager_user_id: str) -> Message:
    text = f"{mention(manager_user_id)} confirmed they're your manager. You're all set."
    return Message(text=text, blocks=[section(text)])


def manager_declined(*, manager_name: str) -> Message:
    text = (
        f"{escape(manager_name)} says they're not your manager. Run `/career-prep settings` to pick "
        "the person you have 1:1s with."
    )
    return Message(text=text, blocks=[section(text)])
