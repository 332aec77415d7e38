"""The person's local today: the date on their own calendar, which decides "in the past" for their input."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from bot.domain.people import Profile, local_today, upsert_person
from bot.domain.workspaces import ensure_workspace
from tests.support.people import ANA, LEO, MIRA, TEAM

# 23:30 UTC on 10 Mar: already the 11th in Berlin and Tokyo, still the 10th in New York.
LATE = datetime(2026, 3, 10, 23, 30, tzinfo=UTC)


def test_each_person_gets_the_date_of_their_own_time_zone(db: Session) -> None:
    ensure_workspace(db, team_id=TEAM, now=LATE)
    for profile in (ANA, MIRA, LEO):
        upsert_person(db, team_id=TEAM, profile=profile, now=LATE)

    days = {
        p.slack_user_id: local_today(db, team_id=TEAM, slack_user_id=p.slack_user_id, now=LATE)
        for p in (ANA, MIRA, LEO)
    }

    assert days == {
        ANA.slack_user_id: date(2026, 3, 11),
        MIRA.slack_user_id: date(2026, 3, 10),
        LEO.slack_user_id: date(2026, 3, 11),
    }


def test_someone_unknown_or_without_a_usable_zone_gets_utcs_date(db: Session) -> None:
    ensure_workspace(db, team_id=TEAM, now=LATE)
    upsert_person(db, team_id=TEAM, profile=Profile("UNOZONE", "No Zone", None), now=LATE)

    assert local_today(db, team_id=TEAM, slack_user_id="UNOZONE", now=LATE) == date(2026, 3, 10)
    assert local_today(db, team_id=TEAM, slack_user_id="USTRANGER", now=LATE) == date(2026, 3, 10)
    assert local_today(db, team_id="T9999", slack_user_id=ANA.slack_user_id, now=LATE) == date(2026, 3, 10)
