"""Uninstall erases the workspace's data; a revoked bot token holds every send until a token works."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App

from bot.db import purge_deleted
from bot.domain.workspaces import Erased, block_sends, erase_workspace
from bot.slack.deps import Deps, unit_of_work
from bot.slack.ids import Event
from bot.slack.request_keys import event_at, event_key, event_team

logger = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    @app.event(Event.APP_UNINSTALLED)
    def app_uninstalled(body: dict[str, Any]) -> None:
        team_id = event_team(body)
        if team_id is None:
            return
        now = deps.clock()
        with unit_of_work(deps, now) as work:
            key = event_key(body)
            work.once(team_id, key)  # Slack's retries of this event erase nothing more
            erased = erase_workspace(
                work.session, team_id=team_id, uninstalled_at=event_at(body) or now, request_key=key
            )
        if erased is Erased.ERASED:
            purge_deleted(deps.sessions)  # no copy of the erased text left in the database files
        logger.info("app uninstalled from %s; its data was %s", team_id, erased.value)

    @app.event(Event.TOKENS_REVOKED)
    def tokens_revoked(body: dict[str, Any], event: dict[str, Any]) -> None:
        bot_users = (event.get("tokens") or {}).get("bot") or []
        if not bot_users:
            return  # only user tokens were revoked; the bot holds none
        team_id = event_team(body)
        if team_id is None:
            return
        with unit_of_work(deps, deps.clock()) as work:
            # Held, not cancelled; the next tick asks auth.test whether the token we hold still works.
            blocked = block_sends(work.session, team_id=team_id, reason="tokens_revoked", now=work.now, confirmed=False)
        if blocked:
            logger.warning("bot token revoked for %s: deliveries held until auth.test accepts the token again", team_id)
        else:
            logger.info("tokens_revoked for %s ignored: the workspace is already blocked or gone", team_id)
