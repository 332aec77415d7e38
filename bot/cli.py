"""The `career-prep` command: run, serve, run-due, db upgrade, workspace, questions, manifest."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Sequence
from types import FrameType

from bot import __version__, cli_questions
from bot.clock import system_clock
from bot.config import ConfigError, Settings, configure_logging, load_database_settings, load_settings
from bot.runtime import Runtime, StartupError

logger = logging.getLogger("bot.cli")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="career-prep", description="Career Prep, a Slack bot for career conversations."
    )
    parser.add_argument("--version", action="version", version=f"career-prep {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("run", help="Run the bot: Socket Mode if SLACK_APP_TOKEN is set, else HTTP; with the scheduler.")
    serve = sub.add_parser("serve", help="Run the HTTP server (POST /slack/events, GET /healthz).")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=3000, help="port to listen on (default 3000)")
    serve.add_argument("--no-scheduler", action="store_true", help="do not run the reminder tick in this process")
    sub.add_parser(
        "run-due",
        help="Deliver everything due now once, then exit (for cron or after downtime); "
        "exits 1 while a workspace is blocked (Slack refuses its token).",
    )
    db = sub.add_parser("db", help="Database commands.")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="DB_COMMAND")
    db_sub.add_parser("upgrade", help="Apply all database migrations.")
    deliveries = sub.add_parser("deliveries", help="List pending, failed and recent deliveries (the outbox).")
    deliveries.add_argument(
        "--state",
        choices=["pending", "claimed", "sent", "failed", "cancelled", "all"],
        action="append",
        help="only these states (repeatable; default: pending, claimed and failed)",
    )
    deliveries.add_argument("--limit", type=int, default=50, help="at most this many rows (default 50)")
    workspace = sub.add_parser("workspace", help="Show or change a workspace's schedule defaults.")
    ws_sub = workspace.add_subparsers(dest="ws_command", required=True, metavar="WS_COMMAND")
    ws_show = ws_sub.add_parser("show", help="Show the defaults (all workspaces, or one with --team).")
    ws_show.add_argument("--team", help="Slack team id, e.g. T0123ABCD")
    ws_set = ws_sub.add_parser("set", help="Change defaults: career-prep workspace set --team T… check-in-days=14")
    ws_set.add_argument("--team", required=True, help="Slack team id, e.g. T0123ABCD")
    ws_set.add_argument("assignments", nargs="+", metavar="NAME=VALUE")
    ws_unblock = ws_sub.add_parser(
        "unblock",
        help="Let a blocked workspace send again, once auth.test accepts SLACK_BOT_TOKEN (needs the Slack settings).",
    )
    ws_unblock.add_argument("--team", required=True, help="Slack team id, e.g. T0123ABCD")
    ws_unblock.add_argument("--force", action="store_true", help="unblock without asking Slack about the token")
    cli_questions.add_parser(sub)
    manifest = sub.add_parser("manifest", help="Print app_manifest.yml with request URLs filled in.")
    manifest.add_argument("--base-url", required=True, help="public https URL the bot is served at")
    manifest.add_argument("--socket-mode", action="store_true", help="keep Socket Mode on in the printed manifest")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "db":
            return _db_upgrade()
        if args.command == "manifest":
            return _manifest(args.base_url, args.socket_mode)
        if args.command == "deliveries":
            return _deliveries(args.state, args.limit)
        if args.command == "questions":
            return cli_questions.run(args)
        if args.command == "workspace" and args.ws_command != "unblock":
            return _workspace(args.ws_command, args.team, getattr(args, "assignments", []))
        settings = load_settings()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    configure_logging(settings)
    try:
        if args.command == "workspace":
            from bot.cli_workspace import unblock

            return unblock(settings, team_id=args.team, force=args.force)
        if args.command == "run-due":
            return _run_due(settings)
        if args.command == "serve":
            return _serve(settings, host=args.host, port=args.port, scheduler=not args.no_scheduler)
        return _run(settings)
    except StartupError as exc:
        print(exc, file=sys.stderr)
        return 2


def _db_upgrade() -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from bot.migrate import upgrade
    from bot.sqlite_access import sqlite_write_problem

    settings = load_database_settings()
    configure_logging(settings)
    try:
        upgrade(settings.database_url)
    except SQLAlchemyError:
        problem = sqlite_write_problem(settings.database_url)
        if problem is None:
            raise
        print(f"Error: cannot open the SQLite database: {problem}.", file=sys.stderr)
        return 2
    print("Database is up to date.")
    return 0


def _deliveries(states: list[str] | None, limit: int) -> int:
    from bot.db import make_engine, make_sessions
    from bot.domain.outbox_report import delivery_rows, state_counts
    from bot.migrate import upgrade
    from bot.models import DeliveryState

    settings = load_database_settings()
    upgrade(settings.database_url)
    chosen = states or ["pending", "claimed", "failed"]
    wanted = None if "all" in chosen else [DeliveryState(s) for s in chosen]
    engine = make_engine(settings.database_url)
    with make_sessions(engine).begin() as session:
        counts = state_counts(session)
        rows = delivery_rows(session, states=wanted, limit=limit)
    engine.dispose()
    print("Outbox: " + (", ".join(f"{n} {state}" for state, n in sorted(counts.items())) or "empty"))
    if not rows:
        print("No deliveries in " + ("any state" if wanted is None else "state " + ", ".join(chosen)) + ".")
        return 0
    print(f"{'id':>6}  {'kind':<20} {'what':<32} {'to':<12} {'due (UTC)':<16} {'state':<9} {'tries':>5}  last error")
    for row in rows:
        print(
            f"{row.id:>6}  {row.kind:<20} {row.what:<32} {row.target:<12} {row.due_at:%Y-%m-%d %H:%M} "
            f"{row.state:<9} {row.attempts:>5}  {row.last_error[:80]}"
        )
    return 0


def _workspace(command: str, team_id: str | None, assignments: list[str]) -> int:
    from bot.cli_workspace import blocked_lines
    from bot.clock import system_clock
    from bot.db import make_engine, make_sessions
    from bot.domain.errors import DomainError, InvalidInput
    from bot.domain.workspace_settings import apply_settings, describe, workspaces
    from bot.migrate import upgrade

    settings = load_database_settings()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        with make_sessions(engine).begin() as session:
            if command == "set":
                assert team_id is not None
                apply_settings(session, team_id=team_id, assignments=assignments, now=system_clock())
            found = workspaces(session, team_id)
            for workspace in found:
                print(f"Workspace {workspace.team_id}" + (f" ({workspace.name})" if workspace.name else ""))
                for line in blocked_lines(session, workspace.team_id):
                    print(f"  {line}")
                for name, value, help_text in describe(workspace):
                    print(f"  {name:<22} {value:<28} {help_text}")
            if not found:
                print("No workspaces yet: one appears when someone first uses the bot.")
    except InvalidInput as exc:
        for name, problem in exc.errors.items():
            print(f"Error: {name}: {problem}", file=sys.stderr)
        return 2
    except DomainError as exc:
        print(f"Error: {exc.message}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return 0


def _manifest(base_url: str, socket_mode: bool) -> int:
    from bot.manifest import base_url_warnings, dump_manifest, fill_request_urls, load_manifest

    try:
        filled = fill_request_urls(load_manifest(), base_url, socket_mode=socket_mode)
    except ValueError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    for warning in base_url_warnings(base_url):
        print(f"Warning: {warning}", file=sys.stderr)
    print(dump_manifest(filled), end="")
    return 0


def _run_due(settings: Settings) -> int:
    from bot.cli_workspace import blocked_lines

    runtime = Runtime.start(settings, system_clock)
    # On SIGTERM (cron's or a container's stop), finish the message being sent and give the rest back.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: runtime.relay.stop())
    try:
        report = runtime.tick_while_due(keep_going=False)
        print(
            f"Delivered {report.sent}, retrying {report.retrying}, failed {report.failed}, "
            f"cancelled {report.cancelled}; {report.held} waiting for working hours."
        )
        with runtime.sessions.begin() as session:
            held = blocked_lines(session, None)
        checked, _ = runtime.identity.last_check if runtime.identity is not None else (None, None)
        if runtime.identity is not None and runtime.identity.known is None and checked is not None:
            held.append(f"Slack could not be reached ({checked.reason}); what is due will be retried next time.")
    finally:
        runtime.stop()
    for line in held:
        print(line)
    return 1 if held else 0


def _serve(settings: Settings, *, host: str, port: int, scheduler: bool) -> int:
    runtime = Runtime.start(settings, system_clock)
    if scheduler:
        runtime.start_scheduler()
    logger.info("serving HTTP on %s:%d (POST /slack/events, GET /healthz)", host, port)
    # `docker stop` sends SIGTERM: stop as cleanly as on Ctrl-C.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        _listen(runtime, host=host, port=port, threads=8)
    except KeyboardInterrupt:
        pass
    finally:
        runtime.stop()
        logger.info("stopped")
    return 0


def _listen(runtime: Runtime, *, host: str, port: int, threads: int) -> None:
    """Serve HTTP until interrupted; a port that cannot be bound is one clear line, not a traceback."""
    from waitress import serve

    from bot.web import server_options

    try:
        serve(runtime.wsgi_app(), host=host, port=port, threads=threads, **server_options())
    except OSError as exc:
        raise StartupError(
            f"Startup error: cannot listen on {host}:{port} ({exc.strerror or exc}). Stop what uses that port,"
            " or set PORT (and HOST) to another."
        ) from None


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _run(settings: Settings) -> int:
    """The main job. With SLACK_APP_TOKEN it connects out over Socket Mode and still serves
    /healthz on HOST:PORT for container health checks; without it, Slack calls /slack/events."""
    if not settings.socket_mode:
        return _serve(settings, host=settings.host, port=settings.port, scheduler=True)
    import threading

    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.socket_mode import connect

    runtime = Runtime.start(settings, system_clock)
    assert settings.slack_app_token is not None
    handler = SocketModeHandler(runtime.app, settings.slack_app_token.get_secret_value())
    signal.signal(signal.SIGTERM, _interrupt)
    stop = threading.Event()
    retrying = None
    try:
        retrying = connect(handler, stop)
        runtime.start_scheduler()
        if retrying is None:
            logger.info("connected to Slack over Socket Mode; health checks on %s:%d", settings.host, settings.port)
        _listen(runtime, host=settings.host, port=settings.port, threads=4)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        # First, before the Socket Mode client takes its seconds to close: the relay stops taking work now.
        runtime.relay.stop()
        if retrying is not None:
            retrying.join(timeout=5)
        handler.close()  # type: ignore[no-untyped-call]
        runtime.stop()
        logger.info("stopped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
