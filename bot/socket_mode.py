"""Connect over Socket Mode: a refused SLACK_APP_TOKEN is a one-line startup error, while a Slack
outage at that moment only delays the connection (retried in the background) instead of crashing."""

from __future__ import annotations

import logging
import threading

from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.errors import SlackApiError

from bot.runtime import StartupError

logger = logging.getLogger(__name__)


def connect(handler: SocketModeHandler, stop: threading.Event) -> threading.Thread | None:
    """Connect now, or start (and return) a thread that keeps trying while Slack is unreachable."""
    problem = _try(handler)
    if problem is None:
        return None
    logger.warning("Slack is unreachable for Socket Mode (%s); retrying the connection in the background", problem)
    thread = threading.Thread(target=_retry, args=(handler, stop), name="socket-mode-connect", daemon=True)
    thread.start()
    return thread


def _try(handler: SocketModeHandler) -> str | None:
    """None once connected; else why Slack could not be reached. Raises StartupError on a refusal."""
    # The Socket Mode client logs each failure with Slack's whole response; we say it in one line.
    client_logger: logging.Logger = handler.client.logger
    quiet = _DropMessages("Failed to retrieve WSS URL")
    client_logger.addFilter(quiet)
    try:
        handler.connect()  # type: ignore[no-untyped-call]
    except SlackApiError as exc:
        status = int(getattr(exc.response, "status_code", 200) or 200)
        if status >= 500 or status == 429:
            return f"Slack answered HTTP {status}"
        error = exc.response.get("error") if isinstance(exc.response.data, dict) else None
        raise StartupError(
            f"Startup error: Slack refused SLACK_APP_TOKEN ({error or status}). Create an app-level token with "
            "the connections:write scope on your Slack app's Basic Information page, set SLACK_APP_TOKEN to it "
            "(or unset it to use HTTP mode) and restart."
        ) from None
    except OSError as exc:
        return f"{type(exc).__name__}: {exc}"
    finally:
        client_logger.removeFilter(quiet)
    return None


def _retry(handler: SocketModeHandler, stop: threading.Event, first_wait: float = 5.0, max_wait: float = 60.0) -> None:
    wait = first_wait
    while not stop.wait(wait):
        try:
            problem = _try(handler)
        except StartupError as exc:
            problem = str(exc)  # Slack answers again but refuses the token: say so, keep the process up
            logger.error("%s", problem)
        if problem is None:
            logger.warning("connected to Slack over Socket Mode after the outage")
            return
        wait = min(wait * 2, max_wait)


class _DropMessages(logging.Filter):
    def __init__(self, prefix: str) -> None:
        super().__init__()
        self._prefix = prefix

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(self._prefix)
