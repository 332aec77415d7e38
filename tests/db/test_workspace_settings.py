"""Operators change a workspace's schedule defaults; every value is checked before any is applied."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from bot.domain.errors import InvalidInput, NotFound
from bot.domain.workspace_settings import apply_settings, describe, workspaces
from bot.domain.workspaces import ensure_workspace
from tests.conftest import FakeClock


@pytest.fixture
def team(db: Session, clock: FakeClock) -> str:
    ensure_workspace(db, team_id="T0001", now=clock.now)
    return "T0001"


def shown(db: Session, team: str) -> dict[str, str]:
    [workspace] = workspaces(db, team)
    return {name: value for name, value, _ in describe(workspace)}


def test_defaults_match_the_product_brief(db: Session, team: str) -> None:
    assert shown(db, team) == {
        "working-days": "Mon,Tue,Wed,Thu,Fri",
        "working-hours": "09:00-18:00",
        "prep-reminder": "2@10:00",
        "manager-brief": "1@09:00",
        "recap-nudge-minutes": "60",
        "check-in-days": "21",
        "coverage-window-days": "60",
        "holidays": "none",
        "org-digest-users": "none",
        "digests": "on",
        "office-hours-hosts": "anyone",
        "coverage-flag-days": "45",
        "reflection-dates": "default",
    }


def test_settings_change_together(db: Session, team: str, clock: FakeClock) -> None:
    apply_settings(
        db,
        team_id=team,
        assignments=[
            "working-days=6,0,1,2,3",
            "working-hours=08:30-24:00",
            "prep-reminder=3@09:15",
            "check-in-days=14",
            "org-digest-users=U01ABC, U02DEF",
            "digests=off",
            "holidays=2026-12-25, 2026-12-24",
            "office-hours-hosts=U01ABC",
        ],
        now=clock.now,
    )

    values = shown(db, team)
    assert values["working-days"] == "Mon,Tue,Wed,Thu,Sun"
    assert values["working-hours"] == "08:30-24:00"
    assert values["prep-reminder"] == "3@09:15"
    assert values["check-in-days"] == "14"
    assert values["org-digest-users"] == "U01ABC,U02DEF"
    assert values["digests"] == "off"
    assert values["holidays"] == "2026-12-24,2026-12-25"
    assert values["office-hours-hosts"] == "U01ABC"


@pytest.mark.parametrize(
    ("assignment", "field"),
    [
        ("working-days=7", "working-days"),
        ("working-hours=18:00-09:00", "working-hours"),
        ("working-hours=09:00-24:30", "working-hours"),
        ("prep-reminder=2@25:00", "prep-reminder"),
        ("check-in-days=0", "check-in-days"),
        ("org-digest-users=bob", "org-digest-users"),
        ("office-hours-hosts=bob", "office-hours-hosts"),
        ("digests=maybe", "digests"),
        ("holidays=christmas", "holidays"),
        ("colour=blue", "colour"),
        ("check-in-days", "check-in-days"),
    ],
)
def test_a_bad_value_changes_nothing(db: Session, team: str, clock: FakeClock, assignment: str, field: str) -> None:
    before = shown(db, team)

    with pytest.raises(InvalidInput) as error:
        apply_settings(db, team_id=team, assignments=["check-in-days=30", assignment], now=clock.now)

    assert field in error.value.errors
    assert shown(db, team) == before


def test_an_unknown_workspace_is_explained(db: Session) -> None:
    with pytest.raises(NotFound):
        workspaces(db, "TNOPE")
