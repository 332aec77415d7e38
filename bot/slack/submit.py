"""The one routine every form submission follows: claim the submission, write in one unit of work,
answer Slack within its 3 seconds (field errors, or close/replace the form), then send what was queued."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from slack_bolt import Ack
from slack_sdk.models.views import View

from bot.domain.errors import InvalidInput
from bot.slack.calls import ViewCall
from bot.slack.deps import Deps, Work, unit_of_work

T = TypeVar("T")
BlockFor = Callable[[str], str]  # a domain field -> the input block that shows its error


def field_errors(errors: Mapping[str, str], block_for: BlockFor) -> dict[str, str]:
    """Domain field errors keyed by the form's block ids, as Slack shows them under each field."""
    return {block_for(field): message for field, message in errors.items()}


def refuse(ack: Ack, errors: Mapping[str, str], block_for: BlockFor) -> None:
    """Keep the form open with what was typed, each reason under its field."""
    ack(response_action="errors", errors=field_errors(errors, block_for))


def submit(
    ack: Ack,
    deps: Deps,
    call: ViewCall,
    write: Callable[[Work], T],
    *,
    block_for: BlockFor,
    answer: Callable[[T], View | None] = lambda _: None,
    after: Callable[[T], None] = lambda _: None,
) -> None:
    """Run `write` once for this submission (a replay is answered, not written twice); InvalidInput
    keeps the form open with its errors; otherwise the form closes, or becomes `answer`'s view, and
    what the write queued is sent, then `after` runs (slow Slack calls belong there)."""
    try:
        with unit_of_work(deps, deps.clock(), send=False) as work:
            work.once(call.team_id, call.key)
            result = write(work)
    except InvalidInput as error:
        refuse(ack, error.errors, block_for)
        return
    view = answer(result)
    if view is None:
        ack()
    else:
        ack(response_action="update", view=view.to_dict())
    work.send()
    after(result)
