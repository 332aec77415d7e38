#!/usr/bin/env bash
# CI: the bot works as installed, not only as checked out. Build an sdist and a wheel from it (as
# `python -m build` does), install the wheel into a fresh venv in a temporary directory outside the
# source tree, and from a directory without the source: migrate an empty SQLite file, run-due, print
# the manifest, and serve GET /healthz, all against the tests' fake Slack (run from the dev venv).
# Any missing file or failed step exits non-zero. Usage: .ci/wheel_smoke.sh (after .ci/run's install).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-python3}
work=$(mktemp -d /tmp/career-prep-wheel.XXXXXX)
slack_pid=""
serve_pid=""
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null || true
  [ -n "$slack_pid" ] && kill "$slack_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "wheel smoke FAILED: $*" >&2; exit 1; }
unset PYTHONPATH

echo "-- build sdist and wheel"
"$repo/.venv/bin/python" -m build --outdir "$work/dist" "$repo" >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "build"; }
wheels=("$work"/dist/*.whl)
[ "${#wheels[@]}" -eq 1 ] || fail "expected one wheel, got: ${wheels[*]}"

echo "-- install ${wheels[0]##*/} into a fresh venv"
"$PYTHON" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "${wheels[0]}" 2>&1 | grep -v "^WARNING: Location" || true
[ -x "$work/venv/bin/career-prep" ] || fail "career-prep was not installed"

# From here on nothing of the checkout may be importable: no PYTHONPATH, and a directory of our own.
mkdir "$work/run"
cd "$work/run"
bot_dir=$("$work/venv/bin/python" -c 'import bot, pathlib; print(pathlib.Path(bot.__file__).parent)')
case "$bot_dir" in "$work/venv/"*) ;; *) fail "bot imported from $bot_dir, not from the fresh venv" ;; esac

echo "-- every migration and the manifest are inside the installed package"
(cd "$repo/migrations" && find . -type f \( -name '*.py' -o -name '*.mako' \) -not -path '*/__pycache__/*' | sort) >"$work/expected"
(cd "$bot_dir/_migrations" && find . -type f \( -name '*.py' -o -name '*.mako' \) -not -path '*/__pycache__/*' | sort) >"$work/installed" \
  || fail "no bot/_migrations in the installed package"
diff -u "$work/expected" "$work/installed" || fail "the installed migrations differ from migrations/"
cmp "$repo/app_manifest.yml" "$bot_dir/app_manifest.yml" || fail "the installed app_manifest.yml differs"

echo "-- start the fake Slack"
PYTHONPATH="$repo" "$repo/.venv/bin/python" "$repo/.ci/fake_slack_server.py" "$work/slack_url" "$work/slack_calls" &
slack_pid=$!
for _ in $(seq 100); do [ -s "$work/slack_url" ] && break; sleep 0.1; done
[ -s "$work/slack_url" ] || fail "the fake Slack did not start"

export SLACK_BOT_TOKEN=xoxb-wheel-smoke SLACK_SIGNING_SECRET=wheel-smoke LOG_LEVEL=WARNING
SLACK_API_URL=$(cat "$work/slack_url")
DATABASE_URL="sqlite:///$work/run/smoke.db"
export SLACK_API_URL DATABASE_URL
cli="$work/venv/bin/career-prep"

echo "-- career-prep db upgrade (empty SQLite file)"
: >"$work/run/smoke.db"
"$cli" db upgrade | grep -qx "Database is up to date." || fail "db upgrade"
head=$("$repo/.venv/bin/python" -c 'import sys; from alembic.script import ScriptDirectory; print(ScriptDirectory(sys.argv[1]).get_current_head())' "$repo/migrations")
at=$("$work/venv/bin/python" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("select version_num from alembic_version").fetchone()[0])' "$work/run/smoke.db")
[ "$at" = "$head" ] || fail "database at revision $at, expected head $head"

echo "-- career-prep run-due"
"$cli" run-due | grep -q "^Delivered 0," || fail "run-due"

echo "-- career-prep manifest"
"$cli" manifest --base-url https://smoke.example.com | grep -q "request_url: https://smoke.example.com/slack/events" || fail "manifest"

echo "-- career-prep serve -> GET /healthz"
port=$("$work/venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$cli" serve --port "$port" >"$work/serve.log" 2>&1 &
serve_pid=$!
health=""
for _ in $(seq 150); do
  health=$("$work/venv/bin/python" -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=1).read().decode())' "http://127.0.0.1:$port/healthz" 2>/dev/null) && break
  kill -0 "$serve_pid" 2>/dev/null || { cat "$work/serve.log"; fail "serve exited"; }
  sleep 0.1
done
[ -n "$health" ] || { cat "$work/serve.log"; fail "no answer on /healthz"; }
echo "   /healthz: $health"
echo "$health" | "$work/venv/bin/python" -c 'import json, sys; sys.exit(0 if json.load(sys.stdin)["database"] is True else 1)' || fail "/healthz: database not reachable"
kill -TERM "$serve_pid"
wait "$serve_pid" || { cat "$work/serve.log"; fail "serve did not stop cleanly"; }
serve_pid=""
! grep -q Traceback "$work/serve.log" || { cat "$work/serve.log"; fail "traceback in the serve log"; }

kill -TERM "$slack_pid"
wait "$slack_pid" || fail "the fake Slack did not stop cleanly"
slack_pid=""
grep -qx "auth.test" "$work/slack_calls" || fail "the bot never called auth.test on the fake Slack"
echo "-- the installed wheel starts, migrates and serves"
