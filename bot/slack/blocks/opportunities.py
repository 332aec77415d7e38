"""Opportunity messages: the channel announcement, the owner's "someone is interested" DM, the list,
matches (prep review and App Home), and the notes when one is posted or closes."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, DividerBlock, SectionBlock
from slack_sdk.models.blocks.basic_components import MarkdownTextObject

from bot.domain.opportunities import Listed
from bot.domain.opportunity_matching import Match
from bot.models.opportunity import Opportunity, OpportunityKind
from bot.slack.blocks.common import Message, clip, context, escape, escaped_clip, mention, section
from bot.slack.blocks.items import short_date
from bot.slack.ids import COMMAND, Action
from bot.slack.values import OpportunityRef, encode

KIND_LABELS: dict[OpportunityKind, str] = {
    OpportunityKind.STRETCH_PROJECT: "Stretch project",
    OpportunityKind.ROLE: "Role",
    OpportunityKind.SHADOWING: "Shadowing day",
    OpportunityKind.MENTORING_COHORT: "Mentoring cohort",
}
LISTED_SHOWN = 15  # three blocks each, within a message's 50
DESCRIPTION_SHOWN = 1500


def _value(opportunity_id: int) -> str:
    return encode(OpportunityRef(opportunity_id=opportunity_id))


def _button(text: str, action: Action, opportunity_id: int, *, primary: bool = False) -> ButtonElement:
    return ButtonElement(
        text=text, action_id=action, value=_value(opportunity_id), style="primary" if primary else None
    )


def _headline(row: Opportunity) -> str:
    return f"*{escaped_clip(row.title, 200)}* · {KIND_LABELS[row.kind]} · #{row.id}"


def _summary(row: Opportunity, owner_user_id: str) -> str:
    tags = ", ".join(row.tags)
    return (
        f"{_headline(row)}\nPosted by {mention(owner_user_id)} · open until {short_date(row.closes_on)}\n"
        f"Tags: {escaped_clip(tags, 250)}"
    )


def announcement(row: Opportunity, owner_user_id: str) -> Message:
    """The channel post: what it is and an "I'm interested" button (the channel never sees who clicked)."""
    blocks: list[Block] = [section(f":seedling: New opportunity\n{_summary(row, owner_user_id)}")]
    if row.description:
        blocks.append(section(escaped_clip(row.description, DESCRIPTION_SHOWN)))
    interested = _button("I'm interested", Action.OPPORTUNITY_INTERESTED, row.id, primary=True)
    blocks.append(ActionsBlock(elements=[interested]))
    blocks.append(context("Only the person who posted it learns who's interested, and only what you choose to send."))
    return Message(text=clip(f"New opportunity: {row.title}", 300), blocks=blocks)


def interest_dm(row: Opportunity, *, person_user_id: str, message: str) -> Message:
    """The owner's DM: the person's name and their message, nothing else."""
    quoted = "\n".join(f">{line}" for line in escaped_clip(message, 2000).splitlines())
    said = f"\n{quoted}" if message else "\nThey didn't add a message."
    text = f"{mention(person_user_id)} is interested in *{escaped_clip(row.title, 200)}* (#{row.id}).{said}"
    return Message(
        text=clip(f"Someone is interested in {row.title}", 300),
        blocks=[section(text), context("Reach out to them directly when you're ready.")],
    )


def closed_notice(row: Opportunity) -> Message:
    text = (
        f"*{escaped_clip(row.title, 200)}* (#{row.id}) has closed. Thanks for raising your hand; "
        f"`{COMMAND} opportunities` shows what's open now."
    )
    return Message(text=clip(f"{row.title} has closed", 300), blocks=[section(text)])


def posted(row: Opportunity, owner_user_id: str) -> Message:
    where = f" I'll announce it in <#{row.announce_channel}>." if row.announce_channel else ""
    text = (
        f"Posted #{row.id}.{where} People whose prep matches its tags will see it until {short_date(row.closes_on)}, "
        f"and you'll get a DM when someone is interested."
    )
    return Message(
        text=text,
        blocks=[section(text), section(_summary(row, owner_user_id)), _close_actions(row.id)],
    )


def _close_actions(opportunity_id: int) -> ActionsBlock:
    return ActionsBlock(elements=[_button("Close it now", Action.OPPORTUNITY_CLOSE, opportunity_id)])


def closed_by_owner(row: Opportunity) -> Message:
    text = f"*{escaped_clip(row.title, 200)}* (#{row.id}) is closed: it no longer shows up for anyone."
    return Message(text=clip(text, 300), blocks=[section(text)])


def listing(rows: Sequence[Listed]) -> Message:
    """`/career-prep opportunities`: the open ones; your own carry a count and a Close button."""
    if not rows:
        text = f"No open opportunities right now. Managers and the people team post them with `{COMMAND} opportunity`."
        return Message(text=text, blocks=[section(text)])
    blocks: list[Block] = [section("*Open opportunities*, closing soonest first")]
    for listed in rows[:LISTED_SHOWN]:
        blocks.append(_row_section(listed))
        if listed.interested is None:
            blocks.append(
                ActionsBlock(
                    elements=[
                        _button("I'm interested", Action.OPPORTUNITY_INTERESTED, listed.opportunity.id),
                        _button("Bring to my 1:1", Action.OPPORTUNITY_BRING, listed.opportunity.id),
                    ]
                )
            )
        else:
            blocks.append(_close_actions(listed.opportunity.id))
    if len(rows) > LISTED_SHOWN:
        blocks.append(context(f"Showing the {LISTED_SHOWN} closing soonest."))
    return Message(text="Open opportunities", blocks=blocks)


def _row_section(listed: Listed) -> SectionBlock:
    text = _summary(listed.opportunity, listed.owner_user_id)
    if listed.interested is not None:
        people = "person has" if listed.interested == 1 else "people have"
        text += f"\nYours: {listed.interested} {people} said they're interested."
    return SectionBlock(text=MarkdownTextObject(text=clip(text, 3000)))


def match_blocks(matches: Sequence[Match], *, heading: str, room: int) -> list[Block]:
    """Matched opportunities with why, each with I'm interested and Bring to my 1:1; at most `room` blocks."""
    if not matches or room < 4:
        return []
    blocks: list[Block] = [DividerBlock(), section(f"*{heading}*")]
    for match in matches:
        if len(blocks) + 3 > room:
            break
        kind = KIND_LABELS[OpportunityKind(match.kind)]
        blocks.append(
            section(
                f"*{escaped_clip(match.title, 200)}* · {kind} · #{match.opportunity_id}\n"
                f"Posted by {mention(match.owner_user_id)} · open until {short_date(match.closes_on)}\n"
                f"Matches: {escaped_clip(', '.join(match.matched), 300)}"
            )
        )
        buttons = [_button("Bring to my 1:1", Action.OPPORTUNITY_BRING, match.opportunity_id)]
        if not match.interested:
            buttons.insert(0, _button("I'm interested", Action.OPPORTUNITY_INTERESTED, match.opportunity_id))
        blocks.append(ActionsBlock(elements=buttons))
    blocks.append(context("Matched from your prep's skills and paths. Nobody is told anything unless you say so."))
    return blocks


def home_blocks(matches: Sequence[Match]) -> list[Block]:
    """App Home's part: opportunities matching the latest prep (nothing when none match)."""
    return match_blocks(matches, heading="Opportunities that match your prep", room=12)


def interest_sent(row: Opportunity, owner_user_id: str, *, before: bool = False) -> Message:
    title = escaped_clip(row.title, 200)
    text = (
        f"You told {mention(owner_user_id)} before that you're interested in *{title}*; nothing new was sent."
        if before
        else f"Sent. {mention(owner_user_id)} will hear you're interested in *{title}*."
    )
    return Message(text=text, blocks=[section(text)])


def brought(title: str) -> Message:
    text = (
        f"Added *{escaped_clip(title, 200)}* to your next 1:1's prep as an ask. It stays private until you share "
        f"your prep (`{COMMAND} prep`)."
    )
    return Message(text=clip(text, 300), blocks=[section(text)])


_PROBLEMS = {
    "not_member": "I'm not in that channel yet. Type /invite @Career Prep there, then post again.",
    "archived": "That channel is archived. Pick another one.",
    "not_a_channel": "That's a direct message. Pick a channel.",
}


def channel_problem(problem: str) -> str:
    """Why the bot can't announce in the chosen channel, for the form's channel field."""
    return _PROBLEMS.get(problem, "I can't see that channel. If it's private, invite me first (/invite @Career Prep).")


def undeliverable(row: Opportunity, *, channel_id: str, reason: str) -> Message:
    """The owner's DM after the channel refused the announcement: the opportunity itself stays open."""
    why = f" (Slack said `{escape(reason)}`)" if reason else ""
    text = (
        f"I couldn't announce *{escaped_clip(row.title, 200)}* (#{row.id}) in <#{channel_id}>{why}. It's still "
        "open and still matched to people's preps. To announce it, invite me there (/invite @Career Prep) "
        f"and post it again with `{COMMAND} opportunity`, or share it in the channel yourself."
    )
    return Message(text=clip(f"I couldn't announce {row.title}", 300), blocks=[section(text)])
