"""`career-prep workspace unblock` and the lines that tell an operator a workspace is blocked."""

from __future__ import annotations

import sys

from sqlalchemy.orm import Session

from bot.clock import system_clock
from bot.config import Settings
from bot.db import make_engine, make_sessions
from bot.domain.workspaces import blocked_workspaces, unblock_sends
from bot.migrate import upgrade
from bot.slack.client import web_client
from bot.slack.identity import TokenState, check_token


def blocked_lines(session: Session, team_id: str | None) -> list[str]:
    """What `workspace show` and `run-due` print for each blocked workspace (nothing if none)."""
    lines = []
    for b in blocked_workspaces(session, team_id):
        since = f" since {b.since:%Y-%m-%d %H:%M} UTC" if b.since else ""
        checked = f"; token last checked {b.checked_at:%Y-%m-%d %H:%M} UTC" if b.checked_at else ""
        lines.append(
            f"BLOCKED: workspace {b.team_id}: Slack refuses the bot token ({b.reason}){since}{checked}. "
            f"{b.held} deliveries are held, not lost. The token is re-checked every 5 minutes while the bot runs; "
            f"after fixing SLACK_BOT_TOKEN, run `career-prep workspace unblock --team {b.team_id}`."
        )
    return lines


def unblock(settings: Settings, *, team_id: str, force: bool) -> int:
    """Unblock after auth.test accepts the configured token for this team (or without, with --force)."""
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        if not force:
            problem = _token_problem(settings, team_id)
            if problem is not None:
                print(
                    f"Error: {problem}; workspace {team_id} stays blocked (--force unblocks anyway).", file=sys.stderr
                )
                return 1
        with make_sessions(engine).begin() as session:
            held = unblock_sends(session, team_id=team_id, now=system_clock())
    finally:
        engine.dispose()
    if held is None:
        print(f"Workspace {team_id} is not blocked; nothing to do.")
        return 0
    how = (
        "WITHOUT asking Slack (--force): if Slack still refuses the token, the next send blocks it again"
        if force
        else "auth.test accepts the token"
    )
    print(
        f"Workspace {team_id} unblocked ({how}). {held} held deliveries go out with the next tick "
        "(or `career-prep run-due`); reminders whose moment has passed are cancelled with the reason."
    )
    return 0


def _token_problem(settings: Settings, team_id: str) -> str | None:
    checked = check_token(web_client(settings))
    if checked.state is TokenState.REFUSED:
        return f"Slack still refuses SLACK_BOT_TOKEN ({checked.reason})"
    if checked.state is not TokenState.OK or checked.identity is None:
        return f"cannot ask Slack about the token ({checked.reason})"
    if checked.identity.team_id != team_id:
        return f"SLACK_BOT_TOKEN belongs to workspace {checked.identity.team_id}, not {team_id}"
    return None
