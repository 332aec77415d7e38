"""The confirmation before forgetting: what goes and what stays, the required checkbox, and what the form
becomes once the data is gone."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import Block, CheckboxesElement, InputBlock, Option
from slack_sdk.models.views import View

from bot.domain.forget import ForgetResult
from bot.domain.forget_scope import ForgetSummary
from bot.slack import parse
from bot.slack.blocks.common import context, section
from bot.slack.blocks.data import count, undeleted_text
from bot.slack.cleanup import Cleanup
from bot.slack.ids import COMMAND, Action, Callback
from bot.slack.ids import Block as BlockId

CONFIRM_VALUE = "understood"
CHECK_REQUIRED = "Tick the box to confirm you understand this can't be undone."
F_CHECK = "check"


def _bullets(lines: Sequence[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)


def _deleted_lines(summary: ForgetSummary) -> list[str]:
    lines = ["your name, time zone and settings, including your manager and 1:1 rhythm if you set them"]
    if summary.conversations:
        lines.append(
            f"{count(summary.conversations, 'conversation')} you had as the employee, with "
            f"{count(summary.preps, 'prep')} and {count(summary.recaps, 'recap')}"
        )
    if summary.items:
        lines.append(
            f"{count(summary.items, 'action item')} from those conversations, including the ones your manager "
            "took on for you"
        )
    counted = ((summary.check_ins, "check-in"), (summary.requests, "meeting request"), (summary.asks, "ask"))
    rest = [count(n, noun) for n, noun in counted if n] + ["any invitations and digests"]
    lines.append(", ".join(rest) + ", and messages still waiting to be sent to you")
    lines.append(
        "whatever else you added: your offer to help, intros, office hours and bookings, opportunities you "
        "posted or said you're interested in, mid-year reflections, your team-planning date and your "
        "calendar link (it stops working at once)"
    )
    return lines


def _others_lines(summary: ForgetSummary) -> list[str]:
    lines: list[str] = []
    if summary.shared:
        lines.append(
            "Agendas and recaps you already sent to your manager are deleted from their Slack messages too. "
            "If Slack doesn't let me delete one, I'll tell you which."
        )
    if summary.kept_conversations:
        lines.append(
            f"Conversations where you were the manager ({summary.kept_conversations}) stay, because they are "
            "your reports' record; your name is taken off them."
        )
    if summary.items_to_close:
        lines.append(
            f"{count(summary.items_to_close, 'open action item')} you owe them will be closed, and they'll be told."
        )
    if summary.reports:
        lines.append(
            f"{count(summary.reports, 'person')} who has you as their manager will be asked to pick a manager again."
        )
    return lines or ["Nobody else's record depends on yours, so nothing changes for anyone else."]


def forget_modal(summary: ForgetSummary) -> View:
    """Says exactly what goes and what stays; the checkbox is required."""
    checkbox = Option(value=CONFIRM_VALUE, label="I understand this can't be undone")
    return View(
        type="modal",
        callback_id=Callback.FORGET_CONFIRM,
        title="Delete your data",
        submit="Delete everything",
        close="Cancel",
        blocks=[
            section("*This deletes everything Career Prep stores about you:*\n" + _bullets(_deleted_lines(summary))),
            section("*What happens to what others have*\n" + _bullets(_others_lines(summary))),
            context(f"Want a copy first? Cancel, run `{COMMAND} export`, then come back."),
            InputBlock(
                block_id=BlockId.FORGET_CHECK,
                label="Confirm",
                element=CheckboxesElement(action_id=Action.FORGET_CHECK, options=[checkbox]),
            ),
        ],
    )


def forgotten_view(result: ForgetResult, cleanup: Cleanup | None = None, *, reader: str = "") -> View:
    """What the modal turns into once the data is gone; then again once the bot's messages that held
    it are deleted from Slack (`cleanup`), naming any it could not delete."""
    lines = [":wastebasket: *Done.* Career Prep no longer stores your data."]
    if result.posted and cleanup is None:
        lines.append(f"Now deleting the {count(len(result.posted), 'message')} I posted with it…")
    elif cleanup is not None and cleanup.deleted:
        lines.append(f"I deleted the {count(cleanup.deleted, 'message')} I had posted with it.")
    if result.told:
        lines.append(f"{count(result.told, 'person')} will be told what changed for them.")
    lines.append(f"If you come back, `{COMMAND}` starts you fresh.")
    blocks: list[Block] = [section("\n".join(lines))]
    if cleanup is not None and cleanup.undeleted:
        blocks.append(section(undeleted_text(cleanup, reader=reader)))
    return View(type="modal", title="Data deleted", close="Close", blocks=blocks)


def nothing_to_delete_view() -> View:
    """The confirmation was submitted again, or for someone already forgotten."""
    text = "Career Prep doesn't store anything about you, so there's nothing to delete."
    return View(type="modal", title="Nothing to delete", close="Close", blocks=[section(text)])


def confirmed(state: parse.State) -> bool:
    """Whether the box saying this can't be undone was ticked."""
    return CONFIRM_VALUE in parse.checked_values(state, BlockId.FORGET_CHECK, Action.FORGET_CHECK)


def block_for(_field: str) -> str:
    """The form has one input, the checkbox."""
    return BlockId.FORGET_CHECK
