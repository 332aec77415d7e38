"""A local fake of the Slack Web API (a ThreadingHTTPServer on 127.0.0.1) for talking to real SDK clients."""

from __future__ import annotations

import json
import sys
import threading
import time
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from tests.support import blockkit_checks, fake_slack_history, fake_slack_methods, fake_slack_views_files
from tests.support.fake_slack_history import SlackFaults
from tests.support.fake_slack_http import body_params, parse_request
from tests.support.fake_slack_limits import PostLimits
from tests.support.fake_slack_records import Call, InjectedFailure, SlackError, Violation
from tests.support.fake_slack_socket import FakeSlackSocket
from tests.support.fake_slack_state import FakeSlackState

__all__ = ["Call", "FakeSlack", "Violation"]

HANDLERS = {**fake_slack_methods.HANDLERS, **fake_slack_views_files.HANDLERS, **fake_slack_history.HANDLERS}
TOKEN_PREFIXES = ("xoxb-", "xapp-")
API_PREFIX = "/api/"
RESPONSE_PREFIX = "/response/"
ERROR_PAGE = b"<html><head><title>Server Error</title></head><body><h1>Internal Server Error</h1></body></html>"


@dataclass
class Reply:
    """An HTTP answer; ``None`` in its place means: close the connection without answering."""

    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def json_reply(payload: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, json.dumps(payload).encode("utf-8"), headers=headers or {})


def failure_reply(failure: InjectedFailure) -> Reply | None:
    if failure.disconnect:
        return None
    headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
    if failure.html:
        return Reply(failure.status, ERROR_PAGE, "text/html; charset=utf-8", headers)
    return json_reply({"ok": False, "error": failure.error}, failure.status, headers)


class FakeSlack(FakeSlackState):
    """Fake Slack Web API server; use as a context manager or call ``start()``/``stop()``."""

    def __init__(self, *, team_id: str = "T0001", bot_user_id: str = "UBOT", bot_id: str = "B0001") -> None:
        super().__init__(team_id=team_id, bot_user_id=bot_user_id, bot_id=bot_id)
        self._server: _Server | None = None
        self._responses: list[dict[str, Any]] = []
        self._thread: threading.Thread | None = None
        self._socket: FakeSlackSocket | None = None
        self.faults = SlackFaults()  # outages and lost replies, for the exactly-once tests
        self.limits: PostLimits | None = None  # Slack's rate limits on posts, when a test turns them on

    def limit_posts(self, limits: PostLimits) -> PostLimits:
        """From now on, chat.postMessage answers 429 (or 500) as `limits` says."""
        with self.lock:
            self.limits = limits
        return limits

    @property
    def url(self) -> str:
        """Base URL for ``WebClient(base_url=...)``, e.g. ``http://127.0.0.1:54321/api/``."""
        if self._server is None:
            raise AssertionError("FakeSlack is not running; call start() first")
        return self.base_url

    def start(self) -> FakeSlack:
        if self._server is None:
            self._server = _Server(self)
            host, port = self._server.server_address[:2]
            self.base_url = f"http://{host!s}:{port}{API_PREFIX}"
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.02},
                name="FakeSlack",
                daemon=True,
            )
            self._thread.start()
        return self

    def socket_mode(self) -> FakeSlackSocket:
        """Start (once) the Socket Mode server; ``apps.connections.open`` then hands out its URLs."""
        with self.lock:
            if self._socket is None:
                self._socket = FakeSlackSocket(app_id=self.app_id).start()
            return self._socket

    def socket_url(self) -> str | None:
        """A fresh ``ws://`` URL with its own ticket, or None while Socket Mode is not started."""
        with self.lock:
            return self._socket.issue_url() if self._socket is not None else None

    def stop(self) -> None:
        server, thread, sock = self._server, self._thread, self._socket
        self._server = self._thread = self._socket = None
        if sock is not None:
            sock.stop()
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- request handling --------------------------------------------------------------------------

    def handle_http(self, path: str, query: str, headers: Message, body: bytes) -> Reply | None:
        """Answer one HTTP request (``None``: drop the connection)."""
        if path.startswith(RESPONSE_PREFIX):
            return self._handle_response_url(path[len(RESPONSE_PREFIX) :], body)
        if not path.startswith(API_PREFIX):
            return Reply(404, b"not found", "text/plain")
        method = path[len(API_PREFIX) :]
        content_type = headers.get("Content-Type", "")
        if method.startswith("upload/"):
            return self._handle_upload(method[len("upload/") :], content_type, body)
        arrived = time.time()
        try:
            params, token = parse_request(query, content_type, body, headers.get("Authorization", ""))
        except ValueError:  # includes JSON and Unicode decoding errors
            self.record(method, {}, None, arrived)
            return json_reply({"ok": False, "error": "invalid_json" if "json" in content_type else "invalid_form_data"})
        if delay := self.take_delay(method):
            time.sleep(delay)  # outside the lock: a slow Slack is slow for each call, in parallel
        with self.lock:  # recorded once answered, so wait_for() callers see the resulting state
            reply = self._answer(method, params, token)
            self.record(method, params, token, arrived)
        ok = reply is not None and reply.status == 200 and reply.body.startswith(b'{"ok": true')
        return None if self.faults.loses(method, ok) else reply  # stored, but the reply never arrives

    def response_url(self, name: str) -> str:
        """A ``response_url`` that lands here; what is posted to it shows up in ``responses``."""
        return self.url[: -len(API_PREFIX)] + RESPONSE_PREFIX + name

    @property
    def responses(self) -> list[dict[str, Any]]:
        """Messages posted to response URLs: ``{"name": …, **payload}`` in arrival order."""
        with self.lock:
            return [dict(r) for r in self._responses]

    def _handle_response_url(self, name: str, body: bytes) -> Reply:
        payload = json.loads(body or b"{}")
        problem = blockkit_checks.classify_message(payload.get("text"), payload.get("blocks"))
        with self.lock:
            if problem is not None:
                self.store.violations.append(Violation("response_url", problem[0], tuple(problem[1])))
                return Reply(400, b"invalid_blocks", "text/plain")
            self._responses.append({"name": name, **payload})
        return Reply(200, b"ok", "text/plain")

    def _answer(self, method: str, params: dict[str, Any], token: str | None) -> Reply | None:
        if (outage := self.faults.failure_now()) is not None:
            return failure_reply(outage)
        if (failure := self.take_failure(method)) is not None:
            return failure_reply(failure)
        if (auth_error := self._auth_error(token)) is not None:
            return json_reply({"ok": False, "error": auth_error})
        if self.limits is not None:
            refused = self.limits.check(method, self.canonical_channel(str(params.get("channel", ""))))
            if refused is not None:
                return failure_reply(refused)
        handler = HANDLERS.get(method)
        if handler is None:
            return json_reply({"ok": False, "error": "unknown_method"})
        try:
            return json_reply({"ok": True, **handler(self, params, token)})
        except SlackError as error:
            return json_reply(self._error_payload(method, error))
        except Exception as error:  # noqa: BLE001 - a bug in the fake: answer 500, fail the fixture loudly
            detail = f"{type(error).__name__}: {error}"
            self.store.violations.append(Violation(method, "fake_slack_crashed", (detail,)))
            return json_reply({"ok": False, "error": "fake_slack_crashed", "detail": detail}, 500)

    def _auth_error(self, token: str | None) -> str | None:
        if token is None:
            return "not_authed"
        if not token.startswith(TOKEN_PREFIXES):
            return "invalid_auth"
        if self.is_revoked(token):
            return "token_revoked"
        if not self.is_issued(token):
            return "invalid_auth"
        return None

    def _error_payload(self, method: str, error: SlackError) -> dict[str, Any]:
        payload: dict[str, Any] = {"ok": False, "error": error.code}
        if error.messages:
            payload["response_metadata"] = {"messages": error.messages}
        if error.violation:
            self.store.violations.append(Violation(method, error.code, tuple(error.messages)))
        return payload

    def _handle_upload(self, file_id: str, content_type: str, body: bytes) -> Reply:
        content = body
        if content_type.lower().startswith("multipart/"):
            parts = [v for v in body_params(content_type, body).values() if isinstance(v, bytes)]
            content = parts[0] if parts else b""
        if not fake_slack_views_files.receive_upload(self, file_id, content):
            return Reply(404, b"upload not found", "text/plain")
        return Reply(200, f"OK - {len(content)}".encode(), "text/plain; charset=utf-8")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeSlack) -> None:
        self.fake = fake
        super().__init__(("127.0.0.1", 0), _RequestHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the client went away before its answer (killed, or gave up waiting): as for Slack
        super().handle_error(request, client_address)


class _RequestHandler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _serve(self) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        reply = self.server.fake.handle_http(url.path, url.query, self.headers, body)
        if reply is None:
            self.close_connection = True
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""
