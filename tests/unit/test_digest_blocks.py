"""Digest builders without mocks: Slack's limits for any team size, escaping, channel vs DM copies."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.digest.counts import GroupCoverage, ManagerCoverage, OrgDigest
from bot.domain.digest.coverage import Coverage
from bot.domain.digest.subscriptions import SubscriptionView
from bot.domain.digest.team import ItemCounts, OwnCommitment, ReportLine, TeamDigest
from bot.models import DigestScope
from bot.slack.blocks.common import MESSAGE_MAX_BLOCKS, Message
from bot.slack.blocks.digest import org_digest_message, schedule_text, team_digest_message
from bot.slack.blocks.digest_replies import channel_problem, overview, subscribed, undeliverable
from bot.slack.ids import Action
from bot.slack.values import DigestRef, decode
from tests.support.blockkit_checks import check_message

TODAY = date(2026, 11, 23)
NEXT = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
EVIL = "<!channel> Tom & <@UBOSS>"


def report(i: int, *, name: str | None = None, days: int | None = 30) -> ReportLine:
    cover = Coverage(
        None if days is None else TODAY - timedelta(days=days),
        days,
        covered=days is not None and days <= 60,
        flagged=days is None or days > 45,
    )
    return ReportLine(
        slack_user_id=f"U{i:05d}",
        name=name or f"Report Number {i}",
        coverage=cover,
        next_meeting_at=NEXT,
        prep_shared=i % 2 == 0,
        theirs=ItemCounts(2, 1),
        managers=ItemCounts(1, 0),
    )


def team(size: int, *, titles: int = 0, owner: str = "Mira Chen", first: str | None = None) -> TeamDigest:
    reports = [report(i, days=None if i % 7 == 0 else 10 + i) for i in range(size)]
    if first is not None:
        reports[0] = report(0, name=first, days=None)
    return TeamDigest(
        owner_user_id="UMIRA",
        owner_name=owner,
        tz="America/New_York",
        today=TODAY,
        window_days=60,
        flag_days=45,
        reports=tuple(reports),
        own_overdue=max(titles, 3),
        own_titles=tuple(OwnCommitment(f"Promise {i} {EVIL}", date(2026, 11, 1), EVIL) for i in range(titles)),
    )


def payload(message: Message) -> tuple[str, list[dict[str, object]]]:
    kwargs = message.as_kwargs()
    return kwargs["text"], kwargs["blocks"]


def valid(message: Message) -> str:
    """The message as Slack would receive it, asserted valid; returns all its text as JSON."""
    text, blocks = payload(message)
    assert check_message(text, blocks) == []
    assert len(blocks) <= MESSAGE_MAX_BLOCKS
    return json.dumps({"text": text, "blocks": blocks}, ensure_ascii=False)


def digest(data: TeamDigest, *, in_channel: bool = True) -> Message:
    return team_digest_message(data, subscription_id=7, in_channel=in_channel, schedule="every Monday at 09:00 (UTC)")


@pytest.mark.parametrize("size", [0, 1, 4, 60, 250, 2000])
@pytest.mark.parametrize("in_channel", [True, False])
def test_a_team_of_any_size_fits_slacks_limits(size: int, in_channel: bool) -> None:
    valid(digest(team(size, titles=25), in_channel=in_channel))


def test_pathological_names_and_titles_still_fit() -> None:
    data = team(2000, titles=10, owner="&" * 255)
    data = replace(
        data,
        reports=tuple(replace(r, name="&<" * 120) for r in data.reports),
        own_titles=tuple(replace(t, text="&<" * 250, report_name="&" * 255) for t in data.own_titles),
        own_overdue=99_999,
    )

    valid(digest(data))
    valid(digest(data, in_channel=False))


def test_a_team_of_sixty_is_shown_whole_in_the_managers_dm() -> None:
    shown = valid(digest(team(60), in_channel=False))

    assert all(f"Report Number {i}*" in shown for i in range(60))
    assert "more, not shown" not in shown


def test_a_very_large_team_is_summarized_and_says_so() -> None:
    shown = valid(digest(team(600), in_channel=False))

    assert "Report Number 0*" in shown  # the longest without a conversation come first
    assert "more, not shown to keep this short" in shown


def test_coverage_and_the_longest_without_one_are_stated() -> None:
    shown = valid(digest(team(4), in_channel=False))

    assert "3 of 4 had a development conversation in the last 60 days" in shown
    assert "Longest without one" in shown
    assert "Report Number 0 (none recorded)" in shown


PER_PERSON = ("last:", "next 1:1", ", prep shared", "no prep yet", "none recorded", "theirs", "Longest", "Tue 1 Dec")


@pytest.mark.parametrize("size", [5, 6, 60, 2000])
def test_a_channel_digest_names_nobody_and_holds_nothing_per_person(size: int) -> None:
    data = team(size, titles=3)
    data = replace(data, reports=tuple(replace(r, name=f"Person-{r.slack_user_id}") for r in data.reports))

    shown = valid(digest(data))

    assert "Person-" not in shown
    assert "U0000" not in shown
    assert not [marker for marker in PER_PERSON if marker in shown]
    assert "Promise" not in shown
    assert "12 Nov" not in shown  # nobody's date of last conversation
    assert "Mira Chen" in shown  # the manager who posts it is named


def test_a_channel_digest_of_five_or_more_gives_whole_team_counts() -> None:
    data = team(7, titles=0)  # one with none recorded (the first), everyone else covered; even ones shared prep
    reports = list(data.reports)
    reports[1] = replace(reports[1], next_meeting_at=None, prep_shared=False)
    data = replace(data, reports=tuple(reports), own_overdue=2)

    shown = valid(digest(data))

    assert "6 of 7 had a development conversation in the last 60 days" in shown
    assert "7 confirmed reports on the team" in shown
    assert "1 of 7 gone over 45 days without one" in shown
    assert "6 of 7 with a 1:1 scheduled, 4 of them with their prep shared for it" in shown
    assert "2 overdue commitments from the manager to the team" in shown
    assert "Whole-team counts only" in shown


@pytest.mark.parametrize("size", [0, 1, 2, 3, 4])
def test_a_team_under_five_gives_a_channel_no_figure_at_all(size: int) -> None:
    data = replace(team(size, titles=2), own_overdue=4)
    others = replace(team(max(size - 1, 0)), own_overdue=0)  # another team under five: the same post

    shown = valid(digest(data))

    assert shown == valid(digest(others))
    assert "fewer than 5 confirmed reports" in shown
    assert "`/career-prep digest dm`" in shown
    assert "Report Number" not in shown
    assert not re.search(r"\b[0-46-9]\b", json.dumps(mrkdwn(digest(data)).replace("09:00", "")))


def test_the_dm_keeps_the_detail_of_a_team_under_five() -> None:
    data = team(4, titles=2)

    shown = valid(digest(data, in_channel=False))

    assert all(f"Report Number {i}*" in shown for i in range(4))
    assert "3 of 4 had a development conversation" in shown
    assert "Your overdue commitments (3)" in shown
    assert "fewer than 5" not in shown


def mrkdwn(message: Message) -> str:
    """Every text Slack parses for mentions and links: the fallback text and mrkdwn objects."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn":
                found.append(str(node["text"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    text, blocks = payload(message)
    walk(blocks)
    return "\n".join([text, *found])


def test_names_are_escaped_and_nobody_is_pinged() -> None:
    for message in (digest(team(3, owner=EVIL, first=EVIL)), digest(team(3, first=EVIL, titles=2), in_channel=False)):
        valid(message)
        parsed = mrkdwn(message)
        assert "&lt;!channel&gt; Tom &amp; &lt;@UBOSS&gt;" in parsed
        assert "<!channel>" not in parsed
        assert "<@" not in parsed


def test_the_channel_copy_counts_the_managers_overdue_items_and_the_dm_lists_them() -> None:
    data = team(5, titles=12)
    data = replace(data, own_titles=data.own_titles[:10])  # the domain hands a DM at most ten titles

    in_channel = valid(digest(data))
    in_dm = valid(digest(data, in_channel=False))

    assert "12 overdue commitments from the manager to the team" in in_channel
    assert "Promise" not in in_channel
    assert "yours" not in in_channel
    assert "Your overdue commitments (12)" in in_dm
    assert "Promise 0 &lt;!channel&gt;" in in_dm
    assert "…and 2 more: see `/career-prep items`" in in_dm
    assert "Whole-team counts only" in in_channel
    assert "Only you get this copy" in in_dm


def test_report_lines_show_dates_prep_and_items_by_owner() -> None:
    shown = valid(digest(team(2), in_channel=False))

    assert "last: none recorded yet" in shown
    assert "last: 12 Nov (11 days ago)" in shown
    assert "next 1:1: Tue 1 Dec, prep shared" in shown
    assert "next 1:1: Tue 1 Dec, no prep yet" in shown
    assert "items: theirs 2 open (1 overdue), yours 1 open" in shown


def test_the_digest_has_a_stop_button_for_its_subscription() -> None:
    _, blocks = payload(digest(team(1)))
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]  # type: ignore[index, union-attr]

    assert [b["action_id"] for b in buttons] == [Action.DIGEST_OFF]
    assert decode(DigestRef, buttons[0]["value"]).subscription_id == 7
    assert "confirm" in buttons[0]


def org(sizes: list[int], *, names: str = "Manager") -> OrgDigest:
    """Teams of the given sizes, run through the domain's grouping rule, as the org digest gets them."""
    teams = [
        ManagerCoverage(f"UM{i}", f"{names} {i}", i % 5 != 0, size, covered=size // 2, flagged=1)
        for i, size in enumerate(sizes)
    ]
    return OrgDigest.grouped(teams, tz="UTC", today=TODAY, window_days=60, flag_days=45)


def org_message(data: OrgDigest) -> str:
    return valid(org_digest_message(data, subscription_id=3, schedule="every other Friday at 15:00 (UTC)"))


def figures_about(shown: str) -> list[int]:
    """The group sizes behind the "x of y" figures in a message (the fallback text repeats the summary)."""
    return sorted({int(whole) for _, whole in re.findall(r"(\d+) of (\d+)", shown)})


@pytest.mark.parametrize("managers", [0, 3, 1500])
def test_the_org_digest_fits_and_holds_counts_only(managers: int) -> None:
    shown = org_message(org([1 + i % 9 for i in range(managers)], names=EVIL))

    assert "<@" not in shown
    assert all(size >= 5 for size in figures_about(shown))


def test_the_org_digest_lists_teams_of_five_or_more_by_manager() -> None:
    shown = org_message(org([5, 8]))

    assert "*Manager 0* (left the workspace) — 2 of 5 covered · 1 over 45 days without one" in shown
    assert "*Manager 1* — 4 of 8 covered" in shown
    assert "6 of 13 people had a development conversation in the last 60 days" in shown
    assert "Smaller teams" not in shown
    assert "left out" not in shown


def test_teams_under_five_are_one_line_together() -> None:
    shown = org_message(org([6, 4, 1, 2]))

    assert "Manager 0" in shown
    assert not [f"Manager {i}" for i in (1, 2, 3) if f"Manager {i}" in shown]
    assert "*Smaller teams* (under 5 people each, together) — 3 of 7 covered · 3 over 45 days without one" in shown
    assert "6 of 13 people had a development conversation" in shown
    assert figures_about(shown) == [6, 7, 13]


def test_small_teams_too_few_together_are_left_out_and_the_total_with_them() -> None:
    shown = org_message(org([6, 3, 1]))

    assert "Manager 1" not in shown
    assert "Manager 2" not in shown
    assert "Smaller teams" not in shown
    assert "Teams under 5 people are left out" in shown
    assert "3 of 6 people had a development conversation" in shown  # not 4 of 10: that would tell about 4
    assert figures_about(shown) == [6]


def test_a_workspace_of_small_teams_only_gets_no_figure() -> None:
    shown = org_message(org([2, 1]))

    assert figures_about(shown) == []
    assert "Manager" not in shown
    assert "Teams under 5 people are left out" in shown
    assert "no figures yet" in shown


def test_an_org_digest_cannot_carry_a_group_under_five() -> None:
    with pytest.raises(ValueError, match="fewer than 5"):
        OrgDigest("UTC", TODAY, 60, 45, (ManagerCoverage("UM", "Mira", True, 4, 2, 1),), None, False)
    with pytest.raises(ValueError, match="fewer than 5"):
        OrgDigest("UTC", TODAY, 60, 45, (), GroupCoverage(4, 2, 1), False)


VIEW = SubscriptionView(7, DigestScope.TEAM, "C123", 2, 4, 15, "Europe/Berlin", True, NEXT)


def test_replies_about_subscriptions() -> None:
    assert schedule_text(VIEW) == "every other Friday at 15:00 (Europe/Berlin)"
    assert "<#C123>" in valid(subscribed(VIEW))
    assert "your DM" in valid(subscribed(SubscriptionView(7, DigestScope.TEAM, None, 1, 0, 9, "UTC", True, NEXT)))
    assert "Stop this digest" in valid(overview([VIEW]))
    assert "digest #channel" in valid(overview([]))
    assert "/invite @Career Prep" in valid(channel_problem("not_member", channel_id="C123", channel_name="mgrs"))
    assert "#&lt;b&gt; is archived" in valid(channel_problem("archived", channel_id=None, channel_name="<b>"))
    paused = valid(undeliverable(channel_id="C123", reason="is_archived", paused=True, scope=DigestScope.TEAM))
    assert "was archived" in paused
    assert "paused" in paused
