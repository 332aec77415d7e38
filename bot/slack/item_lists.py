"""An action-item list rendered afresh for the person looking at it, on the surface it sits on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.item_views import checkin_board, items_board, viewer_tz
from bot.domain.items import news_of_last_change
from bot.models import ActionItem
from bot.slack.blocks.common import Message
from bot.slack.blocks.home import HOME_SURFACE
from bot.slack.blocks.items import ITEMS_SURFACE, checkin_conversation, items_message, told


def surface_message(
    session: Session, *, team_id: str, slack_user_id: str, surface: str, now: datetime, note: str | None = None
) -> Message:
    """A list of items as `surface` shows it, rendered afresh for the person looking at it."""
    conversation_id = checkin_conversation(surface)
    if conversation_id is None:
        board = items_board(session, team_id=team_id, slack_user_id=slack_user_id)
        surface = ITEMS_SURFACE
    else:
        board = checkin_board(session, team_id=team_id, conversation_id=conversation_id, slack_user_id=slack_user_id)
    return items_message(
        board, viewer_slack_id=slack_user_id, tz=board.tz, today=board.today(now), surface=surface, note=note
    )


def list_after_change(
    session: Session,
    *,
    team_id: str,
    slack_user_id: str,
    surface: str,
    now: datetime,
    changed: ActionItem | None = None,
) -> Message | None:
    """The list to redraw where an item control was clicked, saying when the other person hears of
    the `changed` item; None on the App Home, which the unit of work re-publishes after commit."""
    if surface == HOME_SURFACE:
        return None
    news = news_of_last_change(session, changed, now=now) if changed is not None else None
    note = (
        told(news, now=now, reader_tz=viewer_tz(session, team_id=team_id, slack_user_id=slack_user_id))
        if news
        else None
    )
    return surface_message(session, team_id=team_id, slack_user_id=slack_user_id, surface=surface, now=now, note=note)
