"""Intros on a person's record: met intros on the employee's Home, and every intro in the export, with the
employee's words only in theirs and a forgotten person named "a colleague"."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from bot.domain.export import build_export
from bot.domain.forget import forget
from bot.domain.home import home_summary
from bot.domain.intro_answers import accept_intro, record_outcome
from bot.domain.intros import request_intro
from bot.models import IntroOutcome, OfferKind
from bot.slack.blocks.home import home_view
from tests.support.intro_world import world
from tests.support.people import TEAM

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
WORDS = "Could I hear how you became a platform lead?"


def met(session: Session, helper_id: int, helper_user: str, kind: str) -> None:
    intro = request_intro(
        session, team_id=TEAM, employee_slack_id="UANA", helper_id=helper_id, kind=kind, note=WORDS, now=NOW
    )
    accept_intro(session, team_id=TEAM, intro_id=intro.id, actor_slack_id=helper_user, now=NOW)
    record_outcome(
        session,
        team_id=TEAM,
        intro_id=intro.id,
        round_=1,
        actor_slack_id=helper_user,
        outcome=IntroOutcome.MET,
        now=NOW,
    )


def test_met_intros_show_on_the_employees_home_only(db: Session) -> None:
    _ana, leo, mira = world(db, NOW)
    met(db, leo.id, "ULEO", OfferKind.INFORMATIONAL_INTERVIEW)
    met(db, mira.id, "UMIRA", OfferKind.INFORMATIONAL_INTERVIEW)
    met(db, leo.id, "ULEO", OfferKind.MENTORING)

    ana_home = home_summary(db, team_id=TEAM, slack_user_id="UANA", now=NOW)
    assert ana_home.met_intros == ((OfferKind.INFORMATIONAL_INTERVIEW, 2), (OfferKind.MENTORING, 1))
    shown = str(home_view(ana_home).to_dict())
    assert "2 informational interviews, 1 mentoring conversation" in shown
    leo_home = home_summary(db, team_id=TEAM, slack_user_id="ULEO", now=NOW)
    assert leo_home.met_intros == ()
    assert "learned from" not in str(home_view(leo_home).to_dict())


def test_the_export_lists_intros_with_the_employees_words_only_in_theirs(db: Session) -> None:
    _ana, leo, _mira = world(db, NOW)
    met(db, leo.id, "ULEO", OfferKind.MENTORING)

    ana = build_export(db, team_id=TEAM, slack_user_id="UANA", now=NOW)
    leo_export = build_export(db, team_id=TEAM, slack_user_id="ULEO", now=NOW)
    assert ana is not None
    assert leo_export is not None
    assert "## Intros" in ana.markdown
    assert "You asked Leo Park for mentoring" in ana.markdown
    assert "Did you meet: met" in ana.markdown
    assert WORDS in ana.markdown
    assert "Ana Silva asked you for mentoring" in leo_export.markdown
    assert WORDS not in leo_export.markdown

    forget(db, team_id=TEAM, slack_user_id="UANA", now=NOW)
    after = build_export(db, team_id=TEAM, slack_user_id="ULEO", now=NOW)
    assert after is not None
    assert "a colleague asked you for mentoring" in after.markdown
    assert "Ana" not in after.markdown
