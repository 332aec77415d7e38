"""Slack's request signature (v0), checked strictly before any other part of the bot sees a request."""

from __future__ import annotations

import hashlib
import hmac
import re

# Slack's replay window: a signed request older (or newer) than this is refused.
MAX_AGE_SECONDS = 300
_TIMESTAMP = re.compile(r"^[0-9]{1,12}$")
_SIGNATURE = re.compile(r"^v0=[0-9a-f]{64}$")


class RequestSignature:
    """Verifies `X-Slack-Signature` over the raw body; any malformed header is simply not verified."""

    def __init__(self, signing_secret: str) -> None:
        self._key = signing_secret.encode()

    def verified(self, body: bytes, timestamp: str, signature: str, *, now: float) -> bool:
        if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
            return False
        if abs(now - int(timestamp)) > MAX_AGE_SECONDS:
            return False
        expected = hmac.new(self._key, b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
        return hmac.compare_digest("v0=" + expected, signature)
