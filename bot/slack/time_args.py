"""The words after `hours`, `pause` and `planning`: a daily window for reminders, the last day away, and a
team-planning date (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.errors import InvalidInput
from bot.slack.ids import COMMAND

_WINDOW = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*-\s*(\d{1,2})(?::(\d{2}))?$")


def parse_window(text: str) -> tuple[int, int] | None:
    """ "08:00-16:30" → (480, 990); "default" → None (the workspace's hours)."""
    cleaned = text.strip().lower()
    if cleaned in ("default", "reset"):
        return None
    match = _WINDOW.match(cleaned)
    if match is None:
        raise InvalidInput({"hours": f"Write your hours like `{COMMAND} hours 08:00-16:30`, or `hours default`."})
    h1, m1, h2, m2 = (int(g or 0) for g in match.groups())
    if m1 > 59 or m2 > 59 or h1 * 60 + m1 > 24 * 60 or h2 * 60 + m2 > 24 * 60:
        raise InvalidInput({"hours": "Those aren't times of day."})
    return h1 * 60 + m1, h2 * 60 + m2


_FOR = re.compile(r"^(?:for\s+)?(\d{1,3})\s*(day|days|d|week|weeks|w)$")
_UNTIL = re.compile(r"^(?:until\s+)?(\d{4}-\d{2}-\d{2})$")
USAGE = f"Try `{COMMAND} pause until 2026-12-24`, `{COMMAND} pause for 2 weeks`, or just `{COMMAND} pause`."


def parse_until(args: str, today: date) -> date | None:
    """The last day away, from "until 2026-12-24" / "for 2 weeks" / "" (until resumed)."""
    text = " ".join(args.lower().split())
    if not text:
        return None
    if match := _UNTIL.match(text):
        try:
            return date.fromisoformat(match.group(1))
        except ValueError:
            raise InvalidInput({"until": f"{match.group(1)} is not a date. {USAGE}"}) from None
    if match := _FOR.match(text):
        amount = int(match.group(1)) * (7 if match.group(2).startswith("w") else 1)
        return today + timedelta(days=max(amount - 1, 0))
    raise InvalidInput({"until": f"I didn't understand `{args.strip()[:40]}`. {USAGE}"})


_PLANNING = re.compile(r"^(quarterly\s+|every\s+quarter\s+)?(\d{4}-\d{2}-\d{2})$")
PLANNING_USAGE = (
    f"Try `{COMMAND} planning 2027-03-15`, `{COMMAND} planning quarterly 2027-03-15` (then every 3 months), "
    f"`{COMMAND} planning off`, or `{COMMAND} planning` to see yours."
)


@dataclass(frozen=True)
class PlanningArgs:
    """The words after `planning`: "show", "off", or "set" with a date (and whether it recurs every quarter)."""

    action: str
    planning_on: date | None = None
    quarterly: bool = False


def parse_planning(args: str) -> PlanningArgs:
    """ "" -> show; "off" -> off; "2027-03-15" / "quarterly 2027-03-15" -> set; anything else: InvalidInput."""
    text = " ".join(args.lower().split())
    if text in ("", "show"):
        return PlanningArgs("show")
    if text in ("off", "stop", "none"):
        return PlanningArgs("off")
    match = _PLANNING.match(text)
    if match is None:
        raise InvalidInput({"date": f"I didn't understand `{args.strip()[:40]}`. {PLANNING_USAGE}"})
    try:
        day = date.fromisoformat(match.group(2))
    except ValueError:
        raise InvalidInput({"date": f"{match.group(2)} is not a date. {PLANNING_USAGE}"}) from None
    return PlanningArgs("set", day, quarterly=match.group(1) is not None)
