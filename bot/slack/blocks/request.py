"""Meeting requests: the manager's DM and the answers (the forms are bot.slack.forms.request)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    HeaderBlock,
)

from bot.slack.blocks.common import Message, clip, context, escape, format_local, mention, section
from bot.slack.ids import COMMAND, Action
from bot.slack.values import RequestRef, encode

NOT_A_REVIEW = "A career development conversation is about growth and direction, not a performance review or pay."
# The quote is split over sections of 3,000 characters; three keep the message far below its 13,200 total.
QUOTE_CHUNK = 2900
QUOTE_SECTIONS = 3


def short_local(instant: datetime, tz_name: str) -> str:
    """A compact local time for buttons, e.g. "Thu 26 Nov, 10:00"."""
    local = instant.astimezone(ZoneInfo(tz_name))
    return f"{local:%a} {local.day} {local:%b, %H:%M}"


def _safe_cut(text: str, limit: int) -> int:
    """Where to cut escaped text at most `limit` characters in: at a line break if one is near, never mid-entity."""
    newline = text.rfind("\n", 0, limit)
    if newline > limit // 2:
        return newline
    amp = text.rfind("&", 0, limit)
    if amp > 0 and text.find(";", amp, limit) == -1:
        return amp  # "&amp;" would straddle the cut
    return limit


def quote_chunks(text: str) -> list[str]:
    """The employee's words as mrkdwn quotes, one per section.

    Escaped before measuring (escaping can grow text up to 5x), so every chunk fits a section; a
    message of ordinary text is shown whole, only pathological ones end clipped with an ellipsis.
    """
    rest = ">" + escape(text).replace("\n", "\n>")
    chunks: list[str] = []
    while len(rest) > QUOTE_CHUNK and len(chunks) < QUOTE_SECTIONS - 1:
        cut = _safe_cut(rest, QUOTE_CHUNK)
        chunks.append(rest[:cut])
        rest = rest[cut:].removeprefix("\n")
        rest = rest if rest.startswith(">") else ">" + rest
    if len(rest) > QUOTE_CHUNK:
        rest = rest[: _safe_cut(rest, QUOTE_CHUNK - 1)].rstrip() + "…"
    return [*chunks, rest]


def manager_request(
    *,
    request_id: int,
    employee_user_id: str,
    employee_name: str,
    message: str,
    proposed_at: datetime,
    length_minutes: int,
    manager_tz: str,
) -> Message:
    """The manager's DM: the employee's words, the proposed time in the manager's zone, and buttons."""
    ref = encode(RequestRef(request_id=request_id))
    when = format_local(proposed_at, manager_tz)
    quote = quote_chunks(message)
    return Message(
        text=f"{escape(employee_name)} asked for a career development conversation with you on {when}",
        blocks=[
            HeaderBlock(text=clip(f"Career conversation request from {employee_name}", 150)),
            section(f"{mention(employee_user_id)} wrote:\n{quote[0]}"),
            *(section(chunk) for chunk in quote[1:]),
            section(f"*Proposed:* {when}\n*Length:* {length_minutes} minutes"),
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text=f"Accept {short_local(proposed_at, manager_tz)}",
                        action_id=Action.REQUEST_ACCEPT,
                        value=ref,
                        style="primary",
                    ),
                    ButtonElement(text="Propose another time", action_id=Action.REQUEST_PROPOSE, value=ref),
                ]
            ),
            context(f"{NOT_A_REVIEW} An accepted time becomes your next 1:1 with them."),
        ],
    )


def request_agreed(*, other_user_id: str, at: datetime, tz: str, length_minutes: int) -> Message:
    """What a request becomes for whoever accepted it: the agreed time, in their zone."""
    when = format_local(at, tz)
    text = (
        f":white_check_mark: Agreed: a {length_minutes}-minute career conversation with {mention(other_user_id)} "
        f"on {when}. It's now your next 1:1."
    )
    return Message(text=f"Agreed: career conversation on {when}", blocks=[section(text)])


def manager_countered(*, employee_user_id: str, proposed_at: datetime, counter_at: datetime, tz: str) -> Message:
    """The manager's copy after they proposed another time."""
    text = (
        f":hourglass_flowing_sand: You proposed {format_local(counter_at, tz)} instead of "
        f"{format_local(proposed_at, tz)}. Waiting for {mention(employee_user_id)} to accept."
    )
    return Message(text=f"You proposed {format_local(counter_at, tz)}", blocks=[section(text)])


def manager_replaced(*, employee_user_id: str) -> Message:
    """The manager's copy of a request the employee replaced with a newer one."""
    text = f"{mention(employee_user_id)} replaced this request with a newer one, which you'll find further down."
    return Message(text="This request was replaced by a newer one", blocks=[section(text)])


def request_sent(
    *,
    manager_user_id: str,
    proposed_at: datetime,
    tz: str,
    length_minutes: int,
    manager_confirmed: bool = True,
    held: str | None = None,
) -> Message:
    """The employee's confirmation that the request is with the manager; or that it waits for their
    confirmation; or when they get it (`held`, from `gets_it`) if it waits for their working hours."""
    slot = f"{length_minutes} minutes on {format_local(proposed_at, tz)}"
    if not manager_confirmed:
        text = (
            f":hourglass_flowing_sand: Your request ({slot}) is ready, but {mention(manager_user_id)} hasn't confirmed "
            "yet that they're your manager. They get it as soon as they confirm; until then they see nothing of it."
        )
    elif held is None:
        text = (
            f":outbox_tray: Your request is with {mention(manager_user_id)}: {slot}. "
            "I'll let you know when they answer."
        )
    else:
        text = f":outbox_tray: Your request for {slot} is on its way: {held}. I'll let you know when they answer."
    return Message(
        text=text,
        blocks=[section(text), context(f"Changed your mind? `{COMMAND} request` again replaces this one.")],
    )


def request_accepted(*, manager_user_id: str, at: datetime, tz: str) -> Message:
    """Tells the employee the manager accepted their proposed time."""
    text = (
        f":white_check_mark: {mention(manager_user_id)} accepted: your career conversation is on "
        f"{format_local(at, tz)}. It's now your next 1:1, and any prep you've started stays with it."
    )
    return Message(text=text, blocks=[section(text)])


def request_countered(
    *, request_id: int, manager_user_id: str, proposed_at: datetime, counter_at: datetime, tz: str
) -> Message:
    """Tells the employee the manager proposed another time, with a button to accept it."""
    text = (
        f":calendar: {mention(manager_user_id)} can't make {format_local(proposed_at, tz)} and proposed "
        f"*{format_local(counter_at, tz)}* instead."
    )
    return Message(
        text=f"Your manager proposed another time: {format_local(counter_at, tz)}",
        blocks=[
            section(text),
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text=f"Accept {short_local(counter_at, tz)}",
                        action_id=Action.REQUEST_ACCEPT,
                        value=encode(RequestRef(request_id=request_id)),
                        style="primary",
                    )
                ]
            ),
            context(f"Doesn't work for you either? Send a new request with `{COMMAND} request`."),
        ],
    )


def counter_accepted(*, employee_user_id: str, at: datetime, tz: str) -> Message:
    """Tells the manager the employee accepted the time they proposed."""
    text = (
        f":white_check_mark: {mention(employee_user_id)} accepted your proposed time: your career "
        f"conversation is on {format_local(at, tz)}. It's now your next 1:1 with them."
    )
    return Message(text=text, blocks=[section(text)])


def request_unavailable(text: str) -> Message:
    """Why the request form can't open (e.g. the manager left), with a way to fix it."""
    return Message(
        text=escape(text),
        blocks=[
            section(f":warning: {escape(text)}"),
            ActionsBlock(elements=[ButtonElement(text="Open settings", action_id=Action.OPEN_SETTINGS)]),
        ],
    )
