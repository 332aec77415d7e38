"""Action items: the list with its controls, and notices to the other person (the Blocked and Edit
forms are bot.slack.forms.items)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    DividerBlock,
    HeaderBlock,
    PlainTextObject,
)

from bot.domain.arrival import NOT_SENT
from bot.domain.item_views import ItemCard
from bot.domain.items import News
from bot.models import ItemStatus
from bot.slack.blocks.common import Message, arrives_phrase, clip, context, escaped_clip, mention, section
from bot.slack.ids import Action
from bot.slack.values import MAX_ROW_ID, ItemRef, encode

ITEMS_SURFACE = "items"
CHECKIN_PREFIX = "checkin:"
# Two blocks per item plus at most seven around them keeps any list within 50 blocks, and the
# clipped texts keep even a full list of hostile text within Slack's 13,200 characters per message.
MAX_SHOWN = 16
TEXT_SHOWN = 280
REASON_SHOWN = 140
QUOTE_MAX = 1000
STATUS_LABELS = {
    ItemStatus.OPEN: ":white_circle: Open",
    ItemStatus.IN_PROGRESS: ":large_blue_circle: In progress",
    ItemStatus.BLOCKED: ":no_entry: Blocked",
    ItemStatus.DONE: ":white_check_mark: Done",
    ItemStatus.DROPPED: ":heavy_minus_sign: Dropped",
}


class CardLists(Protocol):
    """What a list shows: the viewer's own items and the ones owed to them (an `ItemBoard`)."""

    @property
    def owned(self) -> Sequence[ItemCard]: ...

    @property
    def owed_to_me(self) -> Sequence[ItemCard]: ...


def checkin_surface(conversation_id: int) -> str:
    return f"{CHECKIN_PREFIX}{conversation_id}"


def checkin_conversation(surface: str) -> int | None:
    """The conversation a check-in surface is about; None for the items list (or anything unknown)."""
    rest = surface.removeprefix(CHECKIN_PREFIX)
    return int(rest) if rest != surface and rest.isdigit() and int(rest) <= MAX_ROW_ID else None


def short_date(day: date) -> str:
    """A due date as people say it, e.g. "Thu 3 Dec 2026"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def due_label(due: date | None, today: date) -> str:
    if due is None:
        return "no due date"
    if due < today:
        return f":warning: *overdue* (was due {short_date(due)})"
    if due == today:
        return "*due today*"
    return f"due {short_date(due)}"


def quote(text: str, limit: int = QUOTE_MAX) -> str:
    return ">" + escaped_clip(text, limit).replace("\n", "\n>")


def _controls(card: ItemCard, surface: str) -> ActionsBlock:
    value = encode(ItemRef(item_id=card.item_id, surface=surface))
    drop_check = ConfirmObject(
        title="Drop this item?",
        text=PlainTextObject(text="It comes off both your lists, and the other person is told it was dropped."),
        confirm="Drop it",
        deny="Keep it",
        style="danger",
    )
    return ActionsBlock(
        elements=[
            ButtonElement(text="Done", action_id=Action.ITEM_DONE, value=value, style="primary"),
            ButtonElement(text="Still on it", action_id=Action.ITEM_STILL_ON_IT, value=value),
            ButtonElement(text="Blocked", action_id=Action.ITEM_BLOCKED, value=value),
            ButtonElement(text="Drop", action_id=Action.ITEM_DROP, value=value, confirm=drop_check),
            ButtonElement(text="Edit", action_id=Action.ITEM_EDIT, value=value),
        ]
    )


def _item_blocks(card: ItemCard, *, viewer_slack_id: str, surface: str, today: date) -> list[Block]:
    mine = card.owner_user_id == viewer_slack_id
    who = f"for {mention(card.counterpart_user_id)}" if mine else f"owed by {mention(card.owner_user_id)}"
    status = STATUS_LABELS[card.status]
    if card.status is ItemStatus.BLOCKED and card.blocked_reason:
        status += f": {escaped_clip(card.blocked_reason, REASON_SHOWN)}"
    details = " · ".join((status, due_label(card.due_date, today), who))
    return [section(f"{escaped_clip(card.text, TEXT_SHOWN)}\n{details}"), _controls(card, surface)]


def _quotas(owned: int, owed: int) -> tuple[int, int]:
    """How many of each list to show: all if they fit, else a fair share each, spare room to the longer."""
    owed_shown = min(owed, max(MAX_SHOWN - owned, MAX_SHOWN // 2))
    return min(owned, MAX_SHOWN - owed_shown), owed_shown


def _part(
    heading: str, cards: Sequence[ItemCard], shown: int, *, viewer_slack_id: str, surface: str, today: date
) -> list[Block]:
    blocks: list[Block] = [section(f"*{heading}* ({len(cards)})")]
    for card in cards[:shown]:
        blocks += _item_blocks(card, viewer_slack_id=viewer_slack_id, surface=surface, today=today)
    if len(cards) > shown:
        more = len(cards) - shown
        blocks.append(context(f"…and {more} more, which show up here as the ones above are done or dropped."))
    return blocks


def _default_title(surface: str) -> str:
    return "Checking in on your action items" if checkin_conversation(surface) is not None else "Your action items"


def _empty(surface: str, title: str) -> Message:
    if checkin_conversation(surface) is not None:
        text = ":tada: Nothing from this conversation is left open. Thanks for seeing it through!"
    else:
        text = (
            ":sparkles: Nothing open right now: you don't owe anything, and nobody owes you anything. "
            "New action items come from your 1:1 recaps."
        )
    return Message(text="No open action items", blocks=[HeaderBlock(text=clip(title, 150)), section(text)])


def items_message(
    lists: CardLists,
    *,
    viewer_slack_id: str,
    tz: str,
    today: date,
    surface: str = ITEMS_SURFACE,
    title: str | None = None,
    note: str | None = None,
) -> Message:
    """Open items in two parts, "Yours" and "Owed to you", each with its controls; long lists are cut
    short. `note` (e.g. `told`) says what became of the change just made."""
    title = title or _default_title(surface)
    owned, owed = list(lists.owned), list(lists.owed_to_me)
    if not owned and not owed:
        empty = _empty(surface, title)
        return Message(text=empty.text, blocks=[*empty.blocks, context(note)]) if note else empty
    owned_shown, owed_shown = _quotas(len(owned), len(owed))
    blocks: list[Block] = [HeaderBlock(text=clip(title, 150)), *([context(note)] if note else [])]
    if owned:
        blocks += _part("Yours", owned, owned_shown, viewer_slack_id=viewer_slack_id, surface=surface, today=today)
    if owned and owed:
        blocks.append(DividerBlock())
    if owed:
        blocks += _part("Owed to you", owed, owed_shown, viewer_slack_id=viewer_slack_id, surface=surface, today=today)
    blocks.append(
        context(
            "Either of you can update an item; the other person hears when it's blocked, done or dropped. "
            f"Due dates follow your time zone ({tz})."
        )
    )
    return Message(text=f"{title}: {len(owned)} yours, {len(owed)} owed to you", blocks=blocks)


def told(news: News, *, now: datetime, reader_tz: str) -> str:
    """What the other person hears of a change, and when: at once, or held for their hours."""
    who = mention(news.slack_user_id)
    when = arrives_phrase(news.arrives, now=now, recipient_tz=news.tz, reader_tz=reader_tz)
    if when is None:
        return f":incoming_envelope: I've let {who} know."
    if news.arrives == NOT_SENT:
        return f"{who} isn't told: they said they aren't your manager."
    if news.arrives is None:
        return f":incoming_envelope: {who} is away; I'll let them know when they're back."
    return f":incoming_envelope: {who} hears about it {when}."


def _notice(headline: str, text: str, *extra: Block) -> Message:
    return Message(
        text=headline,
        blocks=[
            section(f"{headline}:\n{quote(text)}"),
            *extra,
            ActionsBlock(elements=[ButtonElement(text="See your action items", action_id=Action.OPEN_ITEMS)]),
        ],
    )


def _whose(yours: bool) -> str:
    return "your" if yours else "their"


def item_blocked_notice(*, actor_user_id: str, text: str, reason: str, yours: bool) -> Message:
    """Tells the other person an item is blocked, and why. `yours`: the reader owns the item."""
    headline = f":construction: {mention(actor_user_id)} marked {_whose(yours)} action item as blocked"
    return _notice(headline, text, section(f"*What's in the way:*\n{quote(reason)}"))


def item_done_notice(*, actor_user_id: str, text: str, yours: bool) -> Message:
    """Tells the other person an item is done."""
    return _notice(f":white_check_mark: {mention(actor_user_id)} marked {_whose(yours)} action item as done", text)


def item_dropped_notice(*, actor_user_id: str, text: str, yours: bool) -> Message:
    """Tells the other person an item was dropped."""
    headline = f":heavy_minus_sign: {mention(actor_user_id)} dropped {_whose(yours)} action item"
    return _notice(headline, text, context("It no longer shows up in either of your lists."))
