"""While a workspace is blocked, ask auth.test every few minutes whether the token works again."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.db import SessionFactory
from bot.domain.workspaces import due_for_token_check, note_token_check, unblock_sends
from bot.scheduling.planning_lock import Turn, take_turn
from bot.slack.identity import TokenCheck, TokenState

logger = logging.getLogger(__name__)

RECHECK_EVERY = timedelta(minutes=5)


def recheck_blocked(
    sessions: SessionFactory, check: Callable[[], TokenCheck], now: datetime, *, every: timedelta = RECHECK_EVERY
) -> list[str]:
    """Unblock the workspaces Slack accepts the token for again; returns their team ids.

    One auth.test serves every due workspace (the bot holds one token). A workspace is unblocked
    only when the token belongs to it: a token of another workspace proves nothing.

    With several processes, one at a time picks the due workspaces and stamps them as checked now
    (in the same transaction), so the others find nothing due and ask Slack nothing."""
    with sessions.begin() as session:
        due = due_for_token_check(session, now=now, every=every) if take_turn(session, Turn.TOKEN_CHECK) else []
        for team_id in due:
            note_token_check(session, team_id=team_id, reason=None, now=now)
    if not due:
        return []
    result = check()
    unblocked: list[str] = []
    with sessions.begin() as session:
        for team_id in due:
            team = result.identity.team_id if result.identity is not None else None
            if result.state is TokenState.OK and team == team_id:
                held = unblock_sends(session, team_id=team_id, now=now)
                if held is not None:
                    unblocked.append(team_id)
                    logger.warning("Slack accepts the bot token for %s again: %d held deliveries resume", team_id, held)
                continue
            refused = result.reason if result.state is TokenState.REFUSED else None
            note_token_check(session, team_id=team_id, reason=refused, now=now)
            logger.warning("workspace %s is still blocked: auth.test says %s", team_id, _why(result, team_id))
    return unblocked


def confirm_identity(sessions: SessionFactory, result: TokenCheck, now: datetime) -> bool:
    """After a successful auth.test elsewhere (startup, a fresh install): unblock the token's workspace."""
    if result.state is not TokenState.OK or result.identity is None:
        return False
    with sessions.begin() as session:
        held = unblock_sends(session, team_id=result.identity.team_id, now=now)
    if held is None:
        return False
    logger.warning("Slack accepts the bot token for %s: its %d held deliveries resume", result.identity.team_id, held)
    return True


def _why(result: TokenCheck, team_id: str) -> str:
    if result.state is TokenState.OK:
        team = result.identity.team_id if result.identity is not None else "?"
        return f"the token works, but for workspace {team}, not {team_id}"
    return result.reason
