"""Run every benchmark one after the other and write their printed figures to bench/RESULTS.md.

Usage: .venv/bin/python -m bench.results [--quick] [--database-url URL] [--only NAME ...]
Each benchmark is run as `python -m bench.<name> ARGS` in a child process (so one's memory does not
inflate the next one's), its output is echoed and kept verbatim, and RESULTS.md gets the machine, the
date, the commit and each benchmark's output under its own heading. With --database-url the benchmarks
that take one also run on that PostgreSQL database.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# (module, arguments for a full run, arguments for --quick, takes --database-url)
BENCHES: list[tuple[str, list[str], list[str], bool]] = [
    ("tick_cost", [], ["--quick"], True),
    ("digest_bench", [], ["--quick"], True),
    ("ack_bench", [], ["--quick"], False),
    ("memory_bench", [], ["--quick"], False),
    ("fault_bench", [], ["--quick"], True),
    ("delivery_bench", [], ["--quick"], False),
]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    system = f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    return f"{os.cpu_count()} CPU ({cpu}){memory}, {system}"


def commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def run_one(module: str, args: list[str]) -> tuple[str, float, int]:
    command = [sys.executable, "-m", f"bench.{module}", *args]
    print(f"\n$ python -m bench.{module} {' '.join(args)}", flush=True)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    output = result.stdout + (f"\n[stderr]\n{result.stderr}" if result.returncode else "")
    print(output, flush=True)
    return output.rstrip(), elapsed, result.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run, not figures to publish")
    parser.add_argument("--database-url", help="also run the benchmarks that take one on this PostgreSQL database")
    parser.add_argument("--only", nargs="*", help="run only these benchmarks")
    parser.add_argument("--output", default=str(HERE / "RESULTS.md"))
    options = parser.parse_args(argv)
    sections: list[str] = []
    failed = 0
    for module, full, quick, takes_url in BENCHES:
        if options.only and module not in options.only:
            continue
        runs = [(quick if options.quick else full)]
        if takes_url and options.database_url:
            runs.append([*runs[0], "--database-url", options.database_url])
        for args in runs:
            output, elapsed, code = run_one(module, args)
            failed += code != 0
            shown = " ".join(args).replace(options.database_url or "\0", "postgresql://…")
            sections.append(
                f"## {module}\n\n`python -m bench.{module} {shown}` — {elapsed:.0f} s"
                f"{'' if code == 0 else f', exit code {code}'}\n\n```\n{output}\n```\n"
            )
    header = (
        "# Benchmark results\n\n"
        f"Written by `python -m bench.results{' --quick' if options.quick else ''}` on "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit()}.\n\n"
        f"Machine: {machine()}.\n\n"
        "Each section is one benchmark's own output, unedited; bench/README.md says what each measures.\n"
    )
    Path(options.output).write_text(header + "\n" + "\n".join(sections))
    print(f"\nwrote {options.output}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
