"""The workspace's own questions end to end: imported with the CLI (a real process), used in the
manager's brief sent by the relay, a bad file refused line by line, and a stay interview chosen with
`/career-prep type` changing both the prep form and the brief for that one meeting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session

from bot.cli import main
from bot.db import SessionFactory
from bot.domain.conversation_types import ConversationType
from bot.domain.question_bank import QUESTIONS
from bot.domain.question_defaults import PREP_PROMPTS, default_brief
from bot.domain.workspaces import ensure_workspace
from bot.models import Conversation, Workspace, WorkspaceQuestion
from bot.scheduling.relay import Relay
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.prep_flow import EMPLOYEE, MANAGER, add_people, all_text, open_prep, set_up_pair
from tests.support.questions_flow import GOOD_FILE, brief_now, career_prep
from tests.support.signed import SignedSlack

STAY = ConversationType.STAY_INTERVIEW


@pytest.fixture(autouse=True)
def pair(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    add_people(fake_slack)
    set_up_pair(slack, fake_slack)


def latest_brief(fake_slack: FakeSlack) -> str:
    briefs = [m for m in fake_slack.messages(channel="D" + MANAGER) if " with ana (" in m["text"]]
    assert briefs, [m["text"] for m in fake_slack.messages()]
    return all_text(briefs[-1]["blocks"])


def own_rows(sessions: SessionFactory) -> list[tuple[str, str]]:
    with sessions.begin() as session:
        rows = session.scalars(select(WorkspaceQuestion).order_by(WorkspaceQuestion.position))
        return [(row.question_key, row.text) for row in rows]


def test_an_imported_question_file_is_used_in_the_managers_brief(
    tmp_path: Path,
    database_url: str,
    engine: Engine,
    fake_slack: FakeSlack,
    sessions: SessionFactory,
    relay: Relay,
    clock: FakeClock,
) -> None:
    questions = tmp_path / "acme.yml"
    questions.write_text(GOOD_FILE)

    done = career_prep(engine, database_url, "questions", "import", str(questions), "--team", "T0001", "--replace")

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        "Imported into workspace T0001, in place of the default bank: brief questions 2, prep prompts 1"
    )
    assert "[brief] acme-garden (direction; career_growth): Which corner of our product garden" in done.stdout
    shown = career_prep(engine, database_url, "questions", "show", "--team", "T0001")
    assert shown.returncode == 0, shown.stderr
    assert "Workspace T0001: mode replace" in shown.stdout
    assert "[prep] acme-stay-prep (general; stay_interview)" in shown.stdout

    brief_now(sessions, relay, clock, MANAGER)

    brief = latest_brief(fake_slack)
    assert "career conversation with ana" in brief
    assert "Which corner of our product garden would you like to tend next?" in brief
    # Replace mode: the workspace's career-growth question only, none of the default bank's.
    assert not [q.id for q in QUESTIONS if q.text in brief]
    assert "career ladder" not in brief  # a stay-interview question stays out of a career conversation
    with sessions.begin() as session:
        assert session.scalars(select(Conversation.brief_questions)).one() == ["ws:acme-garden"]


def test_a_bad_file_names_its_bad_lines_and_changes_nothing(
    tmp_path: Path, database_url: str, engine: Engine, sessions: SessionFactory
) -> None:
    good = tmp_path / "good.yml"
    good.write_text(GOOD_FILE)
    assert career_prep(engine, database_url, "questions", "import", str(good), "--team", "T0001").returncode == 0
    before = own_rows(sessions)
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "- id: fine-one\n"  # 1
        "  text: A perfectly good question?\n"
        "  audience: brief\n"
        "- id: second\n"  # 4
        "  text: Who should you meet?\n"
        "  audience: managers\n"  # 6
        "  tags: [career_growth, stay-interviews]\n"  # 7
        "- text: Where is my id?\n"  # 8
        "  audience: prep\n"
        "  colour: blue\n"  # 10
    )

    refused = career_prep(engine, database_url, "questions", "import", str(bad), "--team", "T0001", "--replace")

    assert refused.returncode == 2
    assert refused.stdout == ""
    assert refused.stderr.splitlines() == [
        f"Error: {bad} was not imported; nothing changed:",
        f"  {bad}: line 6: audience must be brief or prep, not 'managers'",
        f"  {bad}: line 7: unknown tag 'stay-interviews' (known: career_growth, feedback, stay_interview, "
        "mid_year_review)",
        f"  {bad}: line 8: the question has no id",
        f"  {bad}: line 10: unknown field 'colour' (known: id, text, audience, theme, tags)",
    ]
    assert own_rows(sessions) == before
    with sessions.begin() as session:
        workspace = session.get(Workspace, "T0001")
        assert workspace is not None
        assert workspace.question_mode == "extend"

    bad.write_text("- id: x\n  text: [unclosed\n")
    refused = career_prep(engine, database_url, "questions", "import", str(bad), "--team", "T0001")
    assert refused.returncode == 2
    assert f"{bad}: line 3: not valid YAML" in refused.stderr
    assert own_rows(sessions) == before


def test_an_unknown_workspace_is_refused_through_main(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """main() in this process, on a database of its own (the server's file stays with the server)."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'own.db'}")
    good = tmp_path / "good.yml"
    good.write_text(GOOD_FILE)

    assert main(["questions", "import", str(good), "--team", "TNOPE"]) == 2

    assert capsys.readouterr().err == "Error: No workspace TNOPE here yet: it appears once someone uses the bot.\n"


def test_an_empty_file_clears_the_workspaces_questions_only_when_asked_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'own.db'}")
    good, empty = tmp_path / "good.yml", tmp_path / "empty.yml"
    good.write_text(GOOD_FILE)
    empty.write_text("# the questions went missing in a copy\n")
    assert main(["questions", "show", "--team", "TNOPE"]) == 2  # migrates the database
    capsys.readouterr()
    engine = create_engine(f"sqlite:///{tmp_path / 'own.db'}")
    with Session(engine) as session, session.begin():
        ensure_workspace(session, team_id="T0001", now=datetime(2026, 12, 1, tzinfo=UTC))
    engine.dispose()
    assert main(["questions", "import", str(good), "--team", "T0001"]) == 0

    assert main(["questions", "import", str(empty), "--team", "T0001", "--replace"]) == 2
    assert "has no questions in it; nothing changed" in capsys.readouterr().err
    assert "[brief] acme-garden" in _shown(capsys)  # still there

    assert main(["questions", "import", str(empty), "--team", "T0001", "--clear"]) == 0
    assert "in place of the 3 it had" in capsys.readouterr().out
    assert "[brief] acme-garden" not in _shown(capsys)


def _shown(capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["questions", "show", "--team", "T0001"]) == 0
    return capsys.readouterr().out


def test_a_stay_interview_changes_the_prep_prompts_and_the_brief_for_one_meeting(
    tmp_path: Path,
    database_url: str,
    engine: Engine,
    slack: SignedSlack,
    fake_slack: FakeSlack,
    sessions: SessionFactory,
    relay: Relay,
    clock: FakeClock,
) -> None:
    questions = tmp_path / "acme.yml"
    questions.write_text(GOOD_FILE)
    done = career_prep(engine, database_url, "questions", "import", str(questions), "--team", "T0001")
    assert done.returncode == 0, done.stderr

    slack.command(EMPLOYEE, "type stay-interview")

    answer = fake_slack.responses[-1]["text"]
    assert "is now a stay interview" in answer
    form = all_text(open_prep(slack, fake_slack)["blocks"])
    assert "This 1:1 is a stay interview" in form
    assert all(prompt in form for prompt in PREP_PROMPTS[STAY])
    assert "Jot down the moment this year you felt most at home at Acme." in form

    brief_now(sessions, relay, clock, MANAGER)
    brief = latest_brief(fake_slack)
    assert "stay interview with ana" in brief
    stay_texts = [q.text for q in default_brief(STAY)] + ["If you could redesign one rung of our career ladder"]
    asked = [text for text in stay_texts if text in brief]
    assert len(asked) == 3
    assert not [q.id for q in QUESTIONS if q.text in brief]  # no career-growth question in a stay interview

    # After that meeting, the next one is a career conversation again: its prep and brief say so.
    with sessions.begin() as session:
        first = session.scalars(select(Conversation)).one()
        clock.set(first.scheduled_at + timedelta(minutes=first.length_minutes, hours=1))
    form = all_text(open_prep(slack, fake_slack)["blocks"])
    assert "stay interview" not in form
    assert "Jot down the moment" not in form
    brief_now(sessions, relay, clock, MANAGER)
    assert "career conversation with ana" in latest_brief(fake_slack)
    with sessions.begin() as session:
        kinds = session.execute(select(Conversation.conversation_type).order_by(Conversation.scheduled_at)).all()
        assert [k for (k,) in kinds] == ["stay_interview", None]


def test_the_manager_chooses_for_a_report_and_nobody_else_can(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    slack.command("UEVE", f"type stay-interview <@{EMPLOYEE}|ana>")
    assert "Only the two people in a 1:1 can choose its type" in fake_slack.responses[-1]["text"]
    with sessions.begin() as session:
        assert session.scalars(select(Conversation.conversation_type)).all() in ([], [None])

    evening = datetime(2026, 11, 23, 19, 0, tzinfo=UTC)  # 20:00 in Berlin, after Ana's hours
    clock.set(evening)
    slack.command(MANAGER, f"type stay-interview <@{EMPLOYEE}|ana>")
    slack.command(MANAGER, f"type mid-year-review <@{EMPLOYEE}|ana>")

    assert "Your next 1:1 with ana" in fake_slack.responses[-1]["text"]
    assert "is now a mid-year review" in fake_slack.responses[-1]["text"]
    slack.command(EMPLOYEE, "type")
    assert "is a mid-year review" in fake_slack.responses[-1]["text"]
    slack.command(EMPLOYEE, "type coffee-chat")
    assert "I don't know the type 'coffee-chat'" in fake_slack.responses[-1]["text"]
    slack.command(EMPLOYEE, "type " + "x" * 3000)
    assert "stay-interview" in fake_slack.responses[-1]["text"]  # the choices, not cut off by the echo
    slack.command(MANAGER, "type stay-interview")  # no 1:1s of her own: she meant a report's
    assert "name them: `/career-prep type stay-interview @name`" in fake_slack.responses[-1]["text"]
    with sessions.begin() as session:
        assert session.scalars(select(Conversation.conversation_type)).one() == "mid_year_review"
    # Ana hears of it once, in her hours, with what it is now (the earlier switch is not sent too).
    relay.run_once(evening)
    assert not [m for m in fake_slack.messages(channel="D" + EMPLOYEE) if "made your 1:1" in m["text"]]
    relay.run_once(clock.advance(hours=14))
    told = [m for m in fake_slack.messages(channel="D" + EMPLOYEE) if "made your 1:1" in m["text"]]
    assert [m["text"] for m in told] == [
        f"<@{MANAGER}> made your 1:1 on Tue 8 Dec 2026, 15:30 (Europe/Berlin) a mid-year review. Your prep "
        "(`/career-prep prep`) now starts with a few prompts for it; the one after is a career conversation again."
    ]
    assert not [m for m in fake_slack.messages(channel="DUEVE") if "made your 1:1" in m["text"]]


def test_the_manager_hears_when_the_employee_chooses(
    slack: SignedSlack, fake_slack: FakeSlack, relay: Relay, clock: FakeClock
) -> None:
    slack.command(EMPLOYEE, "type feedback")
    relay.run_once(clock.now)

    told = [m["text"] for m in fake_slack.messages(channel="D" + MANAGER) if "made your 1:1" in m["text"]]
    assert told == [
        f"<@{EMPLOYEE}> made your 1:1 on Tue 8 Dec 2026, 09:30 (America/New_York) a feedback conversation. "
        "Your brief the day before will have questions for it; the one after is a career conversation again."
    ]
