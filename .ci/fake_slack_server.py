"""Run the tests' fake Slack Web API as a process, for CI steps that start the bot as a user would.

Usage: python .ci/fake_slack_server.py URL_FILE CALLS_FILE (from the repository's dev venv).
Writes the API base URL to URL_FILE once it listens; on SIGTERM or SIGINT writes the Web API
methods it was called with, one a line, to CALLS_FILE and exits.
"""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

# The fake lives in the tests package of this repository.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.fake_slack import FakeSlack


def main(url_file: Path, calls_file: Path) -> int:
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    with FakeSlack() as fake:
        partial = url_file.with_suffix(".partial")
        partial.write_text(fake.url, encoding="utf-8")
        partial.replace(url_file)  # the reader never sees half a URL
        stop.wait()
        calls_file.write_text("".join(f"{call.method}\n" for call in fake.calls), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]), Path(sys.argv[2])))
