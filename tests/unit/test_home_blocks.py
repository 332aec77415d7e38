"""The App Home and team builders, pure: the employee and manager views, Slack's limits at any data size,
ids from bot.slack.ids, escaping, local times, and what a manager never sees of a report."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.domain.ask_views import MyAsks
from bot.domain.digest.coverage import Coverage
from bot.domain.digest.team import ItemCounts, ReportLine
from bot.domain.home import HomeSummary, PastConversation, PrepProgress, TeamSummary
from bot.domain.item_views import ItemCard
from bot.domain.opportunity_matching import Match
from bot.domain.planning import PlanningNote
from bot.domain.team import InvitationLine, Invited, InviteOutcome, TeamOverview
from bot.models import AskState, ConversationState, InvitationState, ItemStatus
from bot.slack.blocks.home import HOME_SURFACE, history_modal, home_view
from bot.slack.blocks.team import (
    invitation_accepted_notice,
    invitation_accepted_reply,
    invitation_declined_reply,
    invitation_message,
)
from bot.slack.forms.team import invited_view, team_modal
from bot.slack.ids import Action, Block, Callback
from bot.slack.values import InvitationRef, ItemRef, decode
from tests.support.ask_lines import ask_lines
from tests.support.blockkit_checks import MAX_VIEW_BLOCKS, check_message, check_view
from tests.support.payloads import Json, walk

NEXT = datetime(2026, 12, 8, 14, 30, tzinfo=UTC)  # 15:30 in Berlin
TODAY = date(2026, 11, 23)
ANA, MIRA, BOSS = "UANA", "UMIRA", "UBOSS"


def text_of(view: Json) -> str:
    return json.dumps(view, ensure_ascii=False)


def buttons(view: Json) -> list[Json]:
    return [d for d in walk(view["blocks"]) if d.get("type") == "button"]


def card(item_id: int, owner: str, counterpart: str, text: str = "Draft a learning plan", **kw: Any) -> ItemCard:
    fields: dict[str, Any] = {"due_date": date(2026, 12, 4), "status": ItemStatus.OPEN} | kw
    return ItemCard(item_id=item_id, text=text, owner_user_id=owner, counterpart_user_id=counterpart, **fields)


def employee(**kw: Any) -> HomeSummary:
    fields: dict[str, Any] = {
        "tz": "Europe/Berlin",
        "manager_user_id": MIRA,
        "manager_confirmed": True,
        "next_meeting_at": NEXT,
        "today": TODAY,
        "owned": (card(1, ANA, MIRA), card(2, ANA, MIRA, "Shadow the on-call lead", due_date=date(2026, 11, 20))),
        "owed_to_me": (card(3, MIRA, ANA, "Introduce Ana to the platform team", due_date=None),),
        "history": (
            PastConversation(datetime(2026, 11, 10, 14, 30, tzinfo=UTC), ConversationState.HELD, 3),
            PastConversation(datetime(2026, 10, 13, 13, 30, tzinfo=UTC), ConversationState.SKIPPED, 0),
        ),
        "history_total": 2,
    } | kw
    return HomeSummary(**fields)


def report(user: str, *, days: int | None = 10, theirs: int = 2, late: int = 1, mine: int = 1) -> ReportLine:
    held = None if days is None else TODAY - timedelta(days=days)
    return ReportLine(
        slack_user_id=user,
        name=user.lower(),
        coverage=Coverage(held, days, covered=days is not None and days <= 60, flagged=days is None or days > 45),
        next_meeting_at=NEXT,
        prep_shared=days == 10,
        theirs=ItemCounts(theirs, late),
        managers=ItemCounts(mine, 0),
    )


def manager(**kw: Any) -> HomeSummary:
    commitments = (card(7, MIRA, ANA, "Find Ana a mentor", due_date=date(2026, 11, 1)),)
    team = TeamSummary(
        reports=(report(ANA, days=None), report("ULEO", days=10)),
        flag_days=45,
        commitments=commitments,
        invitations_waiting=2,
    )
    fields: dict[str, Any] = {
        "tz": "America/New_York",
        "manager_user_id": BOSS,
        "manager_confirmed": True,
        "next_meeting_at": NEXT,
        "today": TODAY,
        "owned": commitments,
        "team": team,
    } | kw
    return HomeSummary(**fields)


VIEWS = {
    "newcomer": home_view(HomeSummary(tz="UTC")).to_dict(),
    "employee": home_view(employee()).to_dict(),
    "employee-nothing-yet": home_view(employee(owned=(), owed_to_me=(), history=(), history_total=0)).to_dict(),
    "manager": home_view(manager()).to_dict(),
    "manager-not-set-up": home_view(manager(manager_user_id=None, next_meeting_at=None)).to_dict(),
    "history": history_modal(employee().history, total=2, tz="Europe/Berlin").to_dict(),
    "team-form": team_modal(TeamOverview((), ())).to_dict(),
}


@pytest.mark.parametrize("name", list(VIEWS))
def test_every_view_is_valid_block_kit(name: str) -> None:
    view = VIEWS[name]

    assert check_view(view) == []
    ids = {d[k] for d in walk(view) for k in ("action_id", "block_id", "callback_id") if k in d}
    known = {*Action, *Block, *Callback}
    assert ids <= {str(i) for i in known}


def test_a_newcomer_is_offered_setup_only() -> None:
    view = VIEWS["newcomer"]

    assert [b["action_id"] for b in buttons(view)] == [Action.OPEN_SETTINGS]
    assert "Next 1:1" not in text_of(view)
    assert "Your team" not in text_of(view)


def test_the_employee_view_shows_the_next_one_on_one_in_their_zone_with_its_buttons() -> None:
    view = VIEWS["employee"]
    shown = text_of(view)

    assert f"*Next 1:1 with <@{MIRA}>*" in shown
    assert "Tue 8 Dec 2026, 15:30 (Europe/Berlin)" in shown
    assert "*Prep:* not started yet" in shown
    top = [b["action_id"] for b in view["blocks"][2]["elements"]]
    assert top == [Action.OPEN_PREP, Action.OPEN_RECAP, Action.OPEN_REQUEST, Action.OPEN_SETTINGS]
    assert "Your team" not in shown
    assert "`/career-prep team` invites your reports" in shown


@pytest.mark.parametrize(
    ("progress", "shared_at", "expected"),
    [
        (PrepProgress.NOT_STARTED, None, "*Prep:* not started yet"),
        (PrepProgress.DRAFT, None, "*Prep:* draft saved, not shared yet"),
        (
            PrepProgress.SHARED,
            datetime(2026, 12, 1, 8, 5, tzinfo=UTC),
            "*Prep:* shared with them Tue 1 Dec 2026, 09:05 (Europe/Berlin)",
        ),
    ],
)
def test_prep_status(progress: PrepProgress, shared_at: datetime | None, expected: str) -> None:
    view = home_view(employee(prep=progress, prep_shared_at=shared_at)).to_dict()

    assert expected in text_of(view)


def test_open_items_carry_controls_that_refresh_the_home() -> None:
    view = VIEWS["employee"]
    controls = [b for b in buttons(view) if b["action_id"].startswith("item_")]

    assert {b["action_id"] for b in controls} == {
        Action.ITEM_DONE,
        Action.ITEM_STILL_ON_IT,
        Action.ITEM_BLOCKED,
        Action.ITEM_DROP,
        Action.ITEM_EDIT,
    }
    refs = {decode(ItemRef, b["value"]) for b in controls}
    assert {r.item_id for r in refs} == {1, 2, 3}
    assert {r.surface for r in refs} == {HOME_SURFACE}
    shown = text_of(view)
    assert "*Yours* (2)" in shown
    assert "*Owed to you* (1)" in shown
    assert "*overdue* (was due Fri 20 Nov 2026)" in shown
    assert f"owed by <@{MIRA}>" in shown


def test_past_conversations_are_dated_in_the_viewers_zone_with_their_counts() -> None:
    shown = text_of(VIEWS["employee"])

    assert "• Tue 10 Nov 2026: held, 3 action items" in shown
    assert "• Tue 13 Oct 2026: skipped, no action items" in shown
    assert Action.OPEN_HOME_HISTORY not in shown  # all of them are listed already


def test_a_longer_history_offers_the_full_list() -> None:
    view = home_view(employee(history_total=12)).to_dict()

    [more] = [b for b in buttons(view) if b["action_id"] == Action.OPEN_HOME_HISTORY]
    assert more["text"]["text"] == "See all 12"


def test_someone_set_up_with_nothing_yet_sees_what_comes() -> None:
    shown = text_of(VIEWS["employee-nothing-yet"])

    assert "Nothing open right now" in shown
    assert "None recorded yet" in shown


def test_the_manager_view_adds_the_team_with_dates_and_counts() -> None:
    view = VIEWS["manager"]
    shown = text_of(view)

    assert "Your team" in shown
    assert f"<@{ANA}> :warning:" in shown
    assert "Last conversation: none recorded" in shown
    assert "Last conversation: Fri 13 Nov 2026 (10 days ago)" in shown
    assert "Next 1:1: Tue 8 Dec 2026, 09:30 (America/New_York)" in shown
    assert "Prep: shared with you" in shown
    assert "Items they own: 2 open (1 overdue) · items you own: 1 open" in shown
    assert "2 invitations waiting for an answer" in shown
    assert "*Your commitments to your team* (1 open, 1 overdue)" in shown
    assert "Find Ana a mentor" in shown
    assert Action.OPEN_TEAM in {b["action_id"] for b in buttons(view)}
    # A manager's own 1:1 is still theirs.
    assert f"*Next 1:1 with <@{BOSS}>*" in shown
    assert "`/career-prep team` invites" not in shown


def test_a_report_who_just_joined_has_no_warning_and_no_conversation_yet() -> None:
    fresh = replace(report(ANA, days=None), coverage=Coverage(None, None, covered=False, flagged=False))
    team = TeamSummary(reports=(fresh,), flag_days=45, commitments=(), invitations_waiting=0)
    view = home_view(manager(team=team)).to_dict()
    (line,) = [b["text"]["text"] for b in view["blocks"] if b.get("text", {}).get("text", "").startswith(f"<@{ANA}>")]

    assert line.startswith(f"<@{ANA}>\nLast conversation: none yet ·")


def test_a_manager_without_their_own_setup_still_sees_the_team() -> None:
    view = VIEWS["manager-not-set-up"]
    shown = text_of(view)

    assert "Your own 1:1s aren't set up here" in shown
    assert "Your team" in shown
    assert {b["action_id"] for b in buttons(view)} >= {Action.OPEN_SETTINGS, Action.OPEN_TEAM}


def test_a_manager_without_a_manager_is_offered_setup_quietly_after_the_team() -> None:
    view = VIEWS["manager-not-set-up"]
    setup = [b for b in buttons(view) if b["action_id"] == Action.OPEN_SETTINGS]
    headers = [i for i, b in enumerate(view["blocks"]) if b["type"] == "header"]
    offer = next(i for i, b in enumerate(view["blocks"]) if b.get("accessory") in setup)

    assert len(setup) == 1
    assert "style" not in setup[0]  # an option, not the primary call to action
    assert setup[0]["text"]["text"] == "Set up my own 1:1s"
    assert offer > headers[-1]  # below "Your team", which leads the manager's Home
    assert "Start by telling me who your manager is" not in text_of(view)


def test_a_big_team_and_many_items_stay_within_100_blocks_and_say_so() -> None:
    reports = tuple(report(f"U{n:04d}", days=n) for n in range(60))
    owned = tuple(card(n, MIRA, f"U{n % 60:04d}", "x" * 500) for n in range(40))
    owed = tuple(card(100 + n, f"U{n % 60:04d}", MIRA, "<!channel> & " * 50) for n in range(40))
    team = TeamSummary(reports=reports, flag_days=45, commitments=owned, invitations_waiting=3)
    history = tuple(PastConversation(NEXT - timedelta(days=30 * n), ConversationState.HELD, n) for n in range(1, 6))
    summary = manager(owned=owned, owed_to_me=owed, team=team, history=history, history_total=200)

    view = home_view(summary).to_dict()

    assert len(view["blocks"]) <= MAX_VIEW_BLOCKS
    assert check_view(view, expected_type="home") == []
    shown = text_of(view)
    assert "…and 74 more" in shown  # 80 items, 6 shown
    assert "…and 30 more who had a conversation more recently" in shown
    assert "…and 35 more under *Your open items*" in shown
    assert "See all 200" in shown
    assert "<!channel>" not in shown


def test_item_text_is_escaped_and_clipped() -> None:
    hostile = card(1, ANA, MIRA, "<@U999> <!here> " + "a" * 1000)

    shown = text_of(home_view(employee(owned=(hostile,))).to_dict())

    assert "&lt;@U999&gt; &lt;!here&gt;" in shown
    assert "<!here>" not in shown
    assert "a" * 300 not in shown


def test_the_team_section_names_no_content_of_a_report() -> None:
    # What a manager sees of each report is built from names, dates and counts; the only item text
    # in the team part is the manager's own commitments.
    team = manager().team
    assert team is not None

    shown = text_of(home_view(manager(owned=(), team=replace(team, commitments=()))).to_dict())

    assert "learning plan" not in shown
    assert "Nothing you owe your team is open" in shown


def test_the_history_modal_is_capped_and_points_to_the_export() -> None:
    history = tuple(PastConversation(NEXT - timedelta(days=7 * n), ConversationState.HELD, 1) for n in range(60))

    view = history_modal(history, total=60, tz="Asia/Kolkata").to_dict()

    assert check_view(view, expected_type="modal") == []
    assert text_of(view).count("• ") == 40
    assert "The latest 40 of 60" in text_of(view)


def test_the_team_form_lists_invitations_and_their_states() -> None:
    overview = TeamOverview(
        reports=(ANA,),
        invitations=(
            InvitationLine(ANA, InvitationState.ACCEPTED, on_team=True, answered_at=NEXT),
            InvitationLine("ULEO", InvitationState.ACCEPTED, on_team=False, answered_at=NEXT),
            InvitationLine("USAM", InvitationState.PENDING, on_team=False, answered_at=None),
            InvitationLine("UKIM", InvitationState.DECLINED, on_team=False, answered_at=NEXT),
        ),
    )

    view = team_modal(overview).to_dict()

    assert check_view(view, expected_type="modal") == []
    assert view["callback_id"] == Callback.TEAM_INVITE
    [picker] = [b for b in view["blocks"] if b["type"] == "input"]
    assert picker["block_id"] == Block.TEAM_PEOPLE
    assert picker["element"]["type"] == "multi_users_select"
    assert picker["element"]["action_id"] == Action.TEAM_PEOPLE
    shown = text_of(view)
    assert f"<@{ANA}>: joined your team" in shown
    assert "<@ULEO>: accepted, still setting up" in shown
    assert "<@USAM>: waiting for an answer" in shown
    assert "<@UKIM>: said not now" in shown


def test_many_invitations_stay_short() -> None:
    lines = tuple(InvitationLine(f"U{n:04d}", InvitationState.PENDING, False, None) for n in range(300))
    overview = TeamOverview(reports=tuple(f"U{n:04d}" for n in range(300)), invitations=lines)

    for view in (team_modal(overview).to_dict(), invited_view((), overview, now=NEXT, reader_tz="UTC").to_dict()):
        assert check_view(view, expected_type="modal") == []
        assert "…and 260 older invitations" in text_of(view)


def test_the_result_says_what_happened_to_each_person() -> None:
    results = tuple(
        Invited("U" + outcome.value.upper().replace("_", ""), outcome, NEXT, "UTC") for outcome in InviteOutcome
    )

    view = invited_view(results, TeamOverview((), ()), now=NEXT, reader_tz="UTC").to_dict()

    assert check_view(view, expected_type="modal") == []
    assert "submit" not in view
    shown = text_of(view)
    assert "<@UINVITED>: invited. My message is with them." in shown
    assert "<@UALREADYINVITED>: already invited and still deciding" in shown
    assert "<@UONTEAM>: already on your team." in shown


def test_an_invitation_held_for_the_invitees_hours_says_when_it_arrives() -> None:
    morning = datetime(2026, 11, 24, 3, 30, tzinfo=UTC)  # 09:00 in Kolkata, 22:30 the day before in New York
    results = (
        Invited("UPRIYA", InviteOutcome.INVITED, morning, "Asia/Kolkata"),
        Invited("UAWAY", InviteOutcome.ASKED_AGAIN, None, "UTC"),
    )

    shown = text_of(
        invited_view(
            results, TeamOverview((), ()), now=NEXT - timedelta(days=30), reader_tz="America/New_York"
        ).to_dict()
    )

    assert (
        "<@UPRIYA>: invited. They get my message at 09:00 their time on Tue 24 Nov (Mon 23 Nov, 22:30 yours)." in shown
    )
    assert "<@UAWAY>: asked again (they said not now last time). They get my message when they're back" in shown
    assert "Sent." not in shown


def test_the_invitation_dm_offers_accept_and_not_now() -> None:
    kwargs = invitation_message(manager_user_id=MIRA, invitation_id=42).as_kwargs()

    assert check_message(kwargs["text"], kwargs["blocks"]) == []
    actions = next(b for b in kwargs["blocks"] if b["type"] == "actions")["elements"]
    assert [a["action_id"] for a in actions] == [Action.INVITE_ACCEPT, Action.INVITE_DECLINE]
    assert {decode(InvitationRef, a["value"]).invitation_id for a in actions} == {42}
    assert f"<@{MIRA}> invited you" in kwargs["text"]


def test_the_answers_read_well_and_keep_a_way_back_to_the_form() -> None:
    accepted = invitation_accepted_reply(manager_user_id=MIRA, invitation_id=42).as_kwargs()
    declined = invitation_declined_reply(manager_user_id=MIRA).as_kwargs()
    notice = invitation_accepted_notice(invitee_user_id=ANA, on_team=False).as_kwargs()
    joined = invitation_accepted_notice(invitee_user_id=ANA, on_team=True).as_kwargs()

    for kwargs in (accepted, declined, notice, joined):
        assert check_message(kwargs["text"], kwargs["blocks"]) == []
    [again] = [d for d in walk(accepted["blocks"]) if d.get("type") == "button"]
    assert again["action_id"] == Action.INVITE_ACCEPT
    assert not [d for d in walk(declined["blocks"]) if d.get("type") == "button"]
    assert "`/career-prep settings`" in declined["text"]
    assert "is set up" in joined["text"]
    assert "Once they've picked the date" in notice["text"]


def test_thirty_asks_each_way_on_a_full_home_stay_within_100_blocks() -> None:
    reports = tuple(report(f"U{n:04d}", days=n) for n in range(60))
    owned = tuple(card(n, MIRA, f"U{n % 60:04d}", "x" * 500) for n in range(40))
    owed = tuple(card(100 + n, f"U{n % 60:04d}", MIRA, "<!channel> & " * 50) for n in range(40))
    team = TeamSummary(reports=reports, flag_days=45, commitments=owned, invitations_waiting=3)
    history = tuple(PastConversation(NEXT - timedelta(days=30 * n), ConversationState.HELD, n) for n in range(1, 6))
    asks = MyAsks(ask_lines(30, state=AskState.OPEN), ask_lines(30, employee=MIRA, asked=BOSS))
    planning = PlanningNote("UBOSS", date(2027, 3, 15))  # her own manager's planning date, one line more
    summary = manager(
        owned=owned, owed_to_me=owed, team=team, history=history, history_total=200, asks=asks, planning=planning
    )

    view = home_view(summary).to_dict()

    assert len(view["blocks"]) <= MAX_VIEW_BLOCKS
    assert check_view(view, expected_type="home") == []
    shown = text_of(view)
    assert "Asks waiting for your answer* (30)" in shown
    assert shown.count("…and 25 more: see `/career-prep asks`") == 2
    assert sum(1 for b in buttons(view) if b["action_id"] == Action.ASK_ANSWER) == 5


def test_matched_opportunities_on_a_full_home_stay_within_100_blocks() -> None:
    reports = tuple(report(f"U{n:04d}", days=n) for n in range(60))
    owned = tuple(card(n, MIRA, f"U{n % 60:04d}", "x" * 500) for n in range(40))
    owed = tuple(card(100 + n, f"U{n % 60:04d}", MIRA, "<!channel> & " * 50) for n in range(40))
    team = TeamSummary(reports=reports, flag_days=45, commitments=owned, invitations_waiting=3)
    history = tuple(PastConversation(NEXT - timedelta(days=30 * n), ConversationState.HELD, n) for n in range(1, 6))
    asks = MyAsks(ask_lines(30, state=AskState.OPEN), ask_lines(30, employee=MIRA, asked=BOSS))
    matches = tuple(
        Match(n, "t" * 150, "role", BOSS, TODAY, tuple(f"tag {i}" for i in range(15)), interested=n == 2)
        for n in range(1, 4)
    )
    summary = manager(
        owned=owned, owed_to_me=owed, team=team, history=history, history_total=200, asks=asks, opportunities=matches
    )

    view = home_view(summary).to_dict()

    assert len(view["blocks"]) <= MAX_VIEW_BLOCKS
    assert check_view(view, expected_type="home") == []
    assert "Opportunities that match your prep" in text_of(view)
    interested = [b for b in buttons(view) if b["action_id"] == Action.OPPORTUNITY_INTERESTED]
    assert len(interested) == 2  # not on the one already said
