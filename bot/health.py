"""What GET /healthz reports: the database, whether Slack answers, and blocked workspaces.

503 ("unavailable") only when the database cannot be reached: restarting may help, and a load
balancer should stop sending traffic. Slack being unreachable or refusing a workspace's token is
200 "degraded": the process is fine, restarting cannot fix Slack, and a crash-looping container
would only lose the requests it can still answer. The body names what is wrong.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot import __version__
from bot.db import SessionFactory, database_reachable
from bot.domain.workspaces import blocked_workspaces
from bot.slack.identity import SlackIdentity, TokenState

HealthReport = tuple[int, dict[str, Any]]


class Health:
    """A /healthz source for the web front (see bot/web.py); cheap: no Slack call per probe."""

    def __init__(self, engine: Engine, sessions: SessionFactory, identity: SlackIdentity | None) -> None:
        self._engine = engine
        self._sessions = sessions
        self._identity = identity

    def __call__(self) -> HealthReport:
        database = database_reachable(self._engine)
        body: dict[str, Any] = {"status": "ok", "database": database, "version": __version__}
        problems: list[str] = []
        if self._identity is not None:
            slack = self._slack()
            body["slack"] = slack
            if not slack["reachable"]:
                problems.append(f"Slack unreachable: {slack['problem']}")
            elif slack["problem"]:
                problems.append(f"Slack refuses the bot token: {slack['problem']}")
        if database:
            blocked = self._blocked()
            body["blocked_workspaces"] = blocked
            problems.extend(f"workspace {b['team_id']} blocked: {b['reason']}" for b in blocked)
        if not database:
            body["status"] = "unavailable"
            return 503, body
        if problems:
            body["status"] = "degraded"
            body["problems"] = problems
        return 200, body

    def _slack(self) -> dict[str, Any]:
        assert self._identity is not None
        checked, at = self._identity.last_check
        state = checked.state if checked is not None else TokenState.UNREACHABLE
        return {
            "reachable": state is not TokenState.UNREACHABLE,
            "problem": None if state is TokenState.OK or checked is None else checked.reason,
            "checked_at": at.isoformat() if at is not None else None,
        }

    def _blocked(self) -> list[dict[str, Any]]:
        try:
            with self._sessions.begin() as session:
                found = blocked_workspaces(session)
        except SQLAlchemyError:
            return []
        return [
            {
                "team_id": b.team_id,
                "reason": b.reason,
                "since": b.since.isoformat() if b.since else None,
                "held_deliveries": b.held,
            }
            for b in found
        ]
