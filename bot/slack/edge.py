"""The listener edge: every listener runs inside a guard, so no exception escapes after `ack()`.

Bolt's threaded runner (process_before_response=False, the default) resets a listener's
acknowledgement when the listener raises after acking: Slack then gets a 404 after three seconds
and shows its own failure on top of ours. So each listener is wrapped once, at registration: known
errors become a clear message to the person, unknown ones a logged reference, and the request is
always acknowledged.
"""

from __future__ import annotations

import inspect
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.kwargs_injection.args import Args
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot import log_context, metrics
from bot.domain.handled import AlreadyHandled
from bot.slack.background import Background
from bot.slack.blocks.common import Message, escape, section
from bot.slack.errors import message_for
from bot.slack.payload_shape import malformed
from bot.slack.request_labels import listener_of, request_id, team_of
from bot.slack.response_urls import ResponseUrls
from bot.slack.signature import RequestSignature
from bot.slack.turns import Turns

logger = logging.getLogger("bot.errors")

Listener = Callable[..., BoltResponse | None]

# Requests whose listeners all answer with an empty ack() before anything else: the edge answers them
# itself and queues the listener (a modal submission's answer depends on its work, so it is not one).
ANSWERED_AT_ONCE = frozenset({"command", "block_actions", "event_callback"})
# An errors answer is shown under one field; Slack cuts it at about this many characters.
FIELD_ERROR_CHARS = 300


class EdgeApp(App):
    """Bolt's App that checks a request's signature and shape before Bolt reads it, and registers
    every listener through `guard`."""

    signing_secret: str
    response_urls: ResponseUrls
    background: Background  # the listeners' slow part after their answer (bot.slack.deps)
    turns: Turns  # what listeners do after acking, a few at a time

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        # Counted and timed until Bolt has the acknowledgement (Bolt returns once the listener acks).
        started, listener = time.perf_counter(), listener_of(req.body)
        with log_context.bound(request_id=request_id(req.body, req.headers), team_id=team_of(req.body)):
            response = self._dispatch_checked(req)
        metrics.observe_request(listener.kind, listener.name, response.status, time.perf_counter() - started)
        return response

    def _dispatch_checked(self, req: BoltRequest) -> BoltResponse:
        if req.mode != "socket_mode" and not self._signed(req):
            # Bolt's own check would raise on a timestamp that is not a number; refuse plainly instead.
            return BoltResponse(status=401, body='{"error": "invalid request"}')
        problem = malformed(req.body)
        if problem is not None:
            # Bolt's argument builder would fail on these before any middleware could refuse them.
            logger.info("refused a malformed %s request (%s)", req.body.get("type") or "command", problem)
            return BoltResponse(status=400, body="malformed request")
        return super().dispatch(req)

    def _signed(self, req: BoltRequest) -> bool:
        def header(name: str) -> str:
            values = req.headers.get(name) or [""]
            return str(values[0])

        verifier = RequestSignature(self.signing_secret)
        return verifier.verified(
            req.raw_body.encode(), header("x-slack-request-timestamp"), header("x-slack-signature"), now=time.time()
        )

    def _register_listener(self, functions: Sequence[Listener], *args: Any, **kwargs: Any) -> Listener | None:
        # Every decorator (command, view, action, event, options, shortcut) registers through
        # here, so wrapping at this one point covers listeners added later too.
        super()._register_listener(
            [tagged(guard(f, self.response_urls, self.turns)) for f in functions], *args, **kwargs
        )
        return functions[0] if len(functions) == 1 else None


def guard(listener: Listener, urls: ResponseUrls, turns: Turns) -> Listener:
    """`listener`, run so that it always acks and answers its own failures. A click, a command or an
    event is answered at once and its listener queued on `turns`, so no ack waits for other work."""
    names = list(inspect.signature(listener).parameters)

    def guarded(args: Args) -> BoltResponse | None:
        kwargs = {name: getattr(args, name) if hasattr(args, name) else args.context.get(name) for name in names}
        if _kind(args.body or {}) in ANSWERED_AT_ONCE:
            if args.ack.response is None:
                args.ack()
            if "ack" in kwargs:
                kwargs["ack"] = _answered
            turns.submit(lambda: run(args, kwargs))
            return None
        return run(args, kwargs)

    def run(args: Args, kwargs: dict[str, Any]) -> BoltResponse | None:
        try:
            return listener(**kwargs)
        except AlreadyHandled:
            # A replay or a retry of a request handled before: answered, never acted on twice.
            if args.ack.response is None:
                args.ack()
            logger.info("%s: a request handled before came again; answered, not acted on", guarded.__name__)
            return None
        except Exception as error:  # noqa: BLE001 - the edge: every failure is answered here
            answer(error, args, urls)
            return None

    # Bolt names listeners in its logs after the function; no __wrapped__, so Bolt injects `args`.
    guarded.__name__ = guarded.__qualname__ = getattr(listener, "__name__", "listener")
    guarded.__guarded__ = True  # type: ignore[attr-defined]
    return guarded


def tagged(listener: Listener) -> Listener:
    """`listener` with its request's ids on every log line it writes (Bolt runs it on its own thread)."""

    def with_ids(args: Args) -> BoltResponse | None:
        body: dict[str, Any] = args.body or {}
        with log_context.bound(request_id=request_id(body, args.request.headers), team_id=team_of(body)):
            return listener(args)

    with_ids.__name__ = with_ids.__qualname__ = listener.__name__
    with_ids.__guarded__ = True  # type: ignore[attr-defined]
    return with_ids


def _kind(body: dict[str, Any]) -> str | None:
    return "command" if body.get("command") else body.get("type")


def _answered(*_args: Any, **_kwargs: Any) -> None:
    """The `ack` a queued listener gets: Slack already has its answer."""


def answer(error: Exception, args: Args, urls: ResponseUrls) -> None:
    """Acknowledge the request if the listener had not, and tell the person what went wrong."""
    text = message_for(error)
    body: dict[str, Any] = args.body or {}
    if args.ack.response is None and _answer_in_ack(args, body, text):
        return
    if args.ack.response is None:
        args.ack()
    try:
        _tell(args, body, text, urls)
    except (SlackApiError, OSError) as failure:
        logger.warning("could not tell the person about an error: %s", _describe(failure))


def _answer_in_ack(args: Args, body: dict[str, Any], text: str) -> bool:
    """Answer inside the acknowledgement where Slack shows it: a command's reply, a form's field."""
    if body.get("command"):
        message = _message(text)
        args.ack(text=message.text, blocks=message.blocks, response_type="ephemeral")
        return True
    if body.get("type") == "view_submission":
        block_id = _first_input(body.get("view") or {})
        if block_id is not None:
            # The form stays open with what was typed, and the reason sits under its first field.
            args.ack(response_action="errors", errors={block_id: text[:FIELD_ERROR_CHARS]})
            return True
    return False


def _tell(args: Args, body: dict[str, Any], text: str, urls: ResponseUrls) -> None:
    if body.get("type") == "event_callback":
        return  # nobody asked: an event's failure is only logged
    message = _message(text)
    response_url = body.get("response_url")
    if response_url and urls.allowed(response_url):
        WebhookClient(str(response_url), timeout=5).send(
            response_type="ephemeral", replace_original=False, **message.as_kwargs()
        )
        return
    user_id = _user_id(body)
    if user_id and args.client is not None:
        args.client.chat_postMessage(channel=user_id, **message.as_kwargs())


def _message(text: str) -> Message:
    return Message(text=escape(text), blocks=[section(f":warning: {escape(text)}")])


def _first_input(view: dict[str, Any]) -> str | None:
    for block in view.get("blocks") or []:
        if isinstance(block, dict) and block.get("type") == "input" and block.get("block_id"):
            return str(block["block_id"])
    return None


def _user_id(body: dict[str, Any]) -> str | None:
    user = body.get("user")
    if isinstance(user, dict) and user.get("id"):
        return str(user["id"])
    return str(body["user_id"]) if body.get("user_id") else None


def _describe(failure: Exception) -> str:
    if isinstance(failure, SlackApiError):
        return str(failure.response.get("error"))
    return f"{type(failure).__name__}: {failure}"
