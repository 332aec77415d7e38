"""`/career-prep offer` (the offer form), `offer off` / `offer on`, `/career-prep helpers [topic]`."""

from __future__ import annotations

from bot.domain.errors import InvalidInput
from bot.domain.helper_directory import browse_offers
from bot.domain.offers import as_input, offer_of, set_offer_open, workspace_topics
from bot.domain.people import find_person, upsert_person
from bot.domain.workspaces import ensure_workspace
from bot.slack.blocks.helpers import ROWS_MAX, directory_message, offer_switched
from bot.slack.calls import CommandCall
from bot.slack.deps import reading, unit_of_work
from bot.slack.forms.offer import offer_modal
from bot.slack.ids import COMMAND
from bot.slack.profiles import fetch_profile


def offer_command(call: CommandCall) -> None:
    word = call.args.strip().lower()
    if word in ("off", "on"):
        with unit_of_work(call.deps, call.deps.clock()) as work:
            offer = set_offer_open(
                work.session, team_id=call.team_id, slack_user_id=call.user_id, open_now=word == "on", now=work.now
            )
            message = offer_switched(offer)
        call.reply(message)
        return
    if word:
        raise InvalidInput({"offer": f"Try `{COMMAND} offer` to set up your offer, or `offer off` / `offer on`."})
    _open_form(call)


def _open_form(call: CommandCall) -> None:
    """Someone new to the bot is added first (one users.info), then the form opens, prefilled on edit."""
    with reading(call.deps) as session:
        known = find_person(session, team_id=call.team_id, slack_user_id=call.user_id) is not None
    if not known:
        profile = fetch_profile(call.client, call.user_id)
        with unit_of_work(call.deps, call.deps.clock()) as work:
            ensure_workspace(work.session, team_id=call.team_id, now=work.now)
            upsert_person(work.session, team_id=call.team_id, profile=profile, now=work.now)
    with reading(call.deps) as session:
        offer = offer_of(session, team_id=call.team_id, slack_user_id=call.user_id)
        view = offer_modal(
            workspace_topics=workspace_topics(session, team_id=call.team_id),
            current=as_input(offer) if offer is not None else None,
        )
    call.client.views_open(trigger_id=call.trigger_id, view=view.to_dict())


def helpers_command(call: CommandCall) -> None:
    with reading(call.deps) as session:
        directory = browse_offers(
            session, team_id=call.team_id, topic=call.args.strip() or None, now=call.deps.clock(), limit=ROWS_MAX
        )
    call.reply(directory_message(directory, reader_user_id=call.user_id))
