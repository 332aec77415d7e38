"""Intro buttons: "Ask for an intro" opens the form; the helper's Accept / Not now; the employee taking a
request back; either side's answer to "did you meet?"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.domain.intro_answers import accept_intro, decline_intro, record_outcome
from bot.domain.intro_prep import intro_draft
from bot.domain.intros import cancel_intro
from bot.domain.people import slack_id_of
from bot.models import Intro, IntroOutcome
from bot.slack.blocks import intros as blocks
from bot.slack.blocks.common import Message
from bot.slack.calls import ActionCall
from bot.slack.deps import Deps, reading, unit_of_work
from bot.slack.forms.intro import intro_modal
from bot.slack.ids import Action
from bot.slack.replies import replace_clicked
from bot.slack.values import IntroAnswer, IntroRef, IntroStart

OUTCOME_ACTIONS = (Action.INTRO_MET, Action.INTRO_NOT_YET, Action.INTRO_NOT_HAPPENING)
# An answer to an intro in the domain (session, team_id=, intro_id=, actor_slack_id=, now=), and its reply.
Change = Callable[..., Intro]
Reply = Callable[[Session, Intro], Message]
Listener = Callable[[Ack, dict[str, Any], dict[str, Any], WebClient], None]


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

    def answering(change: Change, reply: Reply) -> Listener:
        """A listener for one of the intro's answers (Accept, Not now, Take it back): the change, then the
        clicked message replaced by what it came to."""

        def listener(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
            ack()
            call = ActionCall.parse(body, action)
            with unit_of_work(deps, deps.clock()) as work:
                work.once(call.team_id, call.key)
                intro = change(
                    work.session,
                    team_id=call.team_id,
                    intro_id=call.ref(IntroRef).intro_id,
                    actor_slack_id=call.user_id,
                    now=work.now,
                )
                answered = reply(work.session, intro)
            replace_clicked(client, call, answered)

        return listener

    app.action(Action.INTRO_ACCEPT)(
        answering(accept_intro, lambda s, i: blocks.helper_accepted(employee_user_id=slack_id_of(s, i.employee_id)))
    )
    app.action(Action.INTRO_DECLINE)(
        answering(decline_intro, lambda s, i: blocks.helper_declined(employee_user_id=slack_id_of(s, i.employee_id)))
    )
    app.action(Action.INTRO_CANCEL)(
        answering(cancel_intro, lambda s, i: blocks.intro_cancelled(helper_user_id=slack_id_of(s, i.helper_id)))
    )

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
