"""A realistic workspace for the ack benchmark, and the signed Slack requests it sends into it.

Pairs of an employee and a manager (six reports a manager) with monthly 1:1s, last month's 1:1 held,
and ten action items from it, half for each side; the next 1:1 is planned a week or two ahead.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from urllib.parse import quote, urlencode

from sqlalchemy import select

from bot.db import SessionFactory
from bot.domain.people import Profile
from bot.domain.prep import prep_for
from bot.domain.setup import SetupInput, confirm_manager, save_setup
from bot.models import ActionItem, Cadence, Conversation, ConversationState, ItemStatus
from bot.slack.forms.prep import prep_form
from bot.slack.ids import Action
from bot.slack.values import ItemRef, encode
from tests.support.prep_flow import prep_values

TEAM_ID = "T0001"
SECRET = "bench-signing-secret"
REPORTS_PER_MANAGER = 6
ITEMS_PER_PAIR = 10
_IDS = itertools.count(1)


def employee_id(n: int) -> str:
    return f"UE{n:05d}"


def manager_id(n: int) -> str:
    return f"UM{n // REPORTS_PER_MANAGER:05d}"


def user_ids(pairs: int) -> list[str]:
    """Every Slack user of the workspace, for the fake Slack's directory."""
    return sorted({employee_id(n) for n in range(pairs)} | {manager_id(n) for n in range(pairs)})


@dataclass(frozen=True)
class Pair:
    employee: str
    manager: str
    planned_id: int  # the next 1:1, the one the prep form is for
    items: tuple[tuple[int, str], ...]  # (item id, its owner's Slack id), all open


def seed(sessions: SessionFactory, pairs: int, now: datetime) -> list[Pair]:
    """Set up `pairs` pairs as the setup form and a recap would have, in one transaction."""
    seeded: list[Pair] = []
    with sessions.begin() as session:
        for n in range(pairs):
            employee = Profile(employee_id(n), f"Employee {n}", "Europe/Berlin")
            manager = Profile(manager_id(n), f"Manager {n // REPORTS_PER_MANAGER}", "America/New_York")
            day = (now + timedelta(days=7 + n % 14)).date()
            form = SetupInput(employee, manager, day, clock_time(15, 30), Cadence.MONTHLY, 30)
            result = save_setup(session, team_id=TEAM_ID, form=form, submission_id=f"bench-{n}", now=now)
            confirm_manager(
                session,
                team_id=TEAM_ID,
                series_id=result.series.id,
                manager_id=result.manager.id,
                actor_slack_id=manager.slack_user_id,
                now=now,
            )
            planned = session.scalars(select(Conversation).where(Conversation.series_id == result.series.id)).one()
            held = Conversation(
                team_id=TEAM_ID,
                series_id=result.series.id,
                employee_id=result.employee.id,
                manager_id=result.manager.id,
                scheduled_at=planned.scheduled_at - timedelta(days=28),
                state=ConversationState.HELD,
                created_at=now,
                updated_at=now,
            )
            session.add(held)
            session.flush()
            items = [_item(session, held, result.employee.id, result.manager.id, k, now) for k in range(ITEMS_PER_PAIR)]
            owners = [employee.slack_user_id if k % 2 == 0 else manager.slack_user_id for k in range(ITEMS_PER_PAIR)]
            seeded.append(
                Pair(employee.slack_user_id, manager.slack_user_id, planned.id, tuple(zip(items, owners, strict=True)))
            )
    return seeded


def _item(session: object, held: Conversation, employee: int, manager: int, k: int, now: datetime) -> int:
    owner, other = (employee, manager) if k % 2 == 0 else (manager, employee)
    item = ActionItem(
        team_id=TEAM_ID,
        conversation_id=held.id,
        owner_id=owner,
        counterpart_id=other,
        text=f"Follow-up number {k}: read the chapter on design reviews and bring two questions",
        due_date=date(now.year, now.month, 1) + timedelta(days=40 + k),
        status=ItemStatus.OPEN,
        created_at=now,
        updated_at=now,
    )
    session.add(item)  # type: ignore[attr-defined]
    session.flush()  # type: ignore[attr-defined]
    return item.id


def prep_views(sessions: SessionFactory, pairs: list[Pair]) -> dict[str, dict[str, object]]:
    """Each employee's prep form as Slack would send it back on submit (id, hash, metadata)."""
    views: dict[str, dict[str, object]] = {}
    with sessions.begin() as session:
        for pair in pairs:
            state = prep_for(session, team_id=TEAM_ID, conversation_id=pair.planned_id, slack_user_id=pair.employee)
            view = prep_form(state).to_dict()
            views[pair.employee] = {**view, "id": f"VPREP{pair.planned_id}", "hash": "h1", "team_id": TEAM_ID}
    return views


# Signed requests ------------------------------------------------------------------------------------


def signed(body: str, content_type: str = "application/x-www-form-urlencoded") -> tuple[bytes, dict[str, str]]:
    stamp = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}
    return body.encode(), headers


def command(user: str, text: str, response_url: str) -> str:
    n = next(_IDS)
    fields = {
        "team_id": TEAM_ID,
        "team_domain": "bench",
        "channel_id": "C0GENERAL",
        "user_id": user,
        "user_name": user.lower(),
        "command": "/career-prep",
        "text": text,
        "api_app_id": "A0001",
        "response_url": f"{response_url}command-{n}",
        "trigger_id": f"trigger.{n}",
    }
    return urlencode(fields)


def _interactive(payload: dict[str, object]) -> str:
    return "payload=" + quote(json.dumps(payload))


def item_click(user: str, item_id: int, response_url: str) -> str:
    """ "Done" on an item in the ephemeral `/career-prep items` list."""
    n = next(_IDS)
    action = {
        "type": "button",
        "action_id": Action.ITEM_DONE.value,
        "block_id": f"item-{item_id}",
        "value": encode(ItemRef(item_id=item_id)),
        "action_ts": f"{time.time():.6f}",
    }
    return _interactive(
        {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "bench"},
            "user": {"id": user, "team_id": TEAM_ID},
            "api_app_id": "A0001",
            "trigger_id": f"trigger.{n}",
            "container": {
                "type": "message",
                "message_ts": f"{n}.000100",
                "channel_id": "C0GENERAL",
                "is_ephemeral": True,
            },
            "channel": {"id": "C0GENERAL"},
            "response_url": f"{response_url}action-{n}",
            "actions": [action],
        }
    )


def prep_submission(user: str, view: dict[str, object], n: int) -> str:
    """The prep form submitted with answers (each one different, so no two are one submission)."""
    values = prep_values(topics=f"Round {n}: what I want to talk about")
    submitted = {**view, "state": {"values": values}}
    return _interactive(
        {
            "type": "view_submission",
            "team": {"id": TEAM_ID, "domain": "bench"},
            "user": {"id": user, "team_id": TEAM_ID},
            "api_app_id": "A0001",
            "trigger_id": f"trigger.{next(_IDS)}",
            "view": submitted,
            "response_urls": [],
        }
    )
