"""`/career-prep office-hours`: open the set-up form; `office-hours off` pauses the sessions, `on` resumes them."""

from __future__ import annotations

from bot.domain.office_hours import form_for, set_active
from bot.slack.blocks.office_hours import switched
from bot.slack.calls import CommandCall
from bot.slack.deps import reading, unit_of_work
from bot.slack.forms.office_hours import office_hours_modal


def office_hours_command(call: CommandCall) -> None:
    word = call.args.strip().lower()
    if word in ("on", "off"):
        now = call.deps.clock()
        with unit_of_work(call.deps, now) as work:
            set_active(work.session, team_id=call.team_id, slack_user_id=call.user_id, active=word == "on", now=now)
        call.reply(switched(active=word == "on"))
        return
    # A quick read only: views.open must come within the trigger's 3 seconds.
    with reading(call.deps) as session:
        view = office_hours_modal(form_for(session, team_id=call.team_id, slack_user_id=call.user_id))
    call.client.views_open(trigger_id=call.trigger_id, view=view.to_dict())
