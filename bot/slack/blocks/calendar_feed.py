"""What `/career-prep calendar` answers: the private subscription link, once, and how to replace it."""

from __future__ import annotations

from bot.slack.blocks.common import Message, context, section
from bot.slack.ids import COMMAND

_WHAT = "your upcoming 1:1s, the office hours you booked, and the due dates of your open action items (titles only)"
_CARE = (
    ":lock: Treat this link like a password: anyone who has it can see those titles. "
    f"Shared it by mistake? `{COMMAND} calendar reset` makes a new one and switches this one off."
)
_HOW = (
    "Google Calendar: *Other calendars* → *From URL*. Outlook: *Add calendar* → *Subscribe from web*. "
    "Apple Calendar: *File* → *New Calendar Subscription*."
)


def feed_link(url: str, *, replaced: bool) -> Message:
    """The new link, shown only here: Career Prep keeps a fingerprint of it, never the link itself."""
    opening = (
        "Here's your new private calendar link. The old one has stopped working, so update the "
        "subscription in your calendar app:"
        if replaced
        else "Here's your private calendar link. Subscribe to it in your calendar app to see " + _WHAT + ":"
    )
    text = f"{opening} {url}"
    return Message(
        text=text,
        blocks=[
            section(opening),
            section(f"`{url}`"),
            context(_HOW),
            context(_CARE + " I won't be able to show this link again, so keep it somewhere safe."),
        ],
    )


def feed_exists() -> Message:
    text = (
        "You already have a private calendar link. I keep only a fingerprint of it, so I can't show it "
        f"again. Run `{COMMAND} calendar reset` for a new link; the old one stops working at once."
    )
    return Message(text=text, blocks=[section(text)])


def feed_closed(existed: bool) -> Message:
    text = (
        "Your calendar link is switched off: calendar apps subscribed to it get nothing from now on. "
        f"`{COMMAND} calendar` makes a new one whenever you like."
        if existed
        else f"You don't have a calendar link to switch off. `{COMMAND} calendar` makes one."
    )
    return Message(text=text, blocks=[section(text)])


def feeds_not_configured() -> Message:
    text = (
        "Calendar links aren't switched on in this workspace yet: whoever runs Career Prep needs to set "
        "PUBLIC_URL to the address the bot is reached at. Until then your 1:1 invites still arrive in this DM."
    )
    return Message(text=text, blocks=[section(text)])
