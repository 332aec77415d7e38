"""The bare Bolt app bench/memory_bench.py measures next to `career-prep serve`: one trivial slash command
listener behind waitress with the options given as JSON. It imports nothing of the bot, so its memory is
Bolt's, slack_sdk's and waitress's alone.

Usage (started by bench/memory_bench.py): python -m bench.memory_bare_bolt PORT THREADS OPTIONS_JSON
"""

from __future__ import annotations

import json
import os
import signal
import sys

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from waitress import serve


def main() -> None:
    port, threads, options = int(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(signing_secret=os.environ["SLACK_SIGNING_SECRET"], client=client, token_verification_enabled=False)

    @app.command("/career-prep")
    def career_prep(ack: Ack) -> None:
        ack("ok")

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    serve(SlackRequestHandler(app), host="127.0.0.1", port=port, threads=threads, **options)


if __name__ == "__main__":
    main()
