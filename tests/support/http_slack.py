"""Slack's side of the HTTP contract: the real server (waitress + Bolt's threaded ack), requests
over real sockets, a 3-second answer or the test fails, and a server log with nothing alarming."""

from __future__ import annotations

import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

from waitress.server import create_server

from bot.web import WSGIApp, server_options

# Slack gives up on a request after 3 seconds and shows the person an error.
SLACK_TIMEOUT = 3.0
ALARMS = ("didn't call ack()", "Unhandled request", "unhandled request")


class TrackingExecutor(ThreadPoolExecutor):
    """Bolt's listener pool, counting what runs on it, so a test can wait for listeners to finish
    (with process_before_response=False, Slack gets its answer before the listener is done)."""

    def __init__(self, max_workers: int = 10) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="listener")
        self._busy = 0
        self._idle = threading.Condition()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._idle:
            self._busy += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: Future[Any]) -> None:
        with self._idle:
            self._busy -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout: float = 30.0) -> None:
        with self._idle:
            if not self._idle.wait_for(lambda: self._busy == 0, timeout=timeout):
                raise AssertionError(f"listeners still running after {timeout} s")


class ServerLog(logging.Handler):
    """Every log record while the server runs; `alarms()` are those that mean Slack saw a failure."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self._lock_records = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        with self._lock_records:
            self.records.append(record)

    def alarms(self) -> list[str]:
        with self._lock_records:
            records = list(self.records)
        found = []
        for record in records:
            message = record.getMessage()
            if any(alarm in message for alarm in ALARMS) or record.exc_info:
                found.append(f"{record.levelname} {record.name}: {message[:300]}")
        return found


@contextmanager
def server_log() -> Iterator[ServerLog]:
    handler = ServerLog()
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(min(previous, logging.INFO) or logging.INFO)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


class Front:
    """The WSGI app a long-lived server hands each request to; each test plugs in its own app."""

    def __init__(self) -> None:
        self.wsgi: WSGIApp | None = None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if self.wsgi is None:
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"no app plugged in"]
        return self.wsgi(environ, start_response)

    @contextmanager
    def serving(self, wsgi: WSGIApp) -> Iterator[None]:
        self.wsgi = wsgi
        try:
            yield
        finally:
            self.wsgi = None


@contextmanager
def running_server(wsgi: WSGIApp, *, threads: int = 4) -> Iterator[str]:
    """The WSGI app on waitress, as `career-prep serve` runs it, on a free local port."""
    http = create_server(wsgi, host="127.0.0.1", port=0, threads=threads, **server_options())
    thread = threading.Thread(target=http.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.effective_port}"  # type: ignore[union-attr]
    finally:
        # Let request threads finish first, then close from the loop's own thread, so it never
        # selects on a closed socket.
        http.task_dispatcher.shutdown()
        with suppress(OSError):  # the loop may already have closed its wake-up pipe
            http.trigger.pull_trigger(http.close)  # type: ignore[union-attr]
        thread.join(timeout=5)


@dataclass(frozen=True)
class HttpAnswer:
    status: int
    body: str
    headers: dict[str, str]
    seconds: float


def post(url: str, body: bytes | str, headers: dict[str, str], *, timeout: float = 10.0) -> HttpAnswer:
    """One POST as Slack sends it; the answer whatever its status."""
    data = body.encode() if isinstance(body, str) else body
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw, got = response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        status, raw, got = error.code, error.read(), dict(error.headers)
    headers_lower = {k.lower(): v for k, v in got.items()}
    return HttpAnswer(status, raw.decode(errors="replace"), headers_lower, time.monotonic() - started)
