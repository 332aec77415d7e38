"""The export against a real database: the person's whole record as Markdown, only what a manager was
sent of their reports' conversations, nobody else's private prep, and user text that cannot break the file."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from bot.domain.export import build_export
from bot.domain.markdown import fenced, inline, slug
from tests.support.export_world import (
    ANA_PREP,
    HOSTILE,
    LEO_SECRET,
    LONG_STRENGTH,
    MIRA_ITEM,
    PRIYA_RECAP,
    PRIYA_SECRET,
    build_world,
    prep,
    set_up,
)
from tests.support.people import ANA, MIRA, TEAM

EXPORTED = datetime(2026, 12, 9, 9, 0, tzinfo=UTC)


def export_of(session: Session, user: str) -> str:
    export = build_export(session, team_id=TEAM, slack_user_id=user, now=EXPORTED)
    assert export is not None
    return export.markdown


def test_the_export_holds_the_persons_whole_record(db: Session) -> None:
    build_world(db)

    export = build_export(db, team_id=TEAM, slack_user_id="UANA", now=EXPORTED)

    assert export is not None
    assert export.filename == "career-prep-ana-silva-2026-12-09.md"
    assert export.title == "Career Prep record: Ana Silva, Wed 9 Dec 2026"
    text = export.markdown
    assert text.startswith("# Career Prep record: Ana Silva\n")
    assert "- Manager: Mira Chen (confirmed " in text
    assert "- 1:1s: monthly, 30 minutes, next on Tue 8 Dec 2026, 15:30" in text
    # The conversation, its date in Ana's zone, the prep in full with its labels, what was shared and when.
    assert "### Tue 8 Dec 2026, 15:30 with Mira Chen" in text
    assert "#### Strengths to use more" in text
    assert LONG_STRENGTH.strip() in text
    assert "- Agenda shared with your manager: Mon 23 Nov 2026, 15:00" in text
    assert "- Recap saved and sent to your manager: Tue 8 Dec 2026, 17:00" in text
    assert "Priya Rao (Slack user UPRIYA)" in text
    assert "Slack user UNOBODY" in text
    assert r"- **A mentor**: Someone in \*product\*" in text
    assert "feedback for UANA" in text
    # Items on both sides, with status and their history: who, when, from and to, and the note.
    assert MIRA_ITEM in text
    assert "- Owner: Mira Chen" in text
    assert "- Status: blocked, due Tue 15 Dec 2026" in text
    assert r"Tue 8 Dec 2026, 17:00, Mira Chen: open to blocked (Waiting for the \*director\* to be back)" in text
    assert "Tue 8 Dec 2026, 17:00, you: created as open (agreed in the recap)" in text
    # The meeting request, check-ins and the manager's side.
    assert "could we talk about a move?" in text.lower()
    assert "## Check-ins" in text
    assert "About the conversation of Tue 8 Dec 2026, 15:30: due Tue 29 Dec 2026, 17:00" in text
    assert "## As a manager" in text
    assert "### Tue 8 Dec 2026, 07:30 with Leo Park" in text


def test_a_manager_gets_only_what_reports_sent_them(db: Session) -> None:
    build_world(db)

    ana = export_of(db, "UANA")
    mira = export_of(db, "UMIRA")

    # Leo never shared his prep: Ana's export says so and holds none of it; his recap was sent to her.
    assert LEO_SECRET not in ana
    assert "- Agenda shared with you: no, it was not shared" in ana
    assert "Leo wants to try on-call leadership" in ana
    assert "Find Leo a mentor" in ana  # Ana owns it
    # Mira got Ana's shared agenda and both recaps, never Priya's unshared prep.
    assert PRIYA_SECRET not in mira
    assert PRIYA_RECAP in mira
    assert LONG_STRENGTH.strip() in mira
    assert "### Meeting requests sent to you" in mira
    # Nobody else's record leaks into Ana's, and Ana's record is not in Leo's beyond what they share.
    assert PRIYA_SECRET not in ana
    assert PRIYA_RECAP not in ana
    assert "Priya's own item" not in ana
    leo = export_of(db, "ULEO")
    assert LONG_STRENGTH.strip() not in leo
    assert MIRA_ITEM not in leo
    assert LEO_SECRET in leo


def test_someone_unknown_has_nothing_to_export(db: Session) -> None:
    build_world(db)

    assert build_export(db, team_id=TEAM, slack_user_id="UEVE", now=EXPORTED) is None
    assert build_export(db, team_id="T0002", slack_user_id="UANA", now=EXPORTED) is None


def test_someone_named_as_manager_only_gets_a_short_record(db: Session) -> None:
    set_up(db, ANA, MIRA)

    text = export_of(db, "UMIRA")

    assert "- 1:1s: not set up" in text
    assert "## As a manager" in text
    assert "- Agenda shared with you: no, it was not shared" in text
    assert "## Your conversations\n\nNone yet." in text


# -- Markdown that user text cannot break ----------------------------------------------------------------


def test_user_text_is_fenced_or_escaped(db: Session) -> None:
    build_world(db)

    text = export_of(db, "UANA")

    # Multi-line answers are kept verbatim inside a fence longer than any backtick run they hold.
    assert "`````text\n" + HOSTILE + "\n`````" in text
    # Single-line text is escaped: no emphasis, link or HTML can form.
    assert r"### Ask the \*platform\* lead about \[shadowing\]\(http://x\) \<b\>on-call\</b\>" in text
    # Nothing outside a fence starts a heading that the document did not write.
    outside = re.sub(r"(`{3,})text\n.*?\n\1", "", text, flags=re.S)
    assert "within a year" not in outside
    assert not [line for line in outside.splitlines() if line.startswith("#") and "not a heading" in line]


def test_the_document_renders_without_user_markup(db: Session) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    build_world(db)

    html = markdown_it.MarkdownIt("commonmark").render(export_of(db, "UANA"))

    assert "<script>" not in html
    assert "<b>on-call" not in html
    assert '<a href="http://x' not in html
    assert "<em>platform</em>" not in html
    assert "<h1>not a heading" not in html
    assert html.count("<h1>") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown, as text, inside its code block


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("plain words", "plain words"),
        ("*a* _b_ `c`", r"\*a\* \_b\_ \`c\`"),
        ("[x](y) <z> & #", r"\[x\]\(y\) \<z\> \& \#"),
        ("two\nlines\t here", "two lines here"),
        ("back\\slash | pipe ~ $", r"back\\slash \| pipe \~ \$"),
    ],
)
def test_inline_escapes_markdown(raw: str, expected: str) -> None:
    assert inline(raw) == expected


def test_a_fence_is_longer_than_any_backticks_inside() -> None:
    assert fenced("no ticks") == "```text\nno ticks\n```"
    assert fenced("a ``` b `````` c").startswith("```````text\n")


@pytest.mark.parametrize(
    ("name", "expected"), [("Ana Silva", "ana-silva"), ("Zoë O'Brien", "zoe-o-brien"), ("李", "record"), ("", "record")]
)
def test_file_names_are_safe(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_a_manager_who_has_not_confirmed_gets_nothing_of_the_report(db: Session) -> None:
    conversation = set_up(db, ANA, MIRA, confirm=False)
    prep(db, conversation, "UANA", ANA_PREP, share=True)

    text = export_of(db, "UMIRA")

    assert "## As a manager" not in text
    assert LONG_STRENGTH.strip() not in text
    assert "Ana Silva" not in text
