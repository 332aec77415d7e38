"""`/career-prep opportunity` (the posting form), `opportunity close N`, and `/career-prep opportunities`."""

from __future__ import annotations

from bot.domain.errors import InvalidInput
from bot.domain.opportunities import check_may_post, close_opportunity, open_opportunities
from bot.domain.people import upsert_person
from bot.domain.workspaces import ensure_workspace
from bot.slack.blocks.opportunities import closed_by_owner, listing
from bot.slack.calls import CommandCall
from bot.slack.deps import reading, unit_of_work
from bot.slack.forms.opportunity import opportunity_modal
from bot.slack.ids import COMMAND
from bot.slack.profiles import poster

USAGE = f"Try `{COMMAND} opportunity` to post one, or `{COMMAND} opportunity close 12` to close #12 early."


def opportunity_command(call: CommandCall) -> None:
    words = call.args.split()
    if words and words[0].lower() == "close":
        _close(call, words[1:])
        return
    if words:
        raise InvalidInput({"opportunity": USAGE})
    profile, admin = poster(call.client, call.user_id)
    with unit_of_work(call.deps, call.deps.clock()) as work:
        ensure_workspace(work.session, team_id=call.team_id, now=work.now)
        person = upsert_person(work.session, team_id=call.team_id, profile=profile, now=work.now)
        check_may_post(work.session, person=person, workspace_admin=admin, now=work.now)
    call.client.views_open(trigger_id=call.trigger_id, view=opportunity_modal().to_dict())


def _close(call: CommandCall, rest: list[str]) -> None:
    number = rest[0].lstrip("#") if len(rest) == 1 else ""
    if not number.isdigit() or len(number) > 18:
        raise InvalidInput({"opportunity": USAGE})
    with unit_of_work(call.deps, call.deps.clock()) as work:
        row = close_opportunity(
            work.session, team_id=call.team_id, opportunity_id=int(number), actor_slack_id=call.user_id, now=work.now
        )
        message = closed_by_owner(row)
    call.reply(message)


def opportunities_command(call: CommandCall) -> None:
    with reading(call.deps) as session:
        rows = open_opportunities(session, team_id=call.team_id, viewer_slack_id=call.user_id, now=call.deps.clock())
        message = listing(rows)
    call.reply(message)
