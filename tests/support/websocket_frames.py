"""RFC 6455 WebSocket framing and handshake helpers on the standard library (for the fake Socket Mode server).

Frames of any length (7-, 16- and 64-bit length fields), masked or not; control-frame rules; the
``Sec-WebSocket-Accept`` computation; reading an HTTP request head without consuming frame bytes.
"""

from __future__ import annotations

import base64
import hashlib
import socket
import struct

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
OP_CONTINUATION, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA
MAX_REQUEST_HEAD = 16 * 1024
MAX_MESSAGE = 64 * 1024 * 1024


class ProtocolError(Exception):
    """The peer broke the protocol; the connection is closed with ``code``."""

    def __init__(self, message: str, code: int = 1002) -> None:
        super().__init__(message)
        self.code = code


def accept_key(key: str) -> str:
    """``Sec-WebSocket-Accept`` for a client's ``Sec-WebSocket-Key``."""
    return base64.b64encode(hashlib.sha1((key + WS_GUID).encode("ascii")).digest()).decode("ascii")


def apply_mask(data: bytes, mask: bytes) -> bytes:
    """XOR ``data`` with the 4-byte ``mask`` repeated (masking and unmasking are the same)."""
    size = len(data)
    key = (mask * (size // 4 + 1))[:size]
    return (int.from_bytes(data, "big") ^ int.from_bytes(key, "big")).to_bytes(size, "big")


def encode_frame(opcode: int, payload: bytes, *, fin: bool = True, mask: bytes | None = None) -> bytes:
    """One frame; servers send unmasked (``mask=None``), clients pass a 4-byte mask."""
    head = bytes([(0x80 if fin else 0) | opcode])
    mask_bit = 0x80 if mask is not None else 0
    size = len(payload)
    if size < 126:
        head += bytes([mask_bit | size])
    elif size < 1 << 16:
        head += struct.pack("!BH", mask_bit | 126, size)
    else:
        head += struct.pack("!BQ", mask_bit | 127, size)
    return head + payload if mask is None else head + mask + apply_mask(payload, mask)


def recv_exactly(sock: socket.socket, size: int) -> bytes:
    chunks, remaining = [], size
    while remaining:
        chunk = sock.recv(min(remaining, 1 << 16))
        if not chunk:
            raise ConnectionError("connection closed")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def read_frame(sock: socket.socket, *, masked: bool) -> tuple[bool, int, bytes]:
    """``(fin, opcode, payload)`` of the next frame; ``masked``: whether the sender must mask."""
    b1, b2 = recv_exactly(sock, 2)
    fin, opcode, size = bool(b1 & 0x80), b1 & 0x0F, b2 & 0x7F
    if b1 & 0x70:
        raise ProtocolError("reserved bits set without an extension")
    if bool(b2 & 0x80) != masked:
        raise ProtocolError("client frames must be masked" if masked else "server frames must not be masked")
    if size == 126:
        (size,) = struct.unpack("!H", recv_exactly(sock, 2))
    elif size == 127:
        (size,) = struct.unpack("!Q", recv_exactly(sock, 8))
    if opcode >= OP_CLOSE and (size > 125 or not fin):
        raise ProtocolError("control frames must be short and unfragmented")
    if size > MAX_MESSAGE:
        raise ProtocolError("message too big", 1009)
    mask = recv_exactly(sock, 4) if masked else b""
    payload = recv_exactly(sock, size)
    return fin, opcode, apply_mask(payload, mask) if masked else payload


def read_request(sock: socket.socket) -> tuple[list[str], dict[str, str]]:
    """Request line words and lower-cased headers, read byte by byte so no frame byte is consumed."""
    head = bytearray()
    while not head.endswith(b"\r\n\r\n") and len(head) < MAX_REQUEST_HEAD:
        head += recv_exactly(sock, 1)
    first, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    return first.split(" "), headers
