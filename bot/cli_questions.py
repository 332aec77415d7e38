"""`career-prep questions import FILE --team T [--replace]` and `questions show --team T`: a workspace's
own questions for the manager's brief and the prep form."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.clock import system_clock
from bot.config import load_database_settings
from bot.db import make_engine, make_sessions
from bot.domain.conversation_types import ConversationType
from bot.domain.errors import DomainError
from bot.domain.question_defaults import PREP_PROMPTS, default_brief
from bot.domain.question_file import MAX_BYTES, BadQuestionFile, QuestionEntry, parse_question_file
from bot.domain.workspace_questions import Imported, Listing, QuestionMode, import_questions, list_questions
from bot.migrate import upgrade

FULL_ROTATION = 6  # two briefs of 3 without a repeat


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    questions = sub.add_parser("questions", help="Import or show a workspace's own brief questions and prep prompts.")
    q_sub = questions.add_subparsers(dest="q_command", required=True, metavar="Q_COMMAND")
    q_import = q_sub.add_parser(
        "import", help="Put the questions of a YAML file in place of the workspace's (checked first; all or nothing)."
    )
    q_import.add_argument("file", type=Path, metavar="FILE", help="YAML: a list of {id, text, audience, theme, tags}")
    q_import.add_argument("--team", required=True, help="Slack team id, e.g. T0123ABCD")
    q_import.add_argument(
        "--replace", action="store_true", help="use only these questions (default: add them to the default bank)"
    )
    q_import.add_argument(
        "--clear",
        action="store_true",
        help="allow a file with no questions: removes the workspace's own (only the default bank is left)",
    )
    q_show = q_sub.add_parser("show", help="List the workspace's questions and how they mix with the default bank.")
    q_show.add_argument("--team", required=True, help="Slack team id, e.g. T0123ABCD")


def run(args: argparse.Namespace) -> int:
    """Run `questions import` or `questions show`; 2 on a bad file or an unknown workspace."""
    try:
        entries = _read(args.file) if args.q_command == "import" else ()
    except BadQuestionFile as exc:
        print(f"Error: {args.file} was not imported; nothing changed:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {args.file}: {problem}", file=sys.stderr)
        return 2
    if args.q_command == "import" and not entries and not args.clear:
        # A truncated or wrong file must not wipe the workspace's questions by accident.
        print(
            f"Error: {args.file} has no questions in it; nothing changed. To remove the workspace's own "
            "questions on purpose, run the import again with --clear.",
            file=sys.stderr,
        )
        return 2
    settings = load_database_settings()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        with make_sessions(engine).begin() as session:
            if args.q_command == "import":
                imported = import_questions(
                    session, team_id=args.team, entries=entries, replace=args.replace, now=system_clock()
                )
                print(_imported_line(imported))
            for line in _listing_lines(list_questions(session, team_id=args.team)):
                print(line)
    except DomainError as exc:
        print(f"Error: {exc.message}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return 0


def _read(path: Path) -> tuple[QuestionEntry, ...]:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise BadQuestionFile([f"the file is larger than {MAX_BYTES // 1000} kB; split it or trim it"])
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BadQuestionFile([f"cannot read it ({exc.strerror or exc})"]) from None
    except UnicodeDecodeError:
        raise BadQuestionFile(["it is not UTF-8 text"]) from None
    return parse_question_file(text)


def _imported_line(imported: Imported) -> str:
    how = "in place of the default bank" if imported.mode is QuestionMode.REPLACE else "beside the default bank"
    return (
        f"Imported into workspace {imported.team_id}, {how}: brief questions {imported.brief}, "
        f"prep prompts {imported.prep} (in place of the {imported.replaced} it had)."
    )


def _listing_lines(listing: Listing) -> list[str]:
    mode = (
        "replace: only the workspace's questions, except for a type it has none for"
        if listing.mode is QuestionMode.REPLACE
        else "extend: the workspace's questions join the default bank"
    )
    lines = [f"Workspace {listing.team_id}: mode {mode}."]
    lines += [f"  {'type':<16} {'brief: own':>10} {'default':>8}  {'prep: own':>9} {'default':>8}"]
    for kind in ConversationType:
        own_brief = sum(q.audience == "brief" and kind.value in q.tags for q in listing.own)
        own_prep = sum(q.audience == "prep" and kind.value in q.tags for q in listing.own)
        lines.append(
            f"  {kind.value:<16} {own_brief:>10} {len(default_brief(kind)):>8}  {own_prep:>9} "
            f"{len(PREP_PROMPTS[kind]):>8}"
        )
    if listing.mode is QuestionMode.REPLACE and any(
        0 < sum(q.audience == "brief" and kind.value in q.tags for q in listing.own) < FULL_ROTATION
        for kind in ConversationType
    ):
        lines.append(
            f"Note: a type with fewer than {FULL_ROTATION} brief questions of its own may get a brief with fewer "
            "than 3 questions, so that no question comes twice in a row."
        )
    if not listing.own:
        lines.append("No questions of its own yet: `career-prep questions import FILE --team ...` adds them.")
    for q in listing.own:
        lines.append(f"  [{q.audience}] {q.question_key} ({q.theme}; {', '.join(q.tags)}): {q.text}")
    return lines
