"""The App Home tab."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, DividerBlock, HeaderBlock
from slack_sdk.models.views import View

from bot.slack.blocks.common import context, format_local, mention, section
from bot.slack.ids import COMMAND, Action


@dataclass(frozen=True)
class HomeSummary:
    """What the home tab shows about one person's setup; None fields mean "not set up"."""

    tz: str
    manager_user_id: str | None = None
    manager_confirmed: bool = False
    next_meeting_at: datetime | None = None


def home_view(summary: HomeSummary) -> View:
    blocks: list[Block] = [HeaderBlock(text="Career Prep")]
    if summary.manager_user_id is None or summary.next_meeting_at is None:
        blocks += [
            section(
                "Regular career conversations with your manager help you grow on purpose. I help you "
                "prepare for them, keep track of what you both agree, and follow up.\n\n"
                "Start by telling me who your manager is and when you meet."
            ),
            ActionsBlock(elements=[ButtonElement(text="Set up", action_id=Action.OPEN_SETTINGS, style="primary")]),
        ]
    else:
        confirmation = "" if summary.manager_confirmed else " _(waiting for them to confirm)_"
        blocks += [
            section(
                f"*Next 1:1 with {mention(summary.manager_user_id)}*{confirmation}\n"
                f"{format_local(summary.next_meeting_at, summary.tz)}"
            ),
            ActionsBlock(
                elements=[
                    ButtonElement(text="Prep", action_id=Action.OPEN_PREP, style="primary"),
                    ButtonElement(text="Settings", action_id=Action.OPEN_SETTINGS),
                ]
            ),
        ]
    blocks += [DividerBlock(), context(f"Type `{COMMAND} help` anywhere to see every command.")]
    return View(type="home", blocks=blocks)
