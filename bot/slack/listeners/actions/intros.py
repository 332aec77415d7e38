"""Intro buttons: "Ask for an intro" opens the form; the helper's Accept / Not now; the employee taking a
request back; either side's answer to "did you meet?"."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.domain.intro_answers import accept_intro, decline_intro, record_outcome
from bot.domain.intro_prep import intro_draft
from bot.domain.intros import cancel_intro
from bot.models import IntroOutcome, Person
from bot.slack.blocks import intros as blocks
from bot.slack.calls import ActionCall
from bot.slack.deps import Deps, reading, unit_of_work
from bot.slack.forms.intro import intro_modal
from bot.slack.ids import Action
from bot.slack.replies import replace_clicked
from bot.slack.values import IntroAnswer, IntroRef, IntroStart

OUTCOME_ACTIONS = (Action.INTRO_MET, Action.INTRO_NOT_YET, Action.INTRO_NOT_HAPPENING)


def _slack_id(session: Session, person_id: int | None) -> str | None:
    person = session.get(Person, person_id) if person_id is not None else None
    return person.slack_user_id if person is not None else None


def register(app: App, deps: Deps) -> None:
    @app.action(Action.INTRO_START)
    def start(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        ref = call.ref(IntroStart)
        # A quick read only: views.open must come within the trigger's 3 seconds.
        with reading(deps) as session:
            draft = intro_draft(
                session,
                team_id=call.team_id,
                employee_slack_id=call.user_id,
                helper_id=ref.helper_id,
                ask_id=ref.ask_id,
            )
        # From the prep review (a modal) the form goes on top of it, and closing it returns there.
        show = client.views_push if call.in_modal else client.views_open
        show(trigger_id=call.trigger_id, view=intro_modal(draft, ref).to_dict())

    @app.action(Action.INTRO_ACCEPT)
    def accept(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        with unit_of_work(deps, deps.clock()) as work:
            work.once(call.team_id, call.key)
            intro = accept_intro(
                work.session,
                team_id=call.team_id,
                intro_id=call.ref(IntroRef).intro_id,
                actor_slack_id=call.user_id,
                now=work.now,
            )
            answered = blocks.helper_accepted(employee_user_id=_slack_id(work.session, intro.employee_id))
        replace_clicked(client, call, answered)

    @app.action(Action.INTRO_DECLINE)
    def decline(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        with unit_of_work(deps, deps.clock()) as work:
            work.once(call.team_id, call.key)
            intro = decline_intro(
                work.session,
                team_id=call.team_id,
                intro_id=call.ref(IntroRef).intro_id,
                actor_slack_id=call.user_id,
                now=work.now,
            )
            answered = blocks.helper_declined(employee_user_id=_slack_id(work.session, intro.employee_id))
        replace_clicked(client, call, answered)

    @app.action(Action.INTRO_CANCEL)
    def cancel(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        with unit_of_work(deps, deps.clock()) as work:
            work.once(call.team_id, call.key)
            intro = cancel_intro(
                work.session,
                team_id=call.team_id,
                intro_id=call.ref(IntroRef).intro_id,
                actor_slack_id=call.user_id,
                now=work.now,
            )
            answered = blocks.intro_cancelled(helper_user_id=_slack_id(work.session, intro.helper_id))
        replace_clicked(client, call, answered)

    def outcome(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        ref = call.ref(IntroAnswer)
        with unit_of_work(deps, deps.clock()) as work:
            work.once(call.team_id, call.key)
            intro = record_outcome(
                work.session,
                team_id=call.team_id,
                intro_id=ref.intro_id,
                round_=ref.round,
                actor_slack_id=call.user_id,
                outcome=IntroOutcome(ref.outcome),
                now=work.now,
            )
            answered = blocks.outcome_recorded(IntroOutcome(ref.outcome), asks_again=intro.follow_up_due_at is not None)
        replace_clicked(client, call, answered)

    for action_id in OUTCOME_ACTIONS:
        app.action(action_id)(outcome)
