"""Office-hours buttons: Book on a channel announcement, Cancel on a confirmation (booker) or a list (host)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain.office_hours_booking import book, cancel
from bot.slack.calls import ActionCall
from bot.slack.deps import Deps, unit_of_work
from bot.slack.ids import Action
from bot.slack.outbound.office_hours import after_cancel, confirmation
from bot.slack.profiles import fetch_profile
from bot.slack.replies import replace_clicked, reply_to_click
from bot.slack.values import BookingRef, SessionRef


def register(app: App, deps: Deps) -> None:
    @app.action(Action.OFFICE_HOURS_BOOK)
    def book_slot(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        ref = call.ref(SessionRef)
        booker = fetch_profile(client, call.user_id)  # their zone, for the confirmation
        with unit_of_work(deps, deps.clock()) as work:
            work.once(call.team_id, call.key)
            booking = book(
                work.session,
                team_id=call.team_id,
                hours_id=ref.office_hours_id,
                session_at=datetime.fromtimestamp(ref.session_at, UTC),
                booker=booker,
                now=work.now,
            )
            message = confirmation(work.session, booking, with_cancel=False)
        reply_to_click(client, call, message)

    @app.action(Action.OFFICE_HOURS_CANCEL)
    def cancel_slot(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        ref = call.ref(BookingRef)
        with unit_of_work(deps, deps.clock()) as work:
            work.once(call.team_id, call.key)
            booking = cancel(
                work.session, team_id=call.team_id, booking_id=ref.booking_id, actor_slack_id=call.user_id, now=work.now
            )
            redrawn = after_cancel(work.session, booking, actor_slack_id=call.user_id)
        replace_clicked(client, call, redrawn)
