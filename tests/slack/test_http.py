"""The real HTTP front (waitress + Bolt's WSGI adapter): signatures, replay window, health check."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest
from slack_bolt import App

from bot.web import make_wsgi_app
from tests.support.fake_slack import FakeSlack
from tests.support.signed import FORM, SignedSlack


@pytest.fixture
def server(slack_server: str) -> str:
    return slack_server


def post(url: str, body: str, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def signer(slack: SignedSlack, fake_slack: FakeSlack) -> SignedSlack:
    fake_slack.add_user("UANA", name="ana", tz="Europe/Berlin")
    return slack


def test_signed_command_over_http_is_served(server: str, signer: SignedSlack, fake_slack: FakeSlack) -> None:
    body = signer.command_body("UANA", "help")

    status, _ = post(f"{server}/slack/events", body, signer.headers(body, FORM))
    signer.wait_for_listeners()

    assert status == 200
    assert "/career-prep settings" in fake_slack.responses[-1]["text"]


def test_unsigned_request_is_rejected(server: str, signer: SignedSlack, fake_slack: FakeSlack) -> None:
    body = signer.command_body("UANA", "help")

    status, _ = post(f"{server}/slack/events", body, {"content-type": FORM})

    assert status == 401
    assert fake_slack.responses == []


def test_wrongly_signed_request_is_rejected(server: str, app: App, fake_slack: FakeSlack) -> None:
    forger = SignedSlack(app, "not-the-secret")
    body = forger.command_body("UANA", "help")

    status, _ = post(f"{server}/slack/events", body, forger.headers(body, FORM))

    assert status == 401
    assert fake_slack.responses == []


def test_tampered_body_is_rejected(server: str, signer: SignedSlack, fake_slack: FakeSlack) -> None:
    body = signer.command_body("UANA", "help")
    headers = signer.headers(body, FORM)

    status, _ = post(f"{server}/slack/events", body.replace("UANA", "UEVE"), headers)

    assert status == 401


@pytest.mark.parametrize("age_seconds", [301, 3600])
def test_stale_request_is_rejected_as_a_replay(
    server: str, signer: SignedSlack, fake_slack: FakeSlack, age_seconds: int
) -> None:
    body = signer.command_body("UANA", "help")
    headers = signer.headers(body, FORM, timestamp=int(time.time()) - age_seconds)

    status, _ = post(f"{server}/slack/events", body, headers)

    assert status == 401
    assert fake_slack.responses == []


def test_request_within_the_window_is_accepted(server: str, signer: SignedSlack) -> None:
    body = signer.command_body("UANA", "help")
    headers = signer.headers(body, FORM, timestamp=int(time.time()) - 240)

    status, _ = post(f"{server}/slack/events", body, headers)

    assert status == 200


def test_dispatch_also_rejects_bad_signatures(app: App) -> None:
    forger = SignedSlack(app, "wrong")

    assert forger.command("UANA", "help").status == 401


def test_healthz_reports_database_and_version(server: str) -> None:
    from bot import __version__

    status, body = get(f"{server}/healthz")

    assert status == 200
    assert json.loads(body) == {"status": "ok", "database": True, "version": __version__}


def test_healthz_is_503_when_the_database_is_unreachable(app: App, tmp_path: object) -> None:
    from sqlalchemy import create_engine

    broken = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 1})
    wsgi = make_wsgi_app(app, broken)
    captured: dict[str, str] = {}

    body = b"".join(wsgi({"PATH_INFO": "/healthz", "REQUEST_METHOD": "GET"}, lambda s, h: captured.update(status=s)))

    assert captured["status"].startswith("503")
    assert json.loads(body)["database"] is False


def test_unknown_path_is_404(server: str) -> None:
    assert get(f"{server}/nope")[0] == 404
