"""The reflection's "what changed" form: saved for its employee only; the DM is redrawn to show the
note and who (if anyone) it is shared with."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.domain.reflections import save_note, view_of
from bot.slack.blocks.common import Message
from bot.slack.blocks.reflection import reflection_message
from bot.slack.calls import ViewCall
from bot.slack.deps import Deps, Work
from bot.slack.forms.reflection import block_for, read_note
from bot.slack.ids import Callback
from bot.slack.submit import submit
from bot.slack.values import ReflectionNoteRef

logger = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.REFLECTION_NOTE)
    def saved(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        call = ViewCall.parse(body, view)
        ref = call.ref(ReflectionNoteRef)
        note, share = read_note(call.values)

        def write(work: Work) -> Message:
            reflection = save_note(
                work.session,
                team_id=call.team_id,
                reflection_id=ref.reflection_id,
                slack_user_id=call.user_id,
                note=note,
                share=share,
                now=work.now,
            )
            return reflection_message(view_of(work.session, reflection))

        def redraw(message: Message) -> None:
            if ref.channel is None or ref.ts is None:
                return
            try:
                client.chat_update(channel=ref.channel, ts=ref.ts, **message.as_kwargs())
            except SlackApiError as error:
                # The note is saved either way; only the old message stays on screen.
                logger.warning("could not redraw a reflection: %s", error.response.get("error"))

        submit(ack, deps, call, write, block_for=block_for, after=redraw)
