"""Intro messages: the helper's DM with Accept / Not now, the employee's confirmation and the kind "not now",
the group DM's opener, and "did you meet?" (the form is bot.slack.forms.intro)."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement

from bot.domain.intros import kind_label
from bot.models import IntroOutcome, OfferKind
from bot.slack.blocks.common import Message, clip, context, escaped_clip, mention, section
from bot.slack.blocks.request import quote_chunks
from bot.slack.ids import Action
from bot.slack.values import IntroAnswer, IntroRef, IntroStart, encode

A_COLLEAGUE = "a colleague"
REASONS_MAX = 500
OUTCOME_BUTTONS = {
    IntroOutcome.MET: ("We met", Action.INTRO_MET),
    IntroOutcome.NOT_YET: ("Not yet", Action.INTRO_NOT_YET),
    IntroOutcome.NOT_HAPPENING: ("It's not happening", Action.INTRO_NOT_HAPPENING),
}


def who(slack_user_id: str | None) -> str:
    """A person as the other side of an intro sees them: a mention, or "a colleague" once forgotten."""
    if slack_user_id is None:
        return A_COLLEAGUE
    named = mention(slack_user_id)
    return named if named.startswith("<@") else A_COLLEAGUE


def helper_request(*, intro_id: int, employee_user_id: str | None, kind: str, message: str | None) -> Message:
    """The helper's DM: who asks, for what, in the employee's chosen words; Accept or Not now."""
    asker = who(employee_user_id)
    blocks: list[Block] = [
        section(f"Hi! {asker} saw your offer of help and would love {kind_label(kind)} with you."),
    ]
    if message:
        blocks += [section("Here's what they wrote:"), *(section(chunk) for chunk in quote_chunks(message))]
    ref = encode(IntroRef(intro_id=intro_id))
    blocks += [
        ActionsBlock(
            elements=[
                ButtonElement(text="Accept", action_id=Action.INTRO_ACCEPT, value=ref, style="primary"),
                ButtonElement(text="Not now", action_id=Action.INTRO_DECLINE, value=ref),
            ]
        ),
        context(
            "Accept and I'll start a group DM for the two of you. Not now is fine too: "
            "I'll let them know kindly and point them to someone else."
        ),
    ]
    return Message(f"{asker} would love {kind_label(kind)} with you", blocks)


def helper_accepted(*, employee_user_id: str | None) -> Message:
    text = (
        f"Thank you! I'm opening a group DM with {who(employee_user_id)} and you, with a first line to get you going."
    )
    return Message(text, [section(text)])


def helper_declined(*, employee_user_id: str | None) -> Message:
    text = f"No problem. I'll let {who(employee_user_id)} know kindly and suggest someone else."
    return Message(text, [section(text)])


def helper_stale(reason: str) -> Message:
    """The helper's DM once the request is no longer waiting (answered, or taken back)."""
    return Message(reason, [section(reason)])


def intro_sent(*, intro_id: int, helper_user_id: str | None, kind: str) -> Message:
    """The employee's confirmation, with a way to take the request back while it waits."""
    text = (
        f"I've asked {who(helper_user_id)} for {kind_label(kind)}. They see only your message and what you "
        "ticked. I'll tell you their answer."
    )
    button = ButtonElement(
        text="Take it back", action_id=Action.INTRO_CANCEL, value=encode(IntroRef(intro_id=intro_id))
    )
    return Message(text, [section(text), ActionsBlock(elements=[button])])


def intro_cancelled(*, helper_user_id: str | None) -> Message:
    text = f"Done: I've taken back your request to {who(helper_user_id)}. They won't be able to accept it."
    return Message(text, [section(text)])


def intro_declined(*, helper_user_id: str | None, kind: str, suggestion: tuple[str, IntroStart] | None) -> Message:
    """The employee is told kindly; with the next person to ask, if there is one."""
    text = (
        f"{who(helper_user_id)} can't take on {kind_label(kind)} right now. That happens, and it's "
        "nothing about you: people's months fill up."
    )
    blocks: list[Block] = [section(text)]
    if suggestion is not None:
        slack_user_id, start = suggestion
        # A button's value holds at most 2,000 characters: the reasons travel shortened.
        start = start.model_copy(update={"reasons": clip(start.reasons, REASONS_MAX) if start.reasons else None})
        why = f" ({escaped_clip(start.reasons, REASONS_MAX)})" if start.reasons else ""
        blocks += [
            section(f"You could ask {mention(slack_user_id)} instead{why}."),
            ActionsBlock(
                elements=[ButtonElement(text="Ask for an intro", action_id=Action.INTRO_START, value=encode(start))]
            ),
        ]
    return Message(text, blocks)


def opener(*, employee_user_id: str, helper_user_id: str, kind: str) -> Message:
    """The group DM's first line: who is who, and a draft to start from."""
    text = (
        f"Hi {mention(employee_user_id)} and {mention(helper_user_id)}! {mention(helper_user_id)} kindly "
        f"agreed to {kind_label(kind)}. Here's a first line to get you going, {mention(employee_user_id)}:"
    )
    draft = (
        '_"Thanks so much for making time! Would 30 minutes sometime in the next two weeks work for you? '
        "I'm happy to fit around your calendar.\"_"
    )
    return Message(text, [section(text), section(draft), context("I'll check in with you both in two weeks.")])


def follow_up(*, intro_id: int, round_: int, other_user_id: str | None, kind: str) -> Message:
    """ "Did you meet?" to one of the two, with the three answers."""
    text = f"Did you and {who(other_user_id)} get to meet for {kind_label(kind)}?"
    buttons = [
        ButtonElement(
            text=label,
            action_id=action_id,
            value=encode(IntroAnswer(intro_id=intro_id, round=round_, outcome=outcome.value)),
        )
        for outcome, (label, action_id) in OUTCOME_BUTTONS.items()
    ]
    note = "Either of you can answer; it only counts meetings on your own record, and nobody else sees it."
    return Message(text, [section(text), ActionsBlock(elements=buttons), context(note)])


def outcome_recorded(outcome: IntroOutcome, *, asks_again: bool) -> Message:
    texts = {
        IntroOutcome.MET: "Lovely, noted that you met. I hope it was useful!",
        IntroOutcome.NOT_YET: "Noted. I'll ask once more in two weeks."
        if asks_again
        else "Noted. I won't ask again; you two know where to find each other.",
        IntroOutcome.NOT_HAPPENING: "Thanks for letting me know. That's fine; I won't ask again.",
    }
    return Message(texts[outcome], [section(texts[outcome])])


COUNTED: dict[str, tuple[str, str]] = {
    OfferKind.INFORMATIONAL_INTERVIEW: ("informational interview", "informational interviews"),
    OfferKind.MENTORING: ("mentoring conversation", "mentoring conversations"),
    OfferKind.SHADOWING: ("day shadowing", "days shadowing"),
    OfferKind.PLAN_REVIEW: ("plan review", "plan reviews"),
}


def met_intros_line(counts: Sequence[tuple[str, int]]) -> str:
    """ "2 informational interviews, 1 mentoring conversation" from (kind, count) pairs."""
    parts = []
    for kind, count in counts:
        one, many = COUNTED.get(kind, (kind.replace("_", " "), kind.replace("_", " ")))
        parts.append(f"{count} {one if count == 1 else many}")
    return ", ".join(parts)


def met_intros_block(counts: Sequence[tuple[str, int]]) -> Block:
    """The employee's record on their Home: the intros that led to a meeting (only they see it)."""
    return section(f"*People you've learned from, through intros:* {met_intros_line(counts)}")
