"""Ack latency under load: signed HTTP requests into `career-prep serve --no-scheduler` (SQLite, a seeded
workspace, the fake Slack in its own process) and, in the same run, into a bare Bolt app with one trivial
slash-command listener on the same waitress stack.

Usage: .venv/bin/python -m bench.ack_bench [--pairs 300] [--requests 16] [--clients 1 8 32] [--runs 3]
       .venv/bin/python -m bench.ack_bench --quick      (a smoke run: 60 pairs, 1 and 8 clients)

Each client sends its requests one after another (a new connection each, as Slack does) and times the
whole answer. For each request kind and number of clients: median and p99 in ms, and the p99 as a
multiple of bare Bolt's at the same number of clients. Targets: p99 < 100 ms at 32 clients, <= 1.5x
bare Bolt. Between kinds the benchmark waits for the server to go quiet (what a click leaves to the
background), so each kind is measured from the same start.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from bench import ack_world as world
from bot.db import make_engine, make_sessions
from bot.migrate import upgrade
from bot.models import ActionItem, ItemStatus

Request = tuple[bytes, dict[str, str]]
FAILED: list[int] = []  # statuses of answers other than 200 (Bolt answers 404 to an ack it waited 3 s for)
KINDS = ("/career-prep help", "/career-prep (prep modal)", "item status button", "prep form submission")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def process(
    args: list[str], env: dict[str, str] | None = None, log: Path | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    err = log.open("wb") if log is not None else subprocess.DEVNULL
    proc = subprocess.Popen(args, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=err)
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def wait_for(check: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} did not start within {timeout:.0f} s")
        time.sleep(0.1)


def answers(port: int) -> bool:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", "/healthz")
        connection.getresponse().read()
        return True
    except OSError:
        return False


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def quiet(pid: int, timeout: float = 120.0) -> None:
    """Wait until the process uses under 5 % of a core over half a second: its background is done."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = cpu_seconds(pid)
        time.sleep(0.5)
        if cpu_seconds(pid) - before < 0.025:
            return


def post(port: int, request: Request) -> float:
    body, headers = request
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("POST", "/slack/events", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    if response.status != 200:
        FAILED.append(response.status)
    return elapsed


def load(port: int, per_client: list[list[Request]]) -> list[float]:
    """Each client sends its requests one after another; all clients at once. Seconds per request."""

    def client(requests: list[Request]) -> list[float]:
        return [post(port, r) for r in requests]

    with ThreadPoolExecutor(max_workers=len(per_client)) as pool:
        return [t for times in pool.map(client, per_client) for t in times]


def summary(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


class Workload:
    """Builds each kind's requests, spreading them over the seeded people (each click on its own item)."""

    def __init__(self, pairs: list[world.Pair], views: dict[str, dict[str, object]], response_url: str) -> None:
        self.pairs, self.views, self.response_url = pairs, views, response_url
        self._items = iter(
            [(item, owner) for k in range(world.ITEMS_PER_PAIR) for p in pairs for item, owner in [p.items[k]]]
        )
        self._n = 0

    def _next_pair(self) -> world.Pair:
        self._n += 1
        return self.pairs[self._n % len(self.pairs)]

    def build(self, kind: str) -> Request:
        if kind == "bare":
            return world.signed(world.command(self._next_pair().employee, "help", self.response_url))
        if kind == KINDS[0]:
            return world.signed(world.command(self._next_pair().employee, "help", self.response_url))
        if kind == KINDS[1]:
            return world.signed(world.command(self._next_pair().employee, "", self.response_url))
        if kind == KINDS[2]:
            item, owner = next(self._items)
            return world.signed(world.item_click(owner, item, self.response_url))
        pair = self._next_pair()
        return world.signed(world.prep_submission(pair.employee, self.views[pair.employee], self._n))

    def batch(self, kind: str, clients: int, requests: int) -> list[list[Request]]:
        return [[self.build(kind) for _ in range(requests)] for _ in range(clients)]


def measure(
    args: argparse.Namespace, work: Workload, ports: dict[str, int], pid: int
) -> dict[tuple[str, int], list[float]]:
    times: dict[tuple[str, int], list[float]] = {}
    for _ in range(args.runs):
        for clients in args.clients:
            times.setdefault(("bare", clients), []).extend(
                load(ports["bare"], work.batch("bare", clients, args.requests))
            )
            for kind in KINDS:
                quiet(pid)
                times.setdefault((kind, clients), []).extend(
                    load(ports["bot"], work.batch(kind, clients, args.requests))
                )
    quiet(pid)
    return times


def report(times: dict[tuple[str, int], list[float]], clients: list[int]) -> None:
    head = "".join(f"{f'{c} client' + ('s' if c > 1 else ''):>26}" for c in clients)
    print(f"{'request':<28}{head}")
    print(f"{'':<28}" + "".join(f"{'median / p99 ms (x bare)':>26}" for _ in clients))
    bare = {c: summary(times[("bare", c)])[1] for c in clients}
    for kind in ("bare", *KINDS):
        cells = []
        for c in clients:
            median, p99 = summary(times[(kind, c)])
            ratio = "" if kind == "bare" else f" ({p99 / bare[c]:.1f}x)"
            cells.append(f"{median:7.1f} / {p99:7.1f}{ratio:>7}")
        label = "bare Bolt, slash command" if kind == "bare" else kind
        print(f"{label:<28}" + "".join(f"{cell:>26}" for cell in cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=300, help="pairs in the seeded workspace (default 300)")
    parser.add_argument("--requests", type=int, default=16, help="requests per client per kind and run (default 16)")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--runs", type=int, default=3, help="repeat the whole measurement (default 3)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 60 pairs, 1 and 8 clients, 4 requests")
    args = parser.parse_args()
    if args.quick:
        args.pairs, args.requests, args.clients, args.runs = 60, 4, [1, 8], 1
    clicks = args.runs * args.requests * sum(args.clients)
    if clicks > args.pairs * world.ITEMS_PER_PAIR:
        raise SystemExit(f"{clicks} item clicks need more than {args.pairs} pairs' items: raise --pairs")
    with tempfile.TemporaryDirectory(prefix="ack-bench-") as tmp:
        run(args, Path(tmp))


def run(args: argparse.Namespace, tmp: Path) -> None:
    url_file = tmp / "slack-url"
    python = sys.executable
    with process([python, "-m", "bench.ack_servers", "fake-slack", str(url_file), str(args.pairs)]):
        wait_for(url_file.exists, "the fake Slack")
        slack_url = url_file.read_text()
        database_url = f"sqlite:///{tmp / 'bench.db'}"
        upgrade(database_url)
        engine = make_engine(database_url)
        sessions = make_sessions(engine)
        started = time.perf_counter()
        pairs = world.seed(sessions, args.pairs, datetime.now(UTC))
        views = world.prep_views(sessions, pairs)
        engine.dispose()
        took = time.perf_counter() - started
        print(f"seeded {args.pairs} pairs, {args.pairs * world.ITEMS_PER_PAIR} items in {took:.1f} s")
        ports = {"bot": free_port(), "bare": free_port()}
        env = {
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_SIGNING_SECRET": world.SECRET,
            "SLACK_API_URL": slack_url,
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "WARNING",
        }
        serve = [python, "-m", "bot", "serve", "--no-scheduler", "--port", str(ports["bot"])]
        bare = [python, "-m", "bench.ack_servers", "bare-bolt", str(ports["bare"]), slack_url]
        with process(serve, env, tmp / "serve.log") as bot, process(bare):
            wait_for(lambda: answers(ports["bot"]) and answers(ports["bare"]), "the servers")
            response_url = slack_url.removesuffix("api/") + "response/"
            times = measure(args, Workload(pairs, views, response_url), ports, bot.pid)
        print(
            f"{args.runs} run(s), {args.requests} requests per client per kind and run; SQLite; {os.cpu_count()} CPUs"
        )
        report(times, args.clients)
        check(database_url, tmp / "serve.log", clicks=args.runs * args.requests * sum(args.clients))


def check(database_url: str, log: Path, *, clicks: int) -> None:
    """Say whether the requests did what they ask (an ack alone proves nothing) and the server stayed clean."""
    engine = make_engine(database_url)
    with engine.connect() as connection:
        done = connection.scalar(select(func.count()).where(ActionItem.status == ItemStatus.DONE))
    engine.dispose()
    failures = log.read_text(errors="replace").count("Traceback")
    print(f"item clicks that took effect: {done} of {clicks}; tracebacks in the server log: {failures}")
    print(f"answers other than 200: {len(FAILED)} {sorted(set(FAILED)) if FAILED else ''}")


if __name__ == "__main__":
    main()
