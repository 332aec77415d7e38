"""Your data: the export's messages, what could not be deleted, and the notices others get (the
confirmation before forgetting is bot.slack.forms.forget)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement

from bot.domain.posted import PostedMessage
from bot.models import DeliveryKind
from bot.slack.blocks.common import Message, context, escape, escaped_clip, mention, section
from bot.slack.cleanup import Cleanup
from bot.slack.ids import COMMAND, Action

ITEMS_SHOWN = 10
ITEM_TEXT_SHOWN = 200
UNDELETED_SHOWN = 15
# What each kind of message was, as its reader would recognise it.
_MESSAGE_NAMES = {
    DeliveryKind.AGENDA: "your shared agenda",
    DeliveryKind.RECAP: "your recap",
    DeliveryKind.MEETING_REQUEST: "your meeting request",
    DeliveryKind.MANAGER_BRIEF: "a 1:1 brief",
    DeliveryKind.NOTICE: "a notice",
    DeliveryKind.INVITATION: "an invitation",
    DeliveryKind.MANAGER_CONFIRMATION: "a manager confirmation",
    DeliveryKind.TEAM_DIGEST: "a team digest",
    DeliveryKind.ORG_DIGEST: "an org digest",
    DeliveryKind.OPPORTUNITY_INTEREST: "your note that you're interested in an opportunity",
    DeliveryKind.OPPORTUNITY_ANNOUNCEMENT: "an opportunity you posted",
}


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# -- Export -----------------------------------------------------------------------------------------


def export_comment(*, today: date) -> str:
    """The comment posted with the file (plain text, as files.completeUploadExternal takes it)."""
    return (
        f"Here is your Career Prep record as of {today:%d %b %Y}: your setup, conversations, preps, recaps, "
        "action items and check-ins. It's yours to keep."
    )


def export_sent() -> Message:
    text = ":page_facing_up: I sent your record to our direct messages, as a Markdown file."
    return Message(text=text, blocks=[section(text)])


def export_failed(error: str | None) -> Message:
    said = f" (Slack said `{escape(error)}`)" if error else ""
    text = (
        f":warning: I couldn't upload your record just now{said}. Nothing has changed; please run "
        f"`{COMMAND} export` again in a minute."
    )
    return Message(text=text, blocks=[section(text)])


def nothing_stored(*, deleting: bool) -> Message:
    """For someone Career Prep has no row for: nothing to export, or nothing to delete."""
    what = "delete" if deleting else "export"
    text = f"Career Prep doesn't store anything about you, so there's nothing to {what}."
    return Message(text=text, blocks=[section(text)])


def undeleted_text(cleanup: Cleanup, *, reader: str) -> str:
    """The messages Slack would not let the bot delete (`reader`: who is told), and who can."""
    shown = [
        f"• {_message_name(u.message, reader)} (Slack said `{escape(u.error)}`)"
        for u in cleanup.undeleted[:UNDELETED_SHOWN]
    ]
    if len(cleanup.undeleted) > UNDELETED_SHOWN:
        shown.append(f"• …and {len(cleanup.undeleted) - UNDELETED_SHOWN} more")
    return (
        f":warning: *Slack didn't let me delete {count(len(cleanup.undeleted), 'message')}* that held your data:\n"
        + "\n".join(shown)
        + "\nA workspace admin can delete them from Slack."
    )


def _message_name(message: PostedMessage, reader: str) -> str:
    what = _MESSAGE_NAMES.get(message.kind, "a reminder")
    if message.reader_user_id is None:
        where = f"in <#{message.channel}>"
    elif message.reader_user_id == reader:
        where = "in our direct messages"
    else:
        where = f"in {mention(message.reader_user_id)}'s direct messages with me"
    when = f", {message.sent_at:%d %b %Y}" if message.sent_at is not None else ""
    return f"{what} {where}{when}"


def undeleted_notice(cleanup: Cleanup, *, reader: str) -> Message:
    """The same list by DM, when the modal was closed before the deleting finished."""
    text = undeleted_text(cleanup, reader=reader)
    return Message(text="Some of my messages with your data could not be deleted", blocks=[section(text)])


# -- Notices to others --------------------------------------------------------------------------------


def _item_list(texts: Sequence[str]) -> str:
    shown = [f"• {escaped_clip(text, ITEM_TEXT_SHOWN)}" for text in texts[:ITEMS_SHOWN]]
    if len(texts) > ITEMS_SHOWN:
        shown.append(f"• …and {len(texts) - ITEMS_SHOWN} more")
    return "\n".join(shown)


def items_closed_notice(texts: Sequence[str]) -> Message:
    """To someone who was owed items by a person who has since deleted their data."""
    headline = "Some action items owed to you were closed"
    blocks: list[Block] = [
        section(
            f"{headline}: someone you had career conversations with has deleted their Career Prep data, so what "
            f"they had agreed to do for you is closed.\n{_item_list(texts)}"
        ),
        ActionsBlock(elements=[ButtonElement(text="See your action items", action_id=Action.OPEN_ITEMS)]),
        context("Your conversations, preps and your own items are unchanged."),
    ]
    return Message(text=headline, blocks=blocks)


def manager_gone_notice(texts: Sequence[str], *, needs_manager: bool) -> Message:
    """To a report whose manager deleted their data: pick a manager again; their items for you are closed."""
    text = "The manager you had set up in Career Prep has deleted their data."
    if needs_manager:
        text += " Your 1:1 rhythm with them is switched off until you pick the manager you have 1:1s with now."
    if texts:
        text += f"\nWhat they had agreed to do for you is closed:\n{_item_list(texts)}"
    blocks: list[Block] = [section(text)]
    if needs_manager:
        button = ButtonElement(text="Pick my manager", action_id=Action.OPEN_SETTINGS, style="primary")
        blocks.append(ActionsBlock(elements=[button]))
    blocks.append(context("Your conversations, preps, recaps and your own items are all still here."))
    return Message(text="Your manager has deleted their Career Prep data", blocks=blocks)
