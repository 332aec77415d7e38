"""Turn a fake Slack HTTP request (query string, form, JSON or multipart body) into flat params."""

from __future__ import annotations

import contextlib
import json
from email import policy
from email.parser import BytesParser
from typing import Any
from urllib.parse import parse_qsl

JSON_KEYS = ("blocks", "view", "attachments")


def _form(text: str) -> dict[str, Any]:
    return dict(parse_qsl(text, keep_blank_values=True))


def _multipart(content_type: str, body: bytes) -> dict[str, Any]:
    """Fields become strings, file parts stay bytes (their filename lands in ``<name>_filename``)."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
    params: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is None:
            params[name] = data.decode("utf-8")
        else:
            params[name] = data
            params[f"{name}_filename"] = filename
    return params


def body_params(content_type: str, body: bytes) -> dict[str, Any]:
    """Parse a request body according to its Content-Type header."""
    if not body:
        return {}
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "application/json":
        parsed = json.loads(body.decode("utf-8"))
        return parsed if isinstance(parsed, dict) else {}
    if kind.startswith("multipart/"):
        return _multipart(content_type, body)
    return _form(body.decode("utf-8"))


def decode_json_values(params: dict[str, Any]) -> dict[str, Any]:
    """Decode JSON strings for ``blocks``/``view``/``attachments`` (left as-is when not valid JSON)."""
    for key in JSON_KEYS:
        value = params.get(key)
        if isinstance(value, str) and value.strip():
            with contextlib.suppress(ValueError):
                params[key] = json.loads(value)
    return params


def parse_request(query: str, content_type: str, body: bytes, authorization: str) -> tuple[dict[str, Any], str | None]:
    """Flat params (query string first, body wins) and the token (Bearer header, else ``token`` param)."""
    params = _form(query)
    params.update(body_params(content_type, body))
    decode_json_values(params)
    token = params.pop("token", None)
    if authorization.lower().startswith("bearer "):
        token = authorization[7:].strip()
    return params, token if isinstance(token, str) and token else None
