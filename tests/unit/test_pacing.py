"""The pacer lets posts go: one per interval in a channel (counted from the last answer), at most the
workspace's limit in the air or answered within a window, and none before a pause Slack asked for ends."""

from __future__ import annotations

import pytest

from bot.scheduling.pacing import BUSY_RETRY_SECONDS, Pace, Pacer
from tests.support.fake_slack_limits import ManualClock


def test_a_channel_waits_an_interval_from_its_last_answer() -> None:
    clock = ManualClock(start=0.0)
    pacer = Pacer(Pace(per_second=100, channel_interval=1.0), clock=clock)

    assert pacer.acquire("T1", "D1") == 0.0
    clock.sleep(0.3)  # Slack took 0.3 s to answer
    pacer.posted("T1", "D1")

    assert pacer.channel_ready_at("D1") == pytest.approx(1.3)
    assert pacer.acquire("T1", "D1") == pytest.approx(1.0)
    assert pacer.acquire("T1", "D2") == 0.0  # another channel may go at once


def test_a_workspace_has_at_most_its_limit_in_the_air_or_answered_within_a_second() -> None:
    clock = ManualClock(start=0.0)
    pacer = Pacer(Pace(per_second=3), clock=clock)

    assert [pacer.acquire("T1", f"D{n}") for n in range(3)] == [0.0, 0.0, 0.0]
    assert pacer.acquire("T1", "D3") == BUSY_RETRY_SECONDS  # three in the air: wait for an answer
    assert pacer.acquire("T2", "D9") == 0.0  # another workspace has its own limit
    clock.sleep(0.2)
    pacer.posted("T1", "D0")
    clock.sleep(0.1)
    pacer.posted("T1", "D1")

    # Two answered within the last second and one in the air: the next may go when the first
    # answer is a second old.
    assert pacer.acquire("T1", "D3") == pytest.approx(0.9)
    clock.sleep(0.9)
    assert pacer.acquire("T1", "D3") == 0.0


def test_a_slow_rate_is_one_post_per_so_many_seconds() -> None:
    assert Pace(per_second=0.5).window == (2.0, 1)
    assert Pace(per_second=5).window == (1.0, 5)


def test_nothing_goes_before_a_pause_ends_even_without_a_pace() -> None:
    clock = ManualClock(start=0.0)
    for pacer in (Pacer(Pace(per_second=10), clock=clock), Pacer(None, clock=clock)):
        pacer.pause("T1", 5)
        assert pacer.acquire("T1", "D1") == pytest.approx(5)
        assert pacer.acquire("T2", "D2") == 0.0
