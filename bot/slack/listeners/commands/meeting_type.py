"""`/career-prep type [stay-interview|mid-year-review|feedback|career-growth] [@report]`: the type of the
pair's next 1:1, shown or chosen by either of the two."""

from __future__ import annotations

import re

from bot.domain.conversation_types import TYPE_CHOICES, ConversationType, parse_type
from bot.domain.errors import InvalidInput
from bot.domain.meeting_type import F_TYPE, next_meeting_type, set_meeting_type
from bot.slack import parse
from bot.slack.blocks.common import clip
from bot.slack.blocks.meeting_type import meeting_type_message
from bot.slack.calls import CommandCall
from bot.slack.deps import reading, unit_of_work

# An escaped mention as a slash command carries it: <@U123ABC> or <@U123ABC|ana>.
MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")


def type_command(call: CommandCall) -> None:
    kind, report = _parse(call.args)
    now = call.deps.clock()
    if kind is None:
        with reading(call.deps) as session:
            meeting = next_meeting_type(
                session, team_id=call.team_id, slack_user_id=call.user_id, report_user_id=report, now=now
            )
        call.reply(meeting_type_message(meeting, set_now=False))
        return
    with unit_of_work(call.deps, now) as work:
        meeting = set_meeting_type(
            work.session, team_id=call.team_id, slack_user_id=call.user_id, report_user_id=report, kind=kind, now=now
        )
    call.reply(meeting_type_message(meeting, set_now=True))


def _parse(args: str) -> tuple[ConversationType | None, str | None]:
    """The type (None: just show it) and the mentioned report, if any."""
    report = None
    words = []
    for word in args.split():
        mention = MENTION.fullmatch(word)
        if mention is not None and parse.is_user_id(mention.group(1)) and report is None:
            report = mention.group(1)
        else:
            words.append(word)
    if not words:
        return None, report
    kind = parse_type(" ".join(words))
    if kind is None:
        said = clip(" ".join(words), 60)  # echoed back short, so the choices that follow are never cut off
        raise InvalidInput({F_TYPE: f"I don't know the type {said!r}. Pick one of {TYPE_CHOICES}."})
    return kind, report
