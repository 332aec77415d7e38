"""When a digest is due, as pure arithmetic: the chosen weekday and hour in the owner's zone, across
daylight saving and a change of zone, and the outbox key of each slot."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.digest.slots import first_slot, following_slot, next_slot_after, slot_key
from bot.models import DigestScope, DigestSubscription

NY = "America/New_York"
NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # Monday 09:00 in New York


def test_first_slot_is_the_next_chosen_weekday_and_hour_in_the_owners_zone() -> None:
    assert first_slot(weekday=0, hour=9, tz=NY, after=NOW) == datetime(2026, 11, 30, 14, tzinfo=UTC)
    assert first_slot(weekday=0, hour=10, tz=NY, after=NOW) == datetime(2026, 11, 23, 15, tzinfo=UTC)
    assert first_slot(weekday=4, hour=15, tz="Europe/Berlin", after=NOW) == datetime(2026, 11, 27, 14, tzinfo=UTC)


def test_following_slots_keep_the_local_hour_across_daylight_saving() -> None:
    before_dst = datetime(2027, 3, 8, 14, tzinfo=UTC)  # Monday 09:00 EST
    weekly = following_slot(before_dst, interval_weeks=1, weekday=0, hour=9, tz=NY)
    fortnightly = following_slot(before_dst, interval_weeks=2, weekday=0, hour=9, tz=NY)

    assert weekly == datetime(2027, 3, 15, 13, tzinfo=UTC)  # 09:00 EDT
    assert fortnightly == datetime(2027, 3, 22, 13, tzinfo=UTC)


def test_following_slot_stays_on_the_weekday_when_the_owner_moves_zone() -> None:
    monday_in_ny = datetime(2026, 11, 30, 14, tzinfo=UTC)  # already Tuesday 03:00 in Auckland

    nxt = following_slot(monday_in_ny, interval_weeks=1, weekday=0, hour=9, tz="Pacific/Auckland")

    assert nxt == datetime(2026, 12, 6, 20, tzinfo=UTC)  # Monday 7 Dec 09:00 in Auckland


def test_the_next_slot_follows_the_subscriptions_interval_weekday_and_hour() -> None:
    sub = DigestSubscription(id=7, team_id="T1", scope=DigestScope.TEAM, interval_weeks=2, weekday=4, hour=15)
    friday = datetime(2026, 11, 27, 20, tzinfo=UTC)  # Friday 15:00 in New York

    assert next_slot_after(sub, friday, NY) == datetime(2026, 12, 11, 20, tzinfo=UTC)


def test_a_slots_key_names_the_subscription_and_the_owners_local_date() -> None:
    sub = DigestSubscription(id=7, team_id="T1", scope=DigestScope.TEAM, interval_weeks=1, weekday=0, hour=9)
    late_sunday_in_ny = datetime(2026, 11, 30, 3, tzinfo=UTC)  # already Monday in UTC

    assert slot_key(sub, late_sunday_in_ny, NY) == "digest:7:2026-11-29"
    assert slot_key(sub, late_sunday_in_ny, "Europe/Berlin") == "digest:7:2026-11-30"
