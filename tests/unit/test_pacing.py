"""The pacer books posts: one per interval in a channel, spaced for the workspace rate (with its
headroom), never before a pause Slack asked for ends."""

from __future__ import annotations

import pytest

from bot.scheduling.pacing import HEADROOM, Pace, Pacer
from tests.support.fake_slack_limits import ManualClock


def test_posts_to_one_channel_are_booked_an_interval_apart_and_after_the_last_answer() -> None:
    clock = ManualClock(start=0.0)
    pacer = Pacer(Pace(per_second=100, channel_interval=1.0), clock=clock)

    assert pacer.book("T1", "D1") == 0.0
    clock.sleep(0.3)  # Slack took 0.3 s to answer
    pacer.posted("D1")

    assert pacer.channel_ready_at("D1") == pytest.approx(1.3)
    assert pacer.book("T1", "D1") == pytest.approx(1.3)


def test_posts_of_one_workspace_are_spaced_for_its_rate_across_channels() -> None:
    pacer = Pacer(Pace(per_second=10), clock=ManualClock(start=0.0))

    booked = [pacer.book("T1", f"D{n}") for n in range(4)]
    other_workspace = pacer.book("T2", "D9")

    assert booked == pytest.approx([n / (10 * HEADROOM) for n in range(4)])
    assert other_workspace == 0.0


def test_nothing_is_booked_before_a_pause_ends_even_without_a_pace() -> None:
    clock = ManualClock(start=0.0)
    for pacer in (Pacer(Pace(per_second=10), clock=clock), Pacer(None, clock=clock)):
        pacer.pause("T1", 5)
        assert pacer.book("T1", "D1") == pytest.approx(clock() + 5)
        assert pacer.book("T2", "D2") == clock()
