"""Slack's v0 request signature, checked strictly: anything malformed is simply not verified."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from bot.slack.response_urls import ResponseUrls
from bot.slack.signature import RequestSignature

SECRET = "s3cret"
NOW = 1_800_000_000


def sign(body: bytes, timestamp: str, secret: str = SECRET) -> str:
    digest = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return "v0=" + digest


def test_a_good_signature_inside_the_window_is_verified() -> None:
    assert RequestSignature(SECRET).verified(b"a=1", str(NOW - 299), sign(b"a=1", str(NOW - 299)), now=NOW)


@pytest.mark.parametrize("timestamp", ["", "x", "1.5", "1e9", "-5", " 1800000000", "1800000000\n", "١٨٠٠٠٠٠٠٠٠"])
def test_a_timestamp_that_is_not_plain_digits_is_never_verified(timestamp: str) -> None:
    assert not RequestSignature(SECRET).verified(b"a=1", timestamp, sign(b"a=1", timestamp), now=NOW)


@pytest.mark.parametrize("offset", [301, -301, 10**9])
def test_outside_the_five_minute_window_is_not_verified(offset: int) -> None:
    timestamp = str(NOW - offset) if NOW - offset > 0 else "1"
    assert not RequestSignature(SECRET).verified(b"a=1", timestamp, sign(b"a=1", timestamp), now=NOW)


@pytest.mark.parametrize(
    "signature",
    [
        "",
        "v0=",
        "v1=" + "0" * 64,
        sign(b"a=2", str(NOW)),
        sign(b"a=1", str(NOW), "other"),
        sign(b"a=1", str(NOW)).upper(),
    ],
)
def test_a_wrong_or_malformed_signature_is_not_verified(signature: str) -> None:
    assert not RequestSignature(SECRET).verified(b"a=1", str(NOW), signature, now=NOW)


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://hooks.slack.com/commands/T1/2/abc", True),
        ("https://hooks.slack.com:443/actions/T1/2/abc", True),
        ("http://hooks.slack.com/commands/T1/2/abc", False),
        ("https://hooks.slack.com.evil.example/x", False),
        ("https://evil.example/?https://hooks.slack.com/", False),
        ("https://user@hooks.slack.com/x", False),
        ("http://169.254.169.254/latest/meta-data", False),
        ("http://127.0.0.1:8080/api/x", True),  # the configured API host (a fake Slack in tests)
        ("http://127.0.0.1:8081/api/x", False),
        ("https://hooks.slack.com:8443/x", False),
        ("", False),
        (None, False),
    ],
)
def test_only_slacks_own_hosts_are_response_urls(url: object, allowed: bool) -> None:
    assert ResponseUrls("http://127.0.0.1:8080/api/").allowed(url) is allowed
