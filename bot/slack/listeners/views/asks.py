"""The answer form for an ask: only the person asked may submit it; the employee hears in their hours."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain import asks as domain
from bot.domain.people import Profile, find_person, local_today, upsert_person
from bot.models import Ask
from bot.slack.calls import ViewCall
from bot.slack.deps import Deps, Work
from bot.slack.forms.asks import NOT_NOW, YES, AnswerInput, block_for, missing, read_answer
from bot.slack.ids import Callback
from bot.slack.profiles import LookupFailed, NotInWorkspace, fetch_profiles_quickly
from bot.slack.submit import refuse, submit
from bot.slack.values import AskButton

LOOKUP_FAILED = "I couldn't look this person up in Slack in time. Please try again."
NOT_HERE = "Pick a person from this workspace (not a bot)."


def _write(work: Work, call: ViewCall, ask_id: int, form: AnswerInput, target: Profile | None) -> Ask:
    s, team, actor, now = work.session, call.team_id, call.user_id, work.now
    today = local_today(s, team_id=team, slack_user_id=actor, now=now)
    if form.choice == YES:
        ask = domain.ask_for_answer(s, team_id=team, ask_id=ask_id, actor_slack_id=actor)
        owner = ask.asked_id if form.item_mine else ask.employee_id
        return domain.answer_yes(
            s,
            team_id=team,
            ask_id=ask_id,
            actor_slack_id=actor,
            next_step=form.text,
            item_text=form.item_text,
            item_owner_id=owner,
            item_due=form.item_due,
            now=now,
            today=today,
        )
    if form.choice == NOT_NOW:
        return domain.answer_not_now(
            s,
            team_id=team,
            ask_id=ask_id,
            actor_slack_id=actor,
            reason=form.text,
            revisit_on=form.revisit_on,
            now=now,
            today=today,
        )
    return _redirect(work, call, ask_id, form, target)


def _redirect(work: Work, call: ViewCall, ask_id: int, form: AnswerInput, target: Profile | None) -> Ask:
    s, team, actor, now = work.session, call.team_id, call.user_id, work.now
    if target is not None:
        person = find_person(s, team_id=team, slack_user_id=target.slack_user_id)
        if person is None:
            person = upsert_person(s, team_id=team, profile=target, now=now)
        return domain.redirect_to_person(
            s, team_id=team, ask_id=ask_id, actor_slack_id=actor, target_person_id=person.id, note=form.text, now=now
        )
    return domain.redirect_to_resource(
        s, team_id=team, ask_id=ask_id, actor_slack_id=actor, resource=form.resource, note=form.text, now=now
    )


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.ASK_ANSWER)
    def answered(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        call = ViewCall.parse(body, view)
        ref = call.ref(AskButton)
        form = read_answer(call.values)
        errors = missing(form)
        if errors:
            refuse(ack, errors, block_for)
            return
        target = None
        if form.choice != YES and form.choice != NOT_NOW and form.target_user_id:
            try:
                (target,) = fetch_profiles_quickly(client, [form.target_user_id], team_id=call.team_id)
            except LookupFailed:
                refuse(ack, {domain.F_TARGET: LOOKUP_FAILED}, block_for)
                return
            except NotInWorkspace:
                refuse(ack, {domain.F_TARGET: NOT_HERE}, block_for)
                return
            if target.is_bot or target.deleted:
                refuse(ack, {domain.F_TARGET: NOT_HERE}, block_for)
                return

        def write(work: Work) -> Ask:
            return _write(work, call, ref.ask_id, form, target)  # both Homes are re-published (home_refresh)

        submit(ack, deps, call, write, block_for=block_for)
