"""Per-workspace schedule defaults: shown and changed by operators with `career-prep workspace`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.calendar.working_hours import parse_days, parse_holidays
from bot.domain.errors import InvalidInput, NotFound
from bot.domain.reflection_rounds import parse_dates
from bot.domain.replan import replan_workspace
from bot.models import Workspace

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _minute(text: str) -> int:
    match = _CLOCK.match(text.strip())
    if not match or int(match.group(1)) * 60 + int(match.group(2)) > 24 * 60 or int(match.group(2)) > 59:
        raise ValueError(f"{text!r} is not a time like 09:30")
    return int(match.group(1)) * 60 + int(match.group(2))


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _int_in(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high}")
        return value

    return parse


@dataclass(frozen=True)
class Setting:
    name: str
    help: str
    show: Callable[[Workspace], str]
    apply: Callable[[Workspace, str], None]


def _set_days(w: Workspace, text: str) -> None:
    days = parse_days(text)
    if ",".join(str(d) for d in sorted(days)) != ",".join(p.strip() for p in sorted(text.split(","))):
        raise ValueError("use weekday numbers, Monday=0 … Sunday=6, e.g. 0,1,2,3,4")
    w.working_days = sorted(days)


def _set_hours(w: Workspace, text: str) -> None:
    start, _, end = text.partition("-")
    first, last = _minute(start), _minute(end)
    if first >= last:
        raise ValueError("the working day must start before it ends")
    w.work_start_minute, w.work_end_minute = first, last


def _set_at(days_attr: str, minute_attr: str) -> Callable[[Workspace, str], None]:
    def apply(w: Workspace, text: str) -> None:
        days, _, at = text.partition("@")
        setattr(w, days_attr, _int_in(0, 10)(days))
        setattr(w, minute_attr, _minute(at))

    return apply


def _set_holidays(w: Workspace, text: str) -> None:
    parts = [p.strip() for p in text.split(",") if p.strip() and p.strip().lower() != "none"]
    days = parse_holidays(",".join(parts))
    if len(days) != len(set(parts)):
        raise ValueError("use dates like 2026-12-24, separated by commas, or none")
    w.holidays = [d.isoformat() for d in sorted(days)]


def _set_user_ids(w: Workspace, text: str) -> None:
    ids = [part.strip() for part in text.split(",") if part.strip() and part.strip().lower() != "none"]
    if any(not re.fullmatch(r"[UW][A-Z0-9]{2,}", i) for i in ids):
        raise ValueError("use Slack user ids like U0123ABCD, separated by commas, or none")
    w.org_digest_user_ids = ids


def _set_hosts(w: Workspace, text: str) -> None:
    ids = [part.strip() for part in text.split(",") if part.strip() and part.strip().lower() != "anyone"]
    if any(not re.fullmatch(r"[UW][A-Z0-9]{2,}", i) for i in ids):
        raise ValueError("use Slack user ids like U0123ABCD, separated by commas, or anyone")
    w.office_hours_host_ids = ids


def _set_reflection_dates(w: Workspace, text: str) -> None:
    w.reflection_dates = parse_dates(text)
    w.reflection_plan_after = None  # the planner looks at the rounds again at its next pass


def _set_switch(attr: str) -> Callable[[Workspace, str], None]:
    def apply(w: Workspace, text: str) -> None:
        value = text.strip().lower()
        if value not in ("on", "off"):
            raise ValueError("use on or off")
        setattr(w, attr, value == "on")

    return apply


def _set_int(attr: str, low: int, high: int) -> Callable[[Workspace, str], None]:
    def apply(w: Workspace, text: str) -> None:
        setattr(w, attr, _int_in(low, high)(text))

    return apply


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "working-days",
        "weekday numbers, Monday=0 (default 0,1,2,3,4)",
        lambda w: ",".join(DAY_NAMES[d] for d in w.working_days),
        _set_days,
    ),
    Setting(
        "working-hours",
        "default window for everyone, e.g. 09:00-18:00",
        lambda w: f"{_clock(w.work_start_minute)}-{_clock(w.work_end_minute)}",
        _set_hours,
    ),
    Setting(
        "prep-reminder",
        "working days before the 1:1 @ local time (default 2@10:00)",
        lambda w: f"{w.prep_reminder_working_days}@{_clock(w.prep_reminder_minute)}",
        _set_at("prep_reminder_working_days", "prep_reminder_minute"),
    ),
    Setting(
        "manager-brief",
        "working days before the 1:1 @ manager's local time (default 1@09:00)",
        lambda w: f"{w.manager_brief_working_days}@{_clock(w.manager_brief_minute)}",
        _set_at("manager_brief_working_days", "manager_brief_minute"),
    ),
    Setting(
        "recap-nudge-minutes",
        "minutes after the meeting ends (default 60)",
        lambda w: str(w.recap_nudge_delay_minutes),
        _set_int("recap_nudge_delay_minutes", 0, 24 * 60),
    ),
    Setting(
        "check-in-days",
        "days after the recap (default 21)",
        lambda w: str(w.check_in_days),
        _set_int("check_in_days", 1, 120),
    ),
    Setting(
        "coverage-window-days",
        "a conversation this recent counts as covered (default 60)",
        lambda w: str(w.coverage_window_days),
        _set_int("coverage_window_days", 7, 365),
    ),
    Setting(
        "holidays",
        "dates with no reminders, e.g. 2026-12-24,2026-12-25 (or none)",
        lambda w: ",".join(w.holidays) or "none",
        _set_holidays,
    ),
    Setting(
        "org-digest-users",
        "Slack ids allowed to post org digests besides admins, e.g. U01,U02 (or none)",
        lambda w: ",".join(w.org_digest_user_ids) or "none",
        _set_user_ids,
    ),
    Setting(
        "digests",
        "on or off: whether managers may subscribe to digests",
        lambda w: "on" if w.digests_enabled else "off",
        _set_switch("digests_enabled"),
    ),
    Setting(
        "office-hours-hosts",
        "Slack ids who may hold office hours, e.g. U01,U02 (or anyone, the default)",
        lambda w: ",".join(w.office_hours_host_ids) or "anyone",
        _set_hosts,
    ),
    Setting(
        "coverage-flag-days",
        "flag people without a conversation for this long (default 45)",
        lambda w: str(w.coverage_flag_days),
        _set_int("coverage_flag_days", 7, 365),
    ),
    Setting(
        "reflection-dates",
        "mid-year reflection days, e.g. 2027-06-07,2027-12-06 (default: first working Monday of June and December)",
        lambda w: ",".join(w.reflection_dates) or "default",
        _set_reflection_dates,
    ),
)
BY_NAME = {s.name: s for s in SETTINGS}


def workspaces(session: Session, team_id: str | None) -> list[Workspace]:
    query = select(Workspace).order_by(Workspace.team_id)
    if team_id:
        query = query.where(Workspace.team_id == team_id)
    found = list(session.scalars(query))
    if team_id and not found:
        raise NotFound(f"No workspace {team_id} here yet: it appears once someone uses the bot.")
    return found


def describe(workspace: Workspace) -> list[tuple[str, str, str]]:
    return [(s.name, s.show(workspace), s.help) for s in SETTINGS]


def apply_settings(session: Session, *, team_id: str, assignments: list[str], now: datetime) -> Workspace:
    """Apply `name=value` pairs; every one is checked before anything changes."""
    [workspace] = workspaces(session, team_id)
    errors: dict[str, str] = {}
    staged: list[tuple[Setting, str]] = []
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        setting = BY_NAME.get(name.strip())
        if not sep or setting is None:
            errors[name or assignment] = "unknown setting; known: " + ", ".join(BY_NAME)
            continue
        staged.append((setting, value.strip()))
    for setting, value in staged:
        probe = Workspace(team_id="probe", **{c: getattr(workspace, c) for c in _COLUMNS})
        try:
            setting.apply(probe, value)
        except ValueError as exc:
            errors[setting.name] = str(exc)
    if errors:
        raise InvalidInput(errors)
    for setting, value in staged:
        setting.apply(workspace, value)
    workspace.updated_at = now
    replan_workspace(session, team_id=workspace.team_id, now=now)
    return workspace


_COLUMNS = (
    "working_days",
    "work_start_minute",
    "work_end_minute",
    "prep_reminder_working_days",
    "prep_reminder_minute",
    "manager_brief_working_days",
    "manager_brief_minute",
    "recap_nudge_delay_minutes",
    "check_in_days",
    "coverage_window_days",
    "coverage_flag_days",
    "org_digest_user_ids",
    "digests_enabled",
    "holidays",
    "office_hours_host_ids",
    "reflection_dates",
)
