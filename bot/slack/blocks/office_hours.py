"""Office-hours messages: the channel announcement (counts only), the booker's confirmation, the host's
list, the cancellation notes, and the command's replies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, SectionBlock
from slack_sdk.models.blocks.basic_components import MarkdownTextObject

from bot.slack.blocks.common import Message, clip_mrkdwn, context, escaped_clip, format_local, mention, section
from bot.slack.ids import COMMAND, Action
from bot.slack.values import BookingRef, SessionRef, encode

TOPIC_SHOWN = 200
_PROBLEMS = {
    "not_found": "I can't see {where}. If it's private, invite me first (/invite @Career Prep).",
    "not_member": "I'm not a member of {where} yet, so I can't announce your sessions there. Type "
    "/invite @Career Prep in the channel, then save again.",
    "archived": "{where} is archived. Pick another channel.",
    "not_a_channel": "That's a direct message, not a channel. Pick a channel everyone can see.",
}


@dataclass(frozen=True)
class Session:
    """One session as messages show it."""

    office_hours_id: int
    host_user_id: str
    starts: datetime
    length_minutes: int
    slots: int
    topic: str
    host_tz: str


def _everyone_local(instant: datetime, host_tz: str) -> str:
    """A time Slack shows in each reader's own zone, with the host's time as the fallback."""
    return f"<!date^{int(instant.timestamp())}^{{date_short_pretty}} at {{time}}|{format_local(instant, host_tz)}>"


def _topic(session: Session) -> str:
    return f"\nBring questions about: _{escaped_clip(session.topic, TOPIC_SHOWN)}_" if session.topic else ""


def announcement(session: Session, *, slots_left: int, open_for_booking: bool) -> Message:
    """The channel post: when, what about, and how many slots are left; never who booked."""
    when = _everyone_local(session.starts, session.host_tz)
    head = (
        f":speech_balloon: *Office hours with {mention(session.host_user_id)}*, {when} ({session.length_minutes} min)"
    )
    if not open_for_booking:
        status = "This session has started or is no longer on; watch this channel for the next one."
    elif slots_left == 0:
        status = "*Full*: every slot is taken. Look out for the next session."
    else:
        status = f"*{slots_left} of {session.slots} slots left*, first come, first served."
    blocks: list[Block] = [section(head + _topic(session)), section(status)]
    if open_for_booking and slots_left > 0:
        ref = SessionRef(office_hours_id=session.office_hours_id, session_at=int(session.starts.timestamp()))
        blocks.append(
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="Book a slot", action_id=Action.OFFICE_HOURS_BOOK, value=encode(ref), style="primary"
                    )
                ]
            )
        )
    blocks.append(context("Only the host sees who booked."))
    left = "1 slot" if slots_left == 1 else f"{slots_left} slots"
    return Message(text=f"Office hours with {mention(session.host_user_id)}: {left} left", blocks=blocks)


def booked(session: Session, *, slot_at: datetime, slot_minutes: int, tz: str, booking_id: int | None) -> Message:
    """The booker's confirmation, in their own zone; with a Cancel button when `booking_id` is given."""
    text = (
        f":white_check_mark: You're booked for office hours with {mention(session.host_user_id)}: "
        f"*{format_local(slot_at, tz)}*, {slot_minutes} minutes.{_topic(session)}"
    )
    if booking_id is None:
        text += "\nYour confirmation, with a way to cancel, is in your DMs."
        return Message(text=text, blocks=[section(text)])
    cancel = ButtonElement(
        text="Cancel my slot", action_id=Action.OFFICE_HOURS_CANCEL, value=encode(BookingRef(booking_id=booking_id))
    )
    return Message(
        text=text,
        blocks=[
            section(text),
            ActionsBlock(elements=[cancel]),
            context("Plans changed? Cancelling frees the slot for someone else and tells the host."),
        ],
    )


@dataclass(frozen=True)
class Booked:
    booking_id: int
    booker_user_id: str
    slot_at: datetime


def host_list(session: Session, bookings: list[Booked], *, note: str | None = None) -> Message:
    """The host's list the morning of a session: who comes when, each with a Cancel button (`note`: what
    just changed, when the list is redrawn after a cancellation)."""
    when = format_local(session.starts, session.host_tz)
    head = f":calendar: *Your office hours*, {when}: {len(bookings)} of {session.slots} slots booked."
    blocks: list[Block] = [section(head)] if note is None else [section(note), section(head)]
    for b in bookings:
        line = f"{format_local(b.slot_at, session.host_tz)}: {mention(b.booker_user_id)}"
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text=clip_mrkdwn(line, 3000)),
                accessory=ButtonElement(
                    text="Cancel",
                    action_id=Action.OFFICE_HOURS_CANCEL,
                    value=encode(BookingRef(booking_id=b.booking_id)),
                ),
            )
        )
    blocks.append(context("Cancelling a booking frees the slot and lets that person know."))
    return Message(text=head, blocks=blocks)


def late_booking(session: Session, booking: Booked) -> Message:
    """A booking made after the host's list went out."""
    text = (
        f":calendar: New booking for your office hours: {mention(booking.booker_user_id)} at "
        f"{format_local(booking.slot_at, session.host_tz)}."
    )
    cancel = ButtonElement(
        text="Cancel", action_id=Action.OFFICE_HOURS_CANCEL, value=encode(BookingRef(booking_id=booking.booking_id))
    )
    return Message(text=text, blocks=[SectionBlock(text=MarkdownTextObject(text=text), accessory=cancel)])


def undeliverable(*, channel_id: str, reason: str, paused: bool) -> Message:
    """The host's DM after their announce channel refused an announcement, and how to fix it."""
    what = {
        "channel_not_found": "that channel no longer exists, or I can no longer see it",
        "is_archived": "that channel was archived",
        "not_in_channel": "I'm not a member of that channel any more",
        "restricted_action": "posting there is restricted",
    }.get(reason, "Slack refused the post")
    if paused:
        fix = f"I've paused your office hours; pick another channel with `{COMMAND} office-hours`."
    else:
        fix = f"Type `/invite @Career Prep` in <#{channel_id}>, or pick another channel with `{COMMAND} office-hours`."
    text = f":warning: I couldn't announce your office hours in <#{channel_id}>: {what}, so nobody could book. {fix}"
    return Message(text=text, blocks=[section(text)])


def session_ended(*, starts: datetime, tz: str) -> Message:
    text = (
        f"The office-hours session you booked for {format_local(starts, tz)} won't take place: "
        "the host paused, moved or ended those office hours, so your booking is cancelled. Sorry about that."
    )
    return Message(text=text, blocks=[section(text)])


def cancelled_by_booker(*, booker_user_id: str, slot_at: datetime, tz: str) -> Message:
    text = (
        f"{mention(booker_user_id)} cancelled their office-hours slot at {format_local(slot_at, tz)}. It's free again."
    )
    return Message(text=text, blocks=[section(text)])


def cancelled_by_host(*, host_user_id: str, slot_at: datetime, tz: str) -> Message:
    text = (
        f"{mention(host_user_id)} had to cancel your office-hours slot at {format_local(slot_at, tz)}. Sorry about "
        "that; you're welcome to book another session."
    )
    return Message(text=text, blocks=[section(text)])


def you_cancelled(*, other_user_id: str, slot_at: datetime, tz: str) -> Message:
    text = f"Cancelled the slot at {format_local(slot_at, tz)}. I'll let {mention(other_user_id)} know."
    return Message(text=text, blocks=[section(text)])


def switched(*, active: bool) -> Message:
    if active:
        text = "Your office hours are back on. I'll announce the next session as usual."
    else:
        text = (
            "Your office hours are paused: no sessions are announced or bookable. "
            f"`{COMMAND} office-hours on` resumes them."
        )
    return Message(text=text, blocks=[section(text)])


def not_allowed() -> Message:
    text = "In this workspace, office hours are held by a set list of people. Ask whoever runs Career Prep to add you."
    return Message(text=text, blocks=[section(text)])


def channel_problem(problem: str) -> str:
    """Why the bot can't announce in the chosen channel, as plain text for the form's channel field."""
    return _PROBLEMS.get(problem, _PROBLEMS["not_found"]).format(where="that channel")
