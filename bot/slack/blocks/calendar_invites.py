"""The short DM an .ics invite is uploaded under (the file itself goes into its thread)."""

from __future__ import annotations

from datetime import datetime

from bot.slack.blocks.common import Message, context, format_local, mention, section


def invite_message(*, other_user_id: str, next_meeting_at: datetime, reader_tz: str) -> Message:
    """Sent with a REQUEST: what the invite holds and what opening it does."""
    headline = "Your 1:1s, ready for your calendar"
    when = format_local(next_meeting_at, reader_tz)
    return Message(
        text=headline,
        blocks=(
            section(f"*{headline}*\nYour 1:1s with {mention(other_user_id)}; the next one is {when}."),
            context(
                "Open the file in the thread below to add the series to your calendar, or to update it if you "
                "added an earlier one. When the time changes you'll get a fresh file here. No calendar access needed."
            ),
        ),
    )


def cancel_message(*, other_user_id: str | None) -> Message:
    """Sent with a CANCEL: the series comes off the calendar (`None`: with someone who deleted their data)."""
    headline = "Your 1:1 series has ended"
    who = mention(other_user_id) if other_user_id is not None else "a former colleague"
    return Message(
        text=headline,
        blocks=(
            section(
                f"*{headline}*\nYour 1:1s with {who} won't happen through Career Prep any more. "
                "Open the file in the thread below to take them off your calendar."
            ),
        ),
    )
