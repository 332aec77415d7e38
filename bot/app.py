"""create_app(settings, sessions, clock) -> App: builds Bolt and registers listeners; nothing else."""

from __future__ import annotations

import logging
from concurrent.futures import Executor, ThreadPoolExecutor

from slack_bolt import App

from bot.clock import Clock
from bot.config import Settings
from bot.db import SessionFactory
from bot.scheduling.relay import Relay
from bot.slack import errors, gate
from bot.slack.background import Background
from bot.slack.client import relay_client, web_client
from bot.slack.deps import Deps
from bot.slack.edge import EdgeApp
from bot.slack.identity import SlackIdentity
from bot.slack.listeners import register_all
from bot.slack.response_urls import ResponseUrls
from bot.slack.turns import Turns

LISTENER_THREADS = 32


# Shown to the person when a request arrives while Slack has never answered auth.test (an outage
# at startup): Bolt puts it in the HTTP answer instead of its "reinstall this app" text.
SLACK_UNREACHABLE = ":warning: Career Prep can't reach Slack right now. Please try again in a few minutes."


def _drop_token_notice(record: logging.LogRecord) -> bool:
    # Bolt also reads SLACK_BOT_TOKEN from the environment and warns that our client (and our
    # authorize, which hands out the same token) wins; it does.
    message = record.getMessage()
    return "`token` will be unused" not in message and "will be ignored" not in message


def create_app(
    settings: Settings,
    sessions: SessionFactory,
    clock: Clock,
    *,
    relay: Relay | None = None,
    identity: SlackIdentity | None = None,
    process_before_response: bool = False,
    listener_executor: Executor | None = None,
    background: Background | None = None,
    turns: Turns | None = None,
) -> App:
    """The Bolt app with every listener; tests pass a fake-Slack URL in settings and a fake clock
    (and may pass the executor listeners run on, to wait for them). What listeners leave for after
    their answer runs on `turns` and `background` (the runtime passes its own, to stop them on shutdown).

    The runtime passes the identity it checked at startup; without one, auth.test is tried once
    here. Either way a Slack outage does not stop the app from being built (Bolt's own startup
    auth.test would raise): requests are authorized from the identity once Slack has answered."""
    client = web_client(settings)
    if identity is None:
        identity = SlackIdentity(client, clock)
        identity.check()
    bolt_logger = logging.getLogger("bot.slack")
    bolt_logger.addFilter(_drop_token_notice)
    secret = settings.slack_signing_secret.get_secret_value()
    app = EdgeApp(
        client=client,
        signing_secret=secret,
        process_before_response=process_before_response,
        logger=bolt_logger,
        # Bolt's default pool is CPUs + 4 threads: on a small host, a few listeners waiting on a
        # slow Slack after their ack leave none to ack new requests within 3 s.
        listener_executor=listener_executor or ThreadPoolExecutor(max_workers=LISTENER_THREADS),
        authorize=identity.authorize(),
        user_facing_authorize_error_message=SLACK_UNREACHABLE,
    )
    app.signing_secret = secret
    app.response_urls = ResponseUrls(settings.slack_api_url)
    app.background = background or Background()
    app.turns = turns or Turns()
    gate.install(app, identity, app.response_urls)
    deps = Deps(
        settings=settings,
        sessions=sessions,
        clock=clock,
        relay=relay or Relay(sessions, relay_client(settings), clock=clock),
        background=app.background,
    )
    register_all(app, deps)
    errors.register(app)
    return app
