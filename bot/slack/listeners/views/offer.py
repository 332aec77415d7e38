"""The offer form's submission: save the offer (field errors keep the form open) and say where it stands."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk.models.views import View

from bot.domain.offers import save_offer
from bot.slack.calls import ViewCall
from bot.slack.deps import Deps, Work
from bot.slack.forms.offer import block_for, offer_saved_view, read_offer
from bot.slack.ids import Callback
from bot.slack.submit import submit


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.OFFER_FORM)
    def offer_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        call = ViewCall.parse(body, view)
        offer = read_offer(call.values)

        def save(work: Work) -> View:
            saved = save_offer(
                work.session, team_id=call.team_id, slack_user_id=call.user_id, offer=offer, now=work.now
            )
            work.refresh_home(call.team_id, call.user_id)
            return offer_saved_view(saved)

        submit(ack, deps, call, save, block_for=block_for, answer=lambda saved: saved)
