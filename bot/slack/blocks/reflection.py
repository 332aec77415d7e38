"""The mid-year reflection: the employee's DM (their words, a button row per line, the note and who
it is shared with) and the few lines the manager's brief shows when it was shared."""

from __future__ import annotations

from datetime import date

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, DividerBlock, HeaderBlock

from bot.domain.reflection_brief import ReflectionNews
from bot.domain.reflections import CHANGED, DONE, STILL_TRUE, ReflectionLine, ReflectionView
from bot.slack.blocks.common import Message, context, escaped_clip, mention, section
from bot.slack.blocks.items import short_date
from bot.slack.ids import Action
from bot.slack.values import ReflectionLineRef, ReflectionNoteRef, encode

LINE_MAX = 400
NOTE_SHOWN_MAX = 1500
LABELS = {STILL_TRUE: "Still true", CHANGED: "Changed", DONE: "Done"}
ACTIONS = {STILL_TRUE: Action.REFLECTION_STILL_TRUE, CHANGED: Action.REFLECTION_CHANGED, DONE: Action.REFLECTION_DONE}
SAID = {STILL_TRUE: "still true", CHANGED: "changed", DONE: "done"}


def _line_blocks(index: int, reflection_id: int, line: ReflectionLine) -> list[Block]:
    detail = f"\n_{escaped_clip(line.detail, LINE_MAX)}_" if line.detail else ""
    said = f"\n:ballot_box_with_check: You said: *{SAID[line.answer]}*" if line.answer in SAID else ""
    value = encode(ReflectionLineRef(reflection_id=reflection_id, key=line.key))
    buttons = [
        ButtonElement(
            text=label,
            action_id=ACTIONS[answer],
            value=value,
            style="primary" if line.answer == answer else None,
        )
        for answer, label in LABELS.items()
    ]
    return [
        section(f"{escaped_clip(line.text, LINE_MAX)}{detail}{said}"),
        ActionsBlock(block_id=f"reflection_line_{index}", elements=buttons),
    ]


def _sharing(view: ReflectionView) -> str:
    if view.shared_with_user_id is not None:
        who = mention(view.shared_with_user_id)
        if view.told:
            return f":handshake: Shared with {who}, who has seen it in their brief."
        return f":handshake: Shared with {who}: they'll see your answers and note in their next brief."
    return ":lock: Only you can see this. Nothing reaches your manager unless you choose to share it."


def reflection_message(view: ReflectionView, *, channel: str | None = None, ts: str | None = None) -> Message:
    """The reflection DM, as sent and as redrawn after each click."""
    since = f" (your 1:1 on {short_date(date.fromisoformat(view.since))})" if view.since else ""
    blocks: list[Block] = [HeaderBlock(text="Your mid-year reflection")]
    if view.lines:
        blocks.append(
            section(
                f"About six months ago{since} you wrote the words below. Are they still true? "
                "Mark each one; it takes a minute."
            )
        )
    else:
        blocks.append(
            section(
                "I couldn't find a prep of yours from about six months ago. If something has changed "
                "since then (what you want, where you're headed), note it below."
            )
        )
    for index, line in enumerate(view.lines):
        blocks += _line_blocks(index, view.reflection_id, line)
    blocks.append(DividerBlock())
    if view.note:
        blocks.append(section(f"*What changed:* {escaped_clip(view.note, NOTE_SHOWN_MAX)}"))
    ref = ReflectionNoteRef(reflection_id=view.reflection_id, channel=channel, ts=ts)
    note_label = "Edit what changed" if view.note else "Note what changed"
    blocks += [
        ActionsBlock(
            block_id="reflection_note",
            elements=[ButtonElement(text=note_label, action_id=Action.REFLECTION_NOTE, value=encode(ref))],
        ),
        context(_sharing(view)),
    ]
    return Message(text="Your mid-year reflection: are your words from six months ago still true?", blocks=blocks)


def reflection_news_blocks(news: ReflectionNews | None, employee_name: str) -> list[Block]:
    """For the manager's brief: only the lines and note the employee shared."""
    if news is None:
        return []
    lines = "\n".join(f"• {escaped_clip(text, LINE_MAX)} _({SAID.get(answer, answer)})_" for text, answer in news.lines)
    note = f"\n*What changed, in their words:* {escaped_clip(news.note, NOTE_SHOWN_MAX)}" if news.note else ""
    return [
        section(
            f"*{escaped_clip(employee_name, 80)} shared their mid-year reflection with you:*\n"
            f"{lines or '_No lines marked._'}{note}"
        ),
        context("Worth a few minutes in this 1:1: ask what changed and what they'd like next."),
    ]
