"""Prep form submission (save the draft, show the review) and review submission (share or not)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk.models.views import View

from bot.domain import prep as domain
from bot.domain.opportunity_matching import matches_for_prep
from bot.domain.suggestions import suggestions_for_prep
from bot.slack.calls import ViewCall
from bot.slack.deps import Deps, Work
from bot.slack.forms.prep import block_for, prep_answers
from bot.slack.forms.prep_review import prep_review, shares
from bot.slack.ids import Callback
from bot.slack.submit import refuse, submit
from bot.slack.values import PrepRef


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.PREP_FORM)
    def prep_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        call = ViewCall.parse(body, view)
        ref = call.ref(PrepRef)
        answers, row_errors = prep_answers(call.values)
        if row_errors:
            refuse(ack, row_errors, block_for)
            return

        def save(work: Work) -> View:
            state = domain.save_prep(
                work.session,
                team_id=call.team_id,
                conversation_id=ref.conversation_id,
                slack_user_id=call.user_id,
                answers=answers,
                now=work.now,
            )
            needs = suggestions_for_prep(
                work.session, team_id=call.team_id, slack_user_id=call.user_id, answers=state.answers, now=work.now
            )
            matches = matches_for_prep(
                work.session, team_id=call.team_id, slack_user_id=call.user_id, answers=state.answers, now=work.now
            )
            return prep_review(state, suggestions=needs, opportunities=matches)

        submit(ack, deps, call, save, block_for=block_for, answer=lambda review: review)

    @app.view(Callback.PREP_REVIEW)
    def review_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        call = ViewCall.parse(body, view)
        ref = call.ref(PrepRef)
        share = shares(call.values)

        def save(work: Work) -> None:
            domain.set_sharing(
                work.session,
                team_id=call.team_id,
                conversation_id=ref.conversation_id,
                slack_user_id=call.user_id,
                share=share,
                now=work.now,
            )

        submit(ack, deps, call, save, block_for=block_for)
