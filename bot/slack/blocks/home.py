"""The App Home tab: the next 1:1 and its prep, open items, past conversations, and a manager's team.

Every part is cut to a fixed number of rows, so the tab stays within Slack's 100 blocks whatever the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.domain.home import HomeSummary, PastConversation, PrepProgress
from bot.domain.item_views import ItemCard
from bot.models import ConversationState, ItemStatus
from bot.slack.blocks.asks import home_asks
from bot.slack.blocks.common import context, escaped_clip, format_local, mention, section
from bot.slack.blocks.helpers import help_blocks
from bot.slack.blocks.home_team import team_blocks
from bot.slack.blocks.intros import met_intros_block
from bot.slack.blocks.items import STATUS_LABELS, due_label, short_date
from bot.slack.blocks.opportunities import home_blocks as opportunity_home_blocks
from bot.slack.blocks.planning import planning_home_block
from bot.slack.ids import COMMAND, Action
from bot.slack.values import ItemRef, encode

__all__ = ["HOME_SURFACE", "HomeSummary", "history_modal", "home_view"]

HOME_SURFACE = "home"  # ItemRef.surface of item controls on the Home: the Home itself is re-published
MAX_VIEW_BLOCKS = 100
ITEMS_SHOWN = 6  # two blocks each
HISTORY_MODAL_SHOWN = 40
HISTORY_LINES_PER_SECTION = 20
ITEM_TEXT_SHOWN = 200
STATE_LABELS = {
    ConversationState.HELD: "held",
    ConversationState.SKIPPED: "skipped",
    ConversationState.PLANNED: "no recap recorded",
    ConversationState.MOVED: "moved",
}


def home_view(summary: HomeSummary) -> View:
    """The whole tab for one person; a manager also gets their team."""
    blocks: list[Block] = [HeaderBlock(text="Career Prep"), *_next_blocks(summary)]
    if summary.planning is not None:
        blocks.append(planning_home_block(summary.planning))
    if summary.set_up or summary.owned or summary.owed_to_me:
        blocks += [DividerBlock(), *_items_blocks(summary)]
    if summary.asks.owed or summary.asks.mine:
        blocks += [DividerBlock(), *home_asks(summary.asks.owed, summary.asks.mine, now=summary.now)]
    if summary.set_up or summary.history_total:
        blocks += [DividerBlock(), *_history_blocks(summary)]
    if summary.team is not None:
        blocks += [DividerBlock(), *team_blocks(summary.team, summary.tz, summary.today or date.min)]
        if not summary.set_up:
            blocks += [DividerBlock(), _own_setup_offer()]
    if summary.met_intros:
        blocks += [DividerBlock(), met_intros_block(summary.met_intros)]
    if summary.helping is not None:
        blocks += [DividerBlock(), *help_blocks(summary.helping)]
    blocks += opportunity_home_blocks(summary.opportunities)
    blocks += [DividerBlock(), context(_footer(summary))]
    if len(blocks) > MAX_VIEW_BLOCKS:  # the quotas above make this unreachable; fail loudly if they drift
        raise ValueError(f"the Home has {len(blocks)} blocks, Slack allows {MAX_VIEW_BLOCKS}")
    return View(type="home", blocks=blocks)


def _own_setup_offer() -> Block:
    """For a manager without 1:1s of their own: an option at the foot, not a call to action."""
    return SectionBlock(
        text=MarkdownTextObject(
            text="Your own 1:1s aren't set up here. If you have a manager too, I can help you prepare for yours."
        ),
        accessory=ButtonElement(text="Set up my own 1:1s", action_id=Action.OPEN_SETTINGS),
    )


def _next_blocks(summary: HomeSummary) -> list[Block]:
    if not summary.set_up or summary.next_meeting_at is None or summary.manager_user_id is None:
        if summary.team is not None:
            return []  # a manager's Home leads with their team; their own setup is offered at the foot
        intro = (
            "Regular career conversations with your manager help you grow on purpose. I help you "
            "prepare for them, keep track of what you both agree, and follow up.\n\n"
            "Start by telling me who your manager is and when you meet."
        )
        return [
            section(intro),
            ActionsBlock(elements=[ButtonElement(text="Set up", action_id=Action.OPEN_SETTINGS, style="primary")]),
        ]
    confirmation = "" if summary.manager_confirmed else " _(waiting for them to confirm)_"
    return [
        section(
            f"*Next 1:1 with {mention(summary.manager_user_id)}*{confirmation}\n"
            f"{format_local(summary.next_meeting_at, summary.tz)}\n*Prep:* {_prep_label(summary)}"
        ),
        ActionsBlock(
            elements=[
                ButtonElement(text="Prep", action_id=Action.OPEN_PREP, style="primary"),
                ButtonElement(text="Recap", action_id=Action.OPEN_RECAP),
                ButtonElement(text="Request a conversation", action_id=Action.OPEN_REQUEST),
                ButtonElement(text="Settings", action_id=Action.OPEN_SETTINGS),
            ]
        ),
    ]


def _prep_label(summary: HomeSummary) -> str:
    if summary.prep is PrepProgress.SHARED and summary.prep_shared_at is not None:
        return f"shared with them {format_local(summary.prep_shared_at, summary.tz)}"
    if summary.prep is PrepProgress.DRAFT:
        return "draft saved, not shared yet"
    return "not started yet"


# --- Open items -----------------------------------------------------------------------------------------------------


def _items_blocks(summary: HomeSummary) -> list[Block]:
    owned, owed = summary.owned, summary.owed_to_me
    if not owned and not owed:
        return [section("*Your open items*\nNothing open right now. New action items come from your 1:1 recaps.")]
    # A fair share of the rows each; spare rows go to the longer list.
    owed_shown = min(len(owed), max(ITEMS_SHOWN - len(owned), ITEMS_SHOWN // 2))
    owned_shown = min(len(owned), ITEMS_SHOWN - owed_shown)
    today = summary.today or date.min
    blocks: list[Block] = [section("*Your open items*")]
    parts = (("Yours", owned, owned_shown, True), ("Owed to you", owed, owed_shown, False))
    for heading, cards, shown, mine in parts:
        if cards:
            blocks.append(context(f"*{heading}* ({len(cards)})"))
            for card in cards[:shown]:
                blocks += _item_blocks(card, owned=mine, today=today)
    hidden = len(owned) + len(owed) - owned_shown - owed_shown
    if hidden:
        blocks += [
            context(f"…and {hidden} more, with the soonest due shown first here."),
            ActionsBlock(elements=[ButtonElement(text="See all your items", action_id=Action.OPEN_ITEMS)]),
        ]
    return blocks


def _item_blocks(card: ItemCard, *, owned: bool, today: date) -> list[Block]:
    who = f"for {mention(card.counterpart_user_id)}" if owned else f"owed by {mention(card.owner_user_id)}"
    status = STATUS_LABELS[card.status]
    if card.status is ItemStatus.BLOCKED and card.blocked_reason:
        status += f": {escaped_clip(card.blocked_reason, 100)}"
    details = " · ".join((status, due_label(card.due_date, today), who))
    value = encode(ItemRef(item_id=card.item_id, surface=HOME_SURFACE))
    drop_check = ConfirmObject(
        title="Drop this item?",
        text=PlainTextObject(text="It comes off both your lists, and the other person is told it was dropped."),
        confirm="Drop it",
        deny="Keep it",
        style="danger",
    )
    return [
        section(f"{escaped_clip(card.text, ITEM_TEXT_SHOWN)}\n{details}"),
        ActionsBlock(
            elements=[
                ButtonElement(text="Done", action_id=Action.ITEM_DONE, value=value, style="primary"),
                ButtonElement(text="Still on it", action_id=Action.ITEM_STILL_ON_IT, value=value),
                ButtonElement(text="Blocked", action_id=Action.ITEM_BLOCKED, value=value),
                ButtonElement(text="Drop", action_id=Action.ITEM_DROP, value=value, confirm=drop_check),
                ButtonElement(text="Edit", action_id=Action.ITEM_EDIT, value=value),
            ]
        ),
    ]


# --- Past conversations ---------------------------------------------------------------------------------------------


def _history_line(past: PastConversation, tz: str) -> str:
    items = {0: "no action items", 1: "1 action item"}.get(past.items, f"{past.items} action items")
    return f"• {short_date(past.at.astimezone(ZoneInfo(tz)).date())}: {STATE_LABELS[past.state]}, {items}"


def _history_blocks(summary: HomeSummary) -> list[Block]:
    if not summary.history:
        return [
            section("*Past conversations*\nNone recorded yet. After each 1:1, a short recap keeps what you agreed.")
        ]
    lines = "\n".join(_history_line(p, summary.tz) for p in summary.history)
    blocks: list[Block] = [section(f"*Past conversations*\n{lines}")]
    if summary.history_total > len(summary.history):
        blocks.append(
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text=f"See all {summary.history_total}",
                        action_id=Action.OPEN_HOME_HISTORY,
                    )
                ]
            )
        )
    return blocks


def history_modal(history: Sequence[PastConversation], *, total: int, tz: str) -> View:
    """Past conversations beyond the few the Home lists, newest first."""
    shown = list(history[:HISTORY_MODAL_SHOWN])
    blocks: list[Block] = []
    for start in range(0, len(shown), HISTORY_LINES_PER_SECTION):
        chunk = shown[start : start + HISTORY_LINES_PER_SECTION]
        blocks.append(section("\n".join(_history_line(p, tz) for p in chunk)))
    if not blocks:
        blocks.append(section("No past conversations are recorded yet."))
    if total > len(shown):
        blocks.append(
            context(f"The latest {len(shown)} of {total}. `{COMMAND} export` sends you the full record as a file.")
        )
    return View(type="modal", title="Past conversations", close="Close", blocks=blocks)


def _footer(summary: HomeSummary) -> str:
    text = f"Type `{COMMAND} help` anywhere to see every command."
    if summary.set_up and summary.team is None:
        text += f" Managing people? `{COMMAND} team` invites your reports."
    return text
