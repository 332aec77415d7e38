"""The help message listing every subcommand."""

from __future__ import annotations

from collections.abc import Sequence

from bot.slack.blocks.common import Message, clip, context, escape, section
from bot.slack.ids import COMMAND


def help_message(commands: Sequence[tuple[str, str]], *, unknown: str | None = None) -> Message:
    """One line per subcommand; names the unknown input when that is why help is shown."""
    lines = "\n".join(f"`{COMMAND} {name}`  {summary}" for name, summary in commands)
    if unknown:
        shown = clip(escape(unknown).replace("`", "'"), 60)
        opening = f"I don't know `{shown}`. Here's what I can do:"
    else:
        opening = "*Career Prep* — here's what I can do:"
    return Message(
        text=f"{opening}\n{lines}",
        blocks=[
            section(opening),
            section(lines),
            context("Career conversations are about your growth, not performance reviews or pay."),
            context(
                "Intros: click *Ask for an intro* next to someone who offers help. They see only what you choose "
                "to send; if they accept, I start a group DM for the two of you."
            ),
        ],
    )
