"""Resident memory of an idle `career-prep serve` next to a bare Bolt app on the same waitress stack.

Usage: .venv/bin/python -m bench.memory_bench [--runs 3] [--requests 40] [--quick]

Each run starts `career-prep serve --no-scheduler` (SQLite in a temp file, a local fake Slack) and a bare
Bolt app with one trivial slash command listener behind waitress with the same options and threads, sends
each the same signed requests (`/career-prep help`, and for the bot `/career-prep` opening a form), lets
them settle, then reads VmRSS (now) and VmHWM (the peak so far) from /proc/<pid>/status. Prints each
run and the median. Target (issue 11): idle `serve` under 120 MB. The peak during a 100k-people tick is
measured by bench/tick_cost.py.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bot.web import server_options
from tests.support.cli_env import free_port
from tests.support.fake_slack import FakeSlack
from tests.support.signed import SignedSlack

REPO = Path(__file__).resolve().parents[1]
SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench-token"
USER = "UBENCH"
SETTLE_SECONDS = 2.0
MB = 1_000_000
MIB = 1024 * 1024
TARGET_MB = 120
SERVE_THREADS = 8  # bot/cli.py serves HTTP with 8 waitress threads


def _environment(fake: FakeSlack, database: Path) -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "LOG_", "METRICS"))}
    return {
        **kept,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.url,
        "DATABASE_URL": f"sqlite:///{database}",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(REPO),
    }


def _wait_until_up(url: str, process: subprocess.Popen[bytes], path: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited ({process.returncode}) before answering {path}")
        try:
            with urllib.request.urlopen(f"{url}{path}", timeout=1):
                return
        except OSError as exc:
            if getattr(exc, "code", None) is not None:  # an HTTP answer (404): it is up
                return
            time.sleep(0.1)
    raise SystemExit(f"the server did not answer {path} within 60 s")


def _memory(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) in bytes."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) * 1024
    return fields["VmRSS"], fields["VmHWM"]


def measure(args: list[str], fake: FakeSlack, requests: int, *, bot: bool) -> tuple[int, int]:
    """Start the server, send it `requests` signed commands, let it settle, read its memory, stop it."""
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        process = subprocess.Popen(
            [sys.executable, *[a.replace("{port}", str(port)) for a in args]],
            env=_environment(fake, Path(tmp) / "bench.db"),
            cwd=tmp,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_until_up(url, process, "/healthz" if bot else "/")
            slack = SignedSlack(None, SECRET, response_url=fake.response_url, http_url=url)  # type: ignore[arg-type]
            for n in range(requests):
                slack.command(USER, "" if bot and n % 4 == 3 else "help")
            time.sleep(SETTLE_SECONDS)
            return _memory(process.pid)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=40, help="signed commands sent before measuring")
    parser.add_argument("--quick", action="store_true", help="one run of 8 requests")
    options = parser.parse_args()
    runs, requests = (1, 8) if options.quick else (options.runs, options.requests)
    bot_args = ["-m", "bot", "serve", "--no-scheduler", "--host", "127.0.0.1", "--port", "{port}"]
    # The same waitress options and thread count as `career-prep serve`.
    bare_args = ["-m", "bench.memory_bare_bolt", "{port}", str(SERVE_THREADS), json.dumps(server_options())]
    results: dict[str, list[tuple[int, int]]] = {"career-prep serve": [], "bare Bolt": []}
    with FakeSlack() as fake:
        fake.add_user(USER, tz="UTC")
        for run in range(1, runs + 1):
            results["career-prep serve"].append(measure(bot_args, fake, requests, bot=True))
            results["bare Bolt"].append(measure(bare_args, fake, requests, bot=False))
            print(
                f"run {run}: serve {results['career-prep serve'][-1][0] / MIB:.1f} MiB, "
                f"bare Bolt {results['bare Bolt'][-1][0] / MIB:.1f} MiB (VmRSS after {requests} requests)"
            )
    print(f"\nidle memory, median of {runs} run(s), {requests} signed commands each, then {SETTLE_SECONDS:.0f} s idle:")
    for name, figures in results.items():
        rss = statistics.median(r for r, _ in figures)
        peak = statistics.median(p for _, p in figures)
        print(f"  {name:<18} VmRSS {rss / MIB:6.1f} MiB ({rss / MB:6.1f} MB)   VmHWM {peak / MIB:6.1f} MiB")
    serve_rss = statistics.median(r for r, _ in results["career-prep serve"])
    bare_rss = statistics.median(r for r, _ in results["bare Bolt"])
    verdict = "met" if serve_rss < TARGET_MB * MB else "MISSED"
    print(f"  serve / bare Bolt: {serve_rss / bare_rss:.2f}x; target idle serve < {TARGET_MB} MB: {verdict}")


if __name__ == "__main__":
    main()
