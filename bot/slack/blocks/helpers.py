"""Who can help: the directory of offers, suggested helpers with their reasons, and the offer replies."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import Block, ButtonElement, HeaderBlock, SectionBlock
from slack_sdk.models.blocks.basic_components import MarkdownTextObject

from bot.domain.help_home import HelpSummary
from bot.domain.helper_directory import Directory, OfferRow
from bot.domain.suggestion_ranking import KIND_WORDS
from bot.domain.suggestions import NeedSuggestions, Suggestion
from bot.models.help_offer import HelpOffer, OfferKind
from bot.slack.blocks.common import Message, clip, context, escaped_clip, mention, section
from bot.slack.ids import COMMAND, Action
from bot.slack.values import IntroStart, encode

ROWS_MAX = 25  # directory rows per message: with the text cap below, well inside 50 blocks and 13,200 chars
ROW_TEXT_MAX = 420
REASONS_MAX = 500  # what the intro form gets of the reasons
KIND_SHORT: dict[OfferKind, str] = {
    OfferKind.INFORMATIONAL_INTERVIEW: "informational interviews",
    OfferKind.MENTORING: "mentoring",
    OfferKind.SHADOWING: "shadowing",
    OfferKind.PLAN_REVIEW: "plan reviews",
}


def intro_button(*, helper_id: int, kind: OfferKind, reasons: Sequence[str] = ()) -> ButtonElement:
    """ "Ask for an intro": the intro form opens from it (its listener lives with the intros)."""
    value = IntroStart(helper_id=helper_id, kind=kind.value, reasons=clip("; ".join(reasons), REASONS_MAX) or None)
    return ButtonElement(text="Ask for an intro", action_id=Action.INTRO_START, value=encode(value))


def _row(row: OfferRow, *, reader_user_id: str) -> SectionBlock:
    kinds = ", ".join(KIND_SHORT[k] for k in row.kinds)
    room = f"{row.free} of {row.capacity} conversations free this month" if row.free else "full this month"
    text = f"{mention(row.slack_user_id)} · {kinds}\n{escaped_clip(', '.join(row.topics), 200)}\n_{room}_"
    if row.note:
        text += "\n> " + escaped_clip(row.note, 200)
    button = None
    if row.free and row.kinds and row.slack_user_id != reader_user_id:
        button = intro_button(helper_id=row.person_id, kind=row.kinds[0])
    return SectionBlock(text=MarkdownTextObject(text=clip(text, ROW_TEXT_MAX)), accessory=button)


def directory_message(directory: Directory, *, reader_user_id: str) -> Message:
    """The open offers, those with room first; long lists are cut short with a hint to narrow them."""
    about = f" about {escaped_clip(directory.topic, 40)}" if directory.topic else ""
    title = f"People who offered help{about}"
    if not directory.rows:
        text = f"Nobody has offered help{about} yet." + (
            f" Try `{COMMAND} helpers` for everyone." if directory.topic else ""
        )
        return Message(text=text, blocks=[section(text), context(f"You can offer yours with `{COMMAND} offer`.")])
    blocks: list[Block] = [
        HeaderBlock(text=clip(title, 150)),
        context("Offers are public in this workspace. An intro goes to the helper only with what you choose."),
    ]
    blocks += [_row(r, reader_user_id=reader_user_id) for r in directory.rows[:ROWS_MAX]]
    hidden = directory.total - min(len(directory.rows), ROWS_MAX)
    if hidden > 0:
        blocks.append(context(f"…and {hidden} more. Narrow it with a topic, e.g. `{COMMAND} helpers sql`."))
    return Message(text=title, blocks=blocks)


def suggestion_row(suggestion: Suggestion) -> SectionBlock:
    reasons = "\n".join(f"• {escaped_clip(r, 150)}" for r in suggestion.reasons)
    text = f"{mention(suggestion.slack_user_id)}\n{reasons}"
    button = intro_button(helper_id=suggestion.person_id, kind=suggestion.kind, reasons=suggestion.reasons)
    return SectionBlock(text=MarkdownTextObject(text=clip(text, ROW_TEXT_MAX)), accessory=button)


def suggestion_blocks(needs: Sequence[NeedSuggestions], *, room: int) -> list[Block]:
    """Each need's suggested helpers with why; at most `room` blocks (whole needs only)."""
    blocks: list[Block] = []
    for need in needs:
        part: list[Block] = [section(f"*{need.label}*: colleagues who offered {KIND_WORDS[need.kind]}")]
        part += [suggestion_row(s) for s in need.suggestions]
        if len(blocks) + len(part) + 1 > room:
            break
        blocks += part
    if blocks:
        blocks.append(
            context("Suggested from your prep and their offers. They see nothing until you ask for an intro.")
        )
    return blocks


def offer_saved(offer: HelpOffer) -> Message:
    state = "open to new conversations" if offer.open else "saved but paused"
    text = (
        f"Thanks for offering to help! Your offer is {state}: {offer.capacity_per_month} a month, "
        f"about {', '.join(offer.topics)}. Everyone in the workspace can find it with `{COMMAND} helpers`."
    )
    return Message(text=text, blocks=[section(escaped_clip(text, 2900))])


def offer_switched(offer: HelpOffer) -> Message:
    if offer.open:
        text = "Your offer is open again: people can find you and ask for an intro."
    else:
        text = f"Your offer is paused: you won't be suggested or asked for intros. `{COMMAND} offer on` reopens it."
    return Message(text=text, blocks=[section(text)])


def topics_set(topics: Sequence[str]) -> Message:
    if not topics:
        text = "The workspace's topic list is empty now. People can still type their own topics."
    else:
        text = "The offer form now lists these topics: " + ", ".join(topics) + "."
    return Message(text=text, blocks=[section(escaped_clip(text, 2900))])


def help_blocks(summary: HelpSummary) -> list[Block]:
    """App Home: who offered help (and who could help with your latest prep), and your own offer. At most 5 blocks."""
    if summary.open_offers:
        people = f"{summary.open_offers} colleague{'s' if summary.open_offers != 1 else ''} offered help"
        lines = [f"*People who offered help*\n{people}. Browse them with `{COMMAND} helpers`."]
    else:
        lines = ["*People who offered help*\nNobody has offered help yet."]
    if summary.my_offer_open is None:
        lines.append(f"You can offer yours with `{COMMAND} offer`.")
    elif summary.my_offer_open:
        lines.append(f"Your offer is open: {summary.my_free} of {summary.my_capacity} conversations free this month.")
    else:
        lines.append(f"Your offer is paused; `{COMMAND} offer on` reopens it.")
    blocks: list[Block] = [section("\n".join(lines))]
    if summary.suggestions:
        blocks.append(context("Who could help with your latest prep:"))
        blocks += [suggestion_row(s) for s in summary.suggestions]
    return blocks
