"""A fake of Slack's Socket Mode endpoint: a WebSocket server (RFC 6455) written on the standard library.

It speaks just enough WebSocket for real Socket Mode clients: the HTTP Upgrade handshake, masked client
frames of any length (see ``websocket_frames``), unmasked server text frames, ping/pong and the close
handshake. On top it plays Slack: a ``hello`` on connect, envelopes on demand, and a record of the
acknowledgements that come back.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.support import websocket_frames as ws

ENVELOPE_TYPES = ("slash_commands", "interactive", "events_api")


class _Connection:
    """One client; its own thread reads frames, any thread may send."""

    def __init__(self, server: FakeSlackSocket, sock: socket.socket) -> None:
        self.server, self.sock = server, sock
        self._send_lock = threading.Lock()
        self._close_sent = False

    def send(self, opcode: int, payload: bytes) -> None:
        with self._send_lock:
            if self._close_sent:
                raise ConnectionError("the connection is closing")
            self._close_sent = opcode == ws.OP_CLOSE
            self.sock.sendall(ws.encode_frame(opcode, payload))

    def send_json(self, message: dict[str, Any]) -> None:
        self.send(ws.OP_TEXT, json.dumps(message).encode("utf-8"))

    def close(self, code: int = 1000, reason: str = "") -> None:
        """Send a close frame (once) and end the connection."""
        with contextlib.suppress(OSError):
            self.send(ws.OP_CLOSE, struct.pack("!H", code) + reason.encode("utf-8")[:123])
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)

    def run(self) -> None:
        upgraded = False
        try:
            self.sock.settimeout(5)
            upgraded = self._handshake()
            if upgraded:
                self.sock.settimeout(None)
                self.server._opened(self)
                self._read_frames()
        except ws.ProtocolError as error:
            if upgraded:
                self.close(error.code, str(error))
        except OSError:  # includes ConnectionError and timeouts
            pass
        finally:
            self.server._closed(self)
            self.sock.close()

    def _handshake(self) -> bool:
        words, headers = ws.read_request(self.sock)
        url = urlsplit(words[1] if len(words) == 3 else "")
        if len(words) != 3 or words[0] != "GET" or not words[2].startswith("HTTP/1."):
            problem = "400 Bad Request"
        elif url.path.rstrip("/") != "/link":
            problem = "404 Not Found"
        elif (
            headers.get("upgrade", "").lower() != "websocket"
            or "upgrade" not in headers.get("connection", "").lower()
            or headers.get("sec-websocket-version") != "13"
            or not headers.get("sec-websocket-key")
        ):
            problem = "400 Bad Request"
        elif not self.server.knows_ticket(parse_qs(url.query).get("ticket", [""])[0]):
            problem = "401 Unauthorized"
        else:
            key = ws.accept_key(headers["sec-websocket-key"])
            upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            self.sock.sendall(
                f"HTTP/1.1 101 Switching Protocols\r\n{upgrade}Sec-WebSocket-Accept: {key}\r\n\r\n".encode()
            )
            return True
        self.server._record("rejected", f"{problem}: {' '.join(words)}")
        head = f"HTTP/1.1 {problem}\r\nContent-Length: {len(problem)}\r\nConnection: close\r\n\r\n{problem}"
        self.sock.sendall(head.encode())
        return False

    def _read_frames(self) -> None:
        kind, parts = None, []  # the opcode and fragments of a message in progress
        while True:
            fin, opcode, payload = ws.read_frame(self.sock, masked=True)
            if opcode == ws.OP_PING:
                self.server._record("pings", payload)
                self.send(ws.OP_PONG, payload)
            elif opcode == ws.OP_PONG:
                self.server._record("pongs", payload)
            elif opcode == ws.OP_CLOSE:
                code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1000
                self.close(code)  # echo it, as the closing handshake asks
                return
            elif opcode in (ws.OP_TEXT, ws.OP_BINARY, ws.OP_CONTINUATION):
                if (opcode == ws.OP_CONTINUATION) != (kind is not None):
                    raise ws.ProtocolError("unexpected continuation frame, or a message inside a message")
                kind = kind if opcode == ws.OP_CONTINUATION else opcode
                parts.append(payload)
                if sum(len(part) for part in parts) > ws.MAX_MESSAGE:
                    raise ws.ProtocolError("message too big", 1009)
                if fin:
                    if kind == ws.OP_BINARY:
                        raise ws.ProtocolError("Socket Mode speaks text frames only", 1003)
                    try:
                        self.server._received(b"".join(parts).decode("utf-8"))
                    except UnicodeDecodeError:
                        raise ws.ProtocolError("text frame is not UTF-8", 1007) from None
                    kind, parts = None, []
            else:
                raise ws.ProtocolError(f"unknown opcode {opcode:#x}")


class FakeSlackSocket:
    """Slack's side of Socket Mode on ``127.0.0.1``; ``start()`` it, then hand ``issue_url()`` to clients."""

    def __init__(self, *, app_id: str = "A0001") -> None:
        self.app_id = app_id
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.port: int = self._listener.getsockname()[1]
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._tickets: set[str] = set()
        self._open: list[_Connection] = []
        self._threads: list[threading.Thread] = []
        self._acks: dict[str, dict[str, Any]] = {}
        self.connections = 0  # handshakes completed, hello sent
        # What clients sent besides acks (parsed when JSON), pings/pongs received, handshakes turned down.
        self.log: dict[str, list[Any]] = {"messages": [], "pings": [], "pongs": [], "rejected": []}

    def start(self) -> FakeSlackSocket:
        if not self._threads:
            self._spawn(self._accept_loop, "FakeSlackSocket")
        return self

    def stop(self) -> None:
        self._stopping.set()
        self.close_connections()
        for thread in list(self._threads):
            thread.join(timeout=2)
        self._listener.close()

    def issue_url(self) -> str:
        """A fresh ``ws://`` URL with its own ticket, as ``apps.connections.open`` answers."""
        ticket = uuid.uuid4().hex
        with self._changed:
            self._tickets.add(ticket)
        return f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}&app_id={self.app_id}"

    def knows_ticket(self, ticket: str) -> bool:
        with self._changed:
            return ticket in self._tickets

    # -- what tests call -------------------------------------------------------------------------

    def wait_connected(self, timeout: float = 5.0, count: int = 1) -> None:
        """Block until ``count`` connections were made (each was sent its hello) and one is open."""
        self._wait(lambda: self.connections >= count and bool(self._open), timeout, "Socket Mode connection")

    @property
    def open_connections(self) -> int:
        with self._changed:
            return len(self._open)

    def send_envelope(self, type: str, payload: dict[str, Any], *, retry_attempt: int = 0) -> str:
        """Send an envelope to the newest connection, as Slack does; returns its ``envelope_id``."""
        if type not in ENVELOPE_TYPES:
            raise ValueError(f"envelope type must be one of {ENVELOPE_TYPES}")
        envelope_id = str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id,
            "type": type,
            "payload": payload,
            "accepts_response_payload": type != "events_api",
            "retry_attempt": retry_attempt,
            "retry_reason": "timeout" if retry_attempt else "",
        }
        self._newest().send_json(envelope)
        return envelope_id

    def send_disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the client to reconnect, as Slack does before it rotates a connection."""
        self._newest().send_json({"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-fake"}})

    def close_connections(self, *, keep_newest: bool = False, code: int = 1001, reason: str = "going away") -> None:
        """Close connections from this side (all, or all but the newest, as Slack does after a disconnect)."""
        with self._changed:
            connections = self._open[:-1] if keep_newest else list(self._open)
        for connection in connections:
            connection.close(code, reason)

    def ping(self, payload: bytes = b"") -> None:
        self._newest().send(ws.OP_PING, payload)

    def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        """The client's acknowledgement (``{"envelope_id": …, "payload": …}``) of an envelope."""
        self._wait(lambda: envelope_id in self._acks, timeout, f"ack of envelope {envelope_id}")
        with self._changed:
            return self._acks[envelope_id]

    def wait_for(self, kind: str, count: int = 1, timeout: float = 5.0) -> list[Any]:
        """Block until ``log[kind]`` has ``count`` entries; returns them."""
        self._wait(lambda: len(self.log[kind]) >= count, timeout, f"{count} {kind}")
        with self._changed:
            return list(self.log[kind])

    @property
    def acks(self) -> dict[str, dict[str, Any]]:
        with self._changed:
            return dict(self._acks)

    # -- internals -------------------------------------------------------------------------------

    def _wait(self, ready: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not ready():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no {what} within {timeout}s (rejected: {self.log['rejected']})")
                self._changed.wait(remaining)

    def _newest(self) -> _Connection:
        with self._changed:
            if not self._open:
                raise AssertionError("no Socket Mode client is connected")
            return self._open[-1]

    def _spawn(self, target: Callable[[], None], name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._spawn(_Connection(self, sock).run, "FakeSlackSocket-connection")

    def _opened(self, connection: _Connection) -> None:
        with self._changed:  # hello first: nothing else can reach a connection before it
            connection.send_json(
                {
                    "type": "hello",
                    "num_connections": len(self._open) + 1,
                    "debug_info": {"host": "applink-fake", "build_number": 1, "approximate_connection_time": 18060},
                    "connection_info": {"app_id": self.app_id},
                }
            )
            self._open.append(connection)
            self.connections += 1
            self._changed.notify_all()

    def _closed(self, connection: _Connection) -> None:
        with self._changed:
            if connection in self._open:
                self._open.remove(connection)
            self._changed.notify_all()

    def _record(self, kind: str, value: Any) -> None:
        with self._changed:
            self.log[kind].append(value)
            self._changed.notify_all()

    def _received(self, text: str) -> None:
        try:
            message: Any = json.loads(text)
        except ValueError:
            message = text
        if isinstance(message, dict) and isinstance(message.get("envelope_id"), str):
            with self._changed:
                self._acks[message["envelope_id"]] = message
                self._changed.notify_all()
        else:
            self._record("messages", message)
