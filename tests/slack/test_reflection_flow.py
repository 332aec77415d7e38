"""The mid-year reflection end to end: on the June round Ana gets her own words from her December prep
by DM at 10:00 Berlin, marks lines, notes what changed and shares it; Mira's next brief tells her once.
Not shared reaches no manager; someone set up within 90 days gets none; a pause holds it until resume.
Clicks and forms go over signed HTTP; the tick plans and delivers against the fake Slack."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.db import SessionFactory
from bot.domain.export import build_export
from bot.domain.forget import forget
from bot.domain.snooze import pause
from bot.domain.workspace_settings import apply_settings
from bot.models import DeliveryState
from bot.scheduling.relay import Relay
from bot.slack.ids import Action
from tests.conftest import TEAM_ID, FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.pairs import planned_conversation
from tests.support.payloads import all_text
from tests.support.people import ANA
from tests.support.reflection_flow import (
    ASK_DETAIL,
    BRIEF_DUE,
    DIRECTION,
    DM_DUE,
    DONE_ITEM,
    ITEM,
    PATHS,
    PLANNED,
    ROUND_DAY,
    SKILLS,
    ana_with_december_prep,
    line_button,
    note_button,
    note_values,
    reflection_deliveries,
    reflection_dms,
    reflections,
)
from tests.support.reminders_flow import KAI, run_at
from tests.support.signed import SignedSlack

ANA_DM, MIRA_DM = "DUANA", "DUMIRA"
NOTE = "I'd rather grow into staff engineer than manage the team."


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    fake_slack.add_user("UANA", name="ana", real_name="Ana Silva", tz="Europe/Berlin")
    fake_slack.add_user("UMIRA", name="mira", real_name="Mira Chen", tz="America/New_York")
    fake_slack.add_user("UKAI", name="kai", real_name="Kai Turner", tz="Australia/Sydney")


def ana_dm(fake_slack: FakeSlack) -> dict[str, Any]:
    [message] = reflection_dms(fake_slack.messages(channel=ANA_DM))
    return message


def briefs(fake_slack: FakeSlack) -> list[dict[str, Any]]:
    return [m for m in fake_slack.messages(channel=MIRA_DM) if "career conversation with" in m["text"]]


def click_line(slack: SignedSlack, fake_slack: FakeSlack, user: str, text: str, action_id: str) -> None:
    message = ana_dm(fake_slack)
    block_id, value = line_button(message, text, action_id)
    slack.click(user, action_id, value, message=message, block_id=block_id)
    slack.wait_for_listeners()


def open_note(slack: SignedSlack, fake_slack: FakeSlack) -> dict[str, Any]:
    message = ana_dm(fake_slack)
    slack.click("UANA", Action.REFLECTION_NOTE, note_button(message), message=message, block_id="reflection_note")
    slack.wait_for_listeners()
    return fake_slack.last_view()


def test_the_june_round_brings_back_her_words_and_the_manager_hears_only_what_she_shared_once(
    slack: SignedSlack, sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    ana_with_december_prep(sessions, clock.now)
    run_at(sessions, relay, clock, PLANNED)
    [reflection] = reflections(sessions)
    assert reflection.period == ROUND_DAY
    run_at(sessions, relay, clock, DM_DUE - timedelta(minutes=1))
    assert reflection_dms(fake_slack.messages(channel=ANA_DM)) == []

    run_at(sessions, relay, clock, DM_DUE)
    shown = all_text(ana_dm(fake_slack)["blocks"])
    for words in (
        DIRECTION,
        SKILLS,
        PATHS,
        ASK_DETAIL,
        "the answer: yes (I'll introduce you to Priya)",
        ITEM,
        DONE_ITEM,
    ):
        assert words in shown
    assert "Tue 8 Dec 2026" in shown
    assert "Only you can see this" in shown

    clock.set(DM_DUE + timedelta(minutes=30))
    click_line(slack, fake_slack, "UANA", DIRECTION, Action.REFLECTION_CHANGED)
    click_line(slack, fake_slack, "UANA", DONE_ITEM, Action.REFLECTION_DONE)
    click_line(slack, fake_slack, "UANA", DIRECTION, Action.REFLECTION_STILL_TRUE)  # changed her mind
    click_line(slack, fake_slack, "UANA", DIRECTION, Action.REFLECTION_CHANGED)
    redrawn = all_text(ana_dm(fake_slack)["blocks"])
    assert redrawn.count("You said:") == 2
    assert "You said: *changed*" in redrawn
    assert "You said: *done*" in redrawn

    form = open_note(slack, fake_slack)
    slack.submit_view("UANA", form, note_values(NOTE, share=True))
    slack.wait_for_listeners()
    assert "Shared with <@UMIRA>" in all_text(ana_dm(fake_slack)["blocks"])
    assert NOTE in all_text(ana_dm(fake_slack)["blocks"])

    run_at(sessions, relay, clock, BRIEF_DUE)
    [brief] = briefs(fake_slack)
    told = all_text(brief["blocks"])
    assert "shared their mid-year reflection with you" in told
    assert f"{DIRECTION} _(changed)_" in told
    assert f"{DONE_ITEM} _(done)_" in told
    assert NOTE in told
    for unshared in (SKILLS, PATHS, ITEM):  # lines she did not mark stay with her
        assert unshared not in told
    assert reflections(sessions)[0].told_manager_at == BRIEF_DUE

    for day in range(1, 45):  # the briefs after that one don't repeat it
        run_at(sessions, relay, clock, BRIEF_DUE + timedelta(days=day))
    later = briefs(fake_slack)[1:]
    assert later, "a later 1:1's brief was sent"
    assert all("mid-year reflection" not in all_text(m["blocks"]) for m in later)


def test_a_reflection_kept_to_herself_reaches_no_manager(
    slack: SignedSlack, sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    ana_with_december_prep(sessions, clock.now)
    run_at(sessions, relay, clock, PLANNED)
    run_at(sessions, relay, clock, DM_DUE)
    click_line(slack, fake_slack, "UANA", DIRECTION, Action.REFLECTION_CHANGED)
    slack.submit_view("UANA", open_note(slack, fake_slack), note_values(NOTE, share=False))
    slack.wait_for_listeners()

    run_at(sessions, relay, clock, BRIEF_DUE)
    [brief] = briefs(fake_slack)
    assert "mid-year reflection" not in all_text(brief["blocks"])
    for message in fake_slack.messages(channel=MIRA_DM):
        assert NOTE not in all_text(message)
        assert DIRECTION not in all_text(message.get("blocks"))
    assert reflections(sessions)[0].shared_at is None


def test_someone_else_can_neither_mark_nor_share_her_reflection(
    slack: SignedSlack, sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    ana_with_december_prep(sessions, clock.now)
    run_at(sessions, relay, clock, PLANNED)
    run_at(sessions, relay, clock, DM_DUE)
    opened = len(fake_slack.calls_to("views.open"))

    click_line(slack, fake_slack, "UKAI", DIRECTION, Action.REFLECTION_DONE)
    message = ana_dm(fake_slack)
    slack.click("UKAI", Action.REFLECTION_NOTE, note_button(message), message=message, block_id="reflection_note")
    slack.wait_for_listeners()

    refusals = [r for r in fake_slack.responses if "Only the person this reflection is for" in r.get("text", "")]
    assert len(refusals) == 2
    assert all(DIRECTION not in r["text"] for r in refusals)
    assert len(fake_slack.calls_to("views.open")) == opened
    form = open_note(slack, fake_slack)
    refused = slack.submit_view("UKAI", form, note_values("Not hers to write", share=True))
    assert "Only the person this reflection is for" in (refused.body or "")
    [reflection] = reflections(sessions)
    assert (reflection.answers, reflection.note, reflection.shared_at) == ({}, None, None)


def test_someone_set_up_within_90_days_gets_no_reflection(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    ana_with_december_prep(sessions, clock.now)
    clock.set(datetime(2027, 3, 15, 12, tzinfo=UTC))  # 84 days before the round, Kai starts with Mira
    with sessions.begin() as session:
        planned_conversation(session, clock.now, employee=KAI, day=date(2027, 3, 23))
    for moment in (PLANNED, DM_DUE, DM_DUE + timedelta(days=3)):
        run_at(sessions, relay, clock, moment)

    assert [r.period for r in reflections(sessions)] == [ROUND_DAY]  # Ana's only
    assert len(reflection_dms(fake_slack.messages(channel=ANA_DM))) == 1
    assert reflection_dms(fake_slack.messages(channel="DUKAI")) == []


def test_a_paused_employee_gets_it_when_she_resumes(
    slack: SignedSlack, sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    ana_with_december_prep(sessions, clock.now)
    with sessions.begin() as session:
        pause(session, team_id=TEAM_ID, slack_user_id="UANA", until=None, now=datetime(2027, 6, 1, tzinfo=UTC))
    for moment in (PLANNED, DM_DUE, DM_DUE + timedelta(days=1), DM_DUE + timedelta(days=2)):
        run_at(sessions, relay, clock, moment)
    assert reflection_dms(fake_slack.messages(channel=ANA_DM)) == []

    clock.set(DM_DUE + timedelta(days=2, hours=1))  # Wed 9 June, 11:00 in Berlin
    slack.command("UANA", "resume")
    slack.wait_for_listeners()
    run_at(sessions, relay, clock, clock.now)

    assert DIRECTION in all_text(ana_dm(fake_slack)["blocks"])
    [reflection] = reflections(sessions)
    assert reflection.period == ROUND_DAY  # the same round's reflection, sent once


def test_the_workspaces_own_date_replaces_june(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    ana_with_december_prep(sessions, clock.now)
    run_at(sessions, relay, clock, datetime(2027, 3, 1, 12, tzinfo=UTC))  # looked at the rounds: June is next
    with sessions.begin() as session:
        apply_settings(session, team_id=TEAM_ID, assignments=["reflection-dates=2027-04-05"], now=clock.now)

    run_at(sessions, relay, clock, datetime(2027, 4, 5, 7, 59, tzinfo=UTC))
    assert reflection_dms(fake_slack.messages(channel=ANA_DM)) == []
    run_at(sessions, relay, clock, datetime(2027, 4, 5, 8, 0, tzinfo=UTC))  # Mon 5 Apr, 10:00 in Berlin
    assert DIRECTION in all_text(ana_dm(fake_slack)["blocks"])
    for moment in (PLANNED, DM_DUE, DM_DUE + timedelta(days=1)):
        run_at(sessions, relay, clock, moment)
    assert [r.period for r in reflections(sessions)] == ["2027-04-05"]


def test_export_shows_her_reflection_and_the_manager_only_what_she_was_told_and_forget_deletes_it(
    slack: SignedSlack, sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    ana_with_december_prep(sessions, clock.now)
    run_at(sessions, relay, clock, PLANNED)
    run_at(sessions, relay, clock, DM_DUE)
    click_line(slack, fake_slack, "UANA", DIRECTION, Action.REFLECTION_CHANGED)
    slack.submit_view("UANA", open_note(slack, fake_slack), note_values(NOTE, share=True))
    slack.wait_for_listeners()
    run_at(sessions, relay, clock, BRIEF_DUE)

    with sessions.begin() as session:
        ana = build_export(session, team_id=TEAM_ID, slack_user_id="UANA", now=clock.now)
        mira = build_export(session, team_id=TEAM_ID, slack_user_id="UMIRA", now=clock.now)
    assert ana is not None
    assert mira is not None
    mine = ana.markdown.split("## Mid-year reflections", 1)[1]
    assert "Lead the platform team: **changed**" in mine
    assert "Kubernetes operations: not marked" in mine
    assert NOTE in mine
    assert "Shared with your manager: with Mira Chen" in mine
    told = mira.markdown.split("## Mid-year reflections", 1)[1]
    assert "Shared with you by Ana Silva" in told
    assert "Lead the platform team: **changed**" in told
    assert SKILLS not in told

    with sessions.begin() as session:
        # Ana manages Kai too, so her person row stays (scrubbed): her reflection must go by itself.
        planned_conversation(session, clock.now, employee=KAI, manager=ANA, day=date(2027, 6, 22))
        forget(session, team_id=TEAM_ID, slack_user_id="UANA", now=clock.now)
    assert reflections(sessions) == []
    with sessions.begin() as session:
        after = build_export(session, team_id=TEAM_ID, slack_user_id="UMIRA", now=clock.now)
    assert after is not None
    assert "Shared with you by" not in after.markdown
    assert NOTE not in after.markdown


def test_a_round_on_a_holiday_waits_for_the_next_working_morning(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    ana_with_december_prep(sessions, clock.now)
    with sessions.begin() as session:
        changes = ["reflection-dates=2027-04-05", "holidays=2027-04-05"]  # Easter Monday
        apply_settings(session, team_id=TEAM_ID, assignments=changes, now=clock.now)

    for moment in (datetime(2027, 4, 3, 12, tzinfo=UTC), datetime(2027, 4, 5, 8, tzinfo=UTC)):
        run_at(sessions, relay, clock, moment)
    assert reflection_dms(fake_slack.messages(channel=ANA_DM)) == []
    run_at(sessions, relay, clock, datetime(2027, 4, 6, 6, 59, tzinfo=UTC))
    assert reflection_dms(fake_slack.messages(channel=ANA_DM)) == []
    run_at(sessions, relay, clock, datetime(2027, 4, 6, 7, 0, tzinfo=UTC))  # Tue 6 Apr, 09:00 in Berlin
    assert DIRECTION in all_text(ana_dm(fake_slack)["blocks"])


def test_a_pause_through_two_rounds_brings_only_the_latest_on_resume(
    slack: SignedSlack, sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    ana_with_december_prep(sessions, clock.now)
    with sessions.begin() as session:
        pause(session, team_id=TEAM_ID, slack_user_id="UANA", until=None, now=datetime(2027, 6, 1, tzinfo=UTC))
    december = datetime(2027, 12, 6, 9, 0, tzinfo=UTC)  # Mon 6 Dec 2027, 10:00 in Berlin
    for moment in (PLANNED, DM_DUE, december - timedelta(days=2), december):
        run_at(sessions, relay, clock, moment)
    assert [r.period for r in reflections(sessions)] == [ROUND_DAY, "2027-12-06"]

    clock.set(december + timedelta(days=1))
    slack.command("UANA", "resume")
    slack.wait_for_listeners()
    run_at(sessions, relay, clock, clock.now)

    assert len(reflection_dms(fake_slack.messages(channel=ANA_DM))) == 1
    [june, dec] = reflection_deliveries(sessions)
    assert june[1:] == (DeliveryState.CANCELLED, "a later round's reflection replaced it")
    assert dec[1] is DeliveryState.SENT
