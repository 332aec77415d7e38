"""The processes the ack benchmark starts besides `career-prep serve`: the fake Slack, and a bare Bolt
app with one trivial slash-command listener on the same waitress stack (same threads and options).

Usage: python -m bench.ack_servers fake-slack URL_FILE PAIRS
       python -m bench.ack_servers bare-bolt PORT SLACK_API_URL
Both run until SIGTERM.
"""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from waitress import serve

from bench.ack_world import SECRET, user_ids
from bot.web import server_options
from tests.support.fake_slack import FakeSlack

SERVE_THREADS = 8  # as `career-prep serve` (bot/cli.py)


def fake_slack(url_file: Path, pairs: int) -> None:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with FakeSlack() as fake:
        for user in user_ids(pairs):
            fake.add_user(user, tz="Europe/Berlin" if user.startswith("UE") else "America/New_York")
        partial = url_file.with_suffix(".partial")
        partial.write_text(fake.url, encoding="utf-8")
        partial.replace(url_file)
        stop.wait()


def bare_bolt(port: int, slack_api_url: str) -> None:
    app = App(client=WebClient(token="xoxb-bench", base_url=slack_api_url), signing_secret=SECRET)

    @app.command("/career-prep")
    def answer(ack: Ack, body: dict[str, Any]) -> None:
        ack(text=f"Hello <@{body['user_id']}>")

    handler = SlackRequestHandler(app)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    serve(handler, host="127.0.0.1", port=port, threads=SERVE_THREADS, **server_options())


if __name__ == "__main__":
    if sys.argv[1] == "fake-slack":
        fake_slack(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        bare_bolt(int(sys.argv[2]), sys.argv[3])
