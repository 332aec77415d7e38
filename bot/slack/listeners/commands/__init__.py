"""The `/career-prep` slash command and its subcommand router."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.slack.calls import CommandCall, Subcommand
from bot.slack.deps import Deps, first_time
from bot.slack.ids import COMMAND
from bot.slack.listeners.commands.asks import asks_command
from bot.slack.listeners.commands.calendar import calendar_command
from bot.slack.listeners.commands.data import export_command, forget_command
from bot.slack.listeners.commands.digest import digest_command
from bot.slack.listeners.commands.help import make_help
from bot.slack.listeners.commands.hours import hours_command
from bot.slack.listeners.commands.items import items_command
from bot.slack.listeners.commands.meeting_type import type_command
from bot.slack.listeners.commands.offer import helpers_command, offer_command
from bot.slack.listeners.commands.office_hours import office_hours_command
from bot.slack.listeners.commands.opportunity import opportunities_command, opportunity_command
from bot.slack.listeners.commands.pause import pause_command, resume_command
from bot.slack.listeners.commands.planning import planning_command
from bot.slack.listeners.commands.prep import prep_command
from bot.slack.listeners.commands.recap import recap_command
from bot.slack.listeners.commands.request import request_command
from bot.slack.listeners.commands.settings import settings_command
from bot.slack.listeners.commands.status import status_command
from bot.slack.listeners.commands.team import team_command
from bot.slack.request_keys import command_key

logger = logging.getLogger(__name__)

# In the order a person meets them: the loop first, then their own settings, then managers' tools.
SUBCOMMANDS: list[Subcommand] = [
    Subcommand("prep", "Prepare for your next 1:1: reflect, plan your asks, share an agenda.", prep_command),
    Subcommand("request", "Ask your manager for a 30-minute career conversation at a time you pick.", request_command),
    Subcommand("recap", "Record what you agreed in your last 1:1; your manager gets a thank-you recap.", recap_command),
    Subcommand("items", "See your open action items and the ones owed to you, and update them.", items_command),
    Subcommand("asks", "See the asks waiting for your answer, and your own asks with their answers.", asks_command),
    Subcommand("status", "See your next 1:1 and whether your prep is shared.", status_command),
    Subcommand(
        "type",
        "Make your next 1:1 a stay interview, mid-year review or feedback talk (`type stay-interview`).",
        type_command,
    ),
    Subcommand("settings", "Change your manager, your 1:1 date, rhythm and length.", settings_command),
    Subcommand(
        "calendar",
        "Your private calendar link: 1:1s, booked office hours, due dates (`calendar reset` replaces it).",
        calendar_command,
    ),
    Subcommand(
        "hours", "Set when reminders may reach you, e.g. `hours 08:00-16:30` (or `hours default`).", hours_command
    ),
    Subcommand(
        "pause", "Away? Hold every reminder until a date (`pause until 2026-12-24`) or until you resume.", pause_command
    ),
    Subcommand("resume", "Turn reminders back on after a pause.", resume_command),
    Subcommand("team", "Managers: invite your reports to prep their 1:1s with you, and see who joined.", team_command),
    Subcommand(
        "digest",
        "Managers: a weekly coverage digest in a channel or your DM, e.g. `digest #leads` (`digest off` stops it).",
        digest_command,
    ),
    Subcommand(
        "office-hours",
        "Hold office hours: a weekly slot people book from a channel announcement (`office-hours off` pauses it).",
        office_hours_command,
    ),
    Subcommand(
        "planning",
        "Managers: a team-planning date (`planning 2027-03-15`, `planning quarterly …`); a week before, your "
        "reports' shared interests.",
        planning_command,
    ),
    Subcommand(
        "offer",
        "Offer to help colleagues: mentoring, informational interviews, shadowing (`offer off` pauses it).",
        offer_command,
    ),
    Subcommand("helpers", "Browse who offered help, e.g. `helpers sql`, and ask for an intro.", helpers_command),
    Subcommand(
        "opportunity",
        "Managers and the people team: post a stretch project, role, shadowing day or mentoring cohort.",
        opportunity_command,
    ),
    Subcommand(
        "opportunities",
        "See open opportunities, say you're interested, or bring one to your 1:1.",
        opportunities_command,
    ),
    Subcommand(
        "export",
        "Your full record (preps, recaps, items, check-ins, asks, offers, intros, office hours, opportunities) "
        "as a file in your DMs.",
        export_command,
    ),
    Subcommand("forget", "Delete everything Career Prep stores about you, after you confirm.", forget_command),
]
SUBCOMMANDS.append(make_help(SUBCOMMANDS))
_BY_NAME = {sub.name: sub for sub in SUBCOMMANDS}


def route(text: str) -> tuple[Subcommand | None, str]:
    """The subcommand for the typed text and its arguments; (None, "") means the default action."""
    words = text.split(maxsplit=1)
    if not words:
        return None, ""
    name, rest = words[0], (words[1] if len(words) > 1 else "")
    sub = _BY_NAME.get(name.lower())
    if sub is None:
        return _BY_NAME["help"], text.strip()
    if sub.name == "help":
        return sub, ""
    return sub, rest.strip()


def register(app: App, deps: Deps) -> None:
    @app.command(COMMAND)
    def career_prep(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        if not first_time(deps, team_id=str(body["team_id"]), key=command_key(body), now=deps.clock()):
            logger.info("a slash command handled before came again (a replay); answered, not acted on")
            return
        sub, args = route(str(body.get("text", "")))
        call = CommandCall.parse(body, deps, client, respond, args)
        (sub.handler if sub is not None else prep_command)(call)
