"""Your data end to end: `/career-prep export` uploads the record to the DM, `/career-prep forget` asks
for confirmation and then deletes; someone Career Prep knows nothing about is told so."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from bot.db import SessionFactory
from bot.models import ActionItem, Conversation, ItemStatus, OneOnOneSeries, Person
from bot.slack.ids import Action, Block, Callback
from tests.conftest import FakeClock
from tests.support.data_flow import TICKED, open_forget
from tests.support.fake_slack import FakeSlack
from tests.support.prep_flow import EMPLOYEE, MANAGER, add_people, all_text, body, set_up_pair
from tests.support.recap_flow import MEETING_OVER, open_recap, recap_values
from tests.support.signed import SignedSlack

TAKEAWAYS = "A move to *product* is realistic <soon> & `maybe` sooner"
UNTICKED: dict[str, dict[str, dict[str, Any]]] = {
    Block.FORGET_CHECK: {Action.FORGET_CHECK: {"type": "checkboxes", "selected_options": []}}
}


@pytest.fixture(autouse=True)
def recapped(slack: SignedSlack, fake_slack: FakeSlack, clock: FakeClock) -> None:
    """Ana and Mira met on 8 December; Ana recorded a recap with an item for each of them."""
    add_people(fake_slack)
    set_up_pair(slack, fake_slack)
    with fake_slack.lock:
        fake_slack.store.files.clear()  # the pair's calendar invites: these tests look at exports only
    year, month, day, hour, minute = MEETING_OVER
    clock.set(clock.now.replace(year=year, month=month, day=day, hour=hour, minute=minute))
    slack.submit_view(EMPLOYEE, open_recap(slack, fake_slack), recap_values(takeaways=TAKEAWAYS))


def reply(fake_slack: FakeSlack) -> str:
    return str(fake_slack.responses[-1]["text"])


def people(sessions: SessionFactory) -> dict[str, str]:
    with sessions.begin() as session:
        return {p.slack_user_id: p.display_name for p in session.scalars(select(Person))}


# -- export -------------------------------------------------------------------------------------------


def test_export_uploads_the_record_to_the_dm(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    response = slack.command(EMPLOYEE, "export")

    assert response.status == 200
    [uploaded] = fake_slack.files
    assert uploaded["channel_id"] == "D" + EMPLOYEE
    assert uploaded["filename"] == "career-prep-ana-2026-12-08.md"
    assert uploaded["title"].startswith("Career Prep record: ana")
    assert "It's yours to keep" in uploaded["initial_comment"]
    content = uploaded["content"].decode("utf-8")
    assert content.startswith("# Career Prep record: ana")
    assert TAKEAWAYS in content  # verbatim, inside a fence
    assert "Ask the platform lead about shadowing on-call" in content
    assert "Introduce Ana to the product director" in content
    assert "sent your record" in reply(fake_slack)
    assert fake_slack.violations == []


def test_a_failed_upload_is_reported_not_swallowed(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    fake_slack.fail_next("files.completeUploadExternal", "internal_error")

    slack.command(EMPLOYEE, "export")

    assert fake_slack.files == []
    assert "couldn't upload your record" in reply(fake_slack)
    assert "internal_error" in reply(fake_slack)


def test_the_export_button_works_from_app_home(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    slack.click(MANAGER, Action.OPEN_EXPORT)

    [uploaded] = fake_slack.files
    assert uploaded["channel_id"] == "D" + MANAGER
    assert "## As a manager" in uploaded["content"].decode("utf-8")
    assert "sent your record" in fake_slack.messages(channel="D" + MANAGER)[-1]["text"]


def test_someone_with_nothing_stored_is_told(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    opened = len(fake_slack.calls_to("views.open"))

    slack.command("UEVE", "export")
    assert "nothing to export" in reply(fake_slack)

    slack.command("UEVE", "forget")
    assert "nothing to delete" in reply(fake_slack)

    assert fake_slack.files == []
    assert len(fake_slack.calls_to("views.open")) == opened


# -- forget -------------------------------------------------------------------------------------------


def test_forget_explains_what_goes_and_needs_the_checkbox(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    view = open_forget(slack, fake_slack)

    text = all_text(view["blocks"])
    assert "1 conversation you had as the employee, with 0 preps and 1 recap" in text
    assert "2 action items" in text
    assert "deleted from their Slack messages too" in text
    assert "can't be undone" in text
    answer = body(slack.submit_view(EMPLOYEE, view, UNTICKED))
    assert answer["response_action"] == "errors"
    assert "can't be undone" in answer["errors"][Block.FORGET_CHECK]
    assert body(slack.submit_view(EMPLOYEE, view, {}))["response_action"] == "errors"
    assert EMPLOYEE in people(sessions)


def test_a_confirmed_forget_deletes_the_record(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    view = open_forget(slack, fake_slack)
    other_window = open_forget(slack, fake_slack)
    assert "Introduce Ana" in all_text(fake_slack.home_views[EMPLOYEE]["blocks"])

    answer = body(slack.submit_view(EMPLOYEE, view, TICKED))

    assert answer["response_action"] == "update"
    assert answer["view"]["title"]["text"] == "Data deleted"
    assert EMPLOYEE not in people(sessions)
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(Conversation)) == 0
        assert session.scalar(select(func.count()).select_from(ActionItem)) == 0
        assert session.scalar(select(func.count()).select_from(OneOnOneSeries)) == 0
    home = all_text(fake_slack.home_views[EMPLOYEE]["blocks"])
    assert "Introduce Ana" not in home
    assert "Set up" in home
    # Again, from a second modal opened before: nothing left, and it says so. (The same submission again
    # is a replay, answered without acting: see tests/slack/test_replayed_views.py.)
    again = body(slack.submit_view(EMPLOYEE, other_window, TICKED))
    assert again["view"]["title"]["text"] == "Nothing to delete"
    slack.command(EMPLOYEE, "export")
    assert "nothing to export" in reply(fake_slack)


def test_a_manager_forgetting_keeps_the_reports_record_and_tells_them(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    view = open_forget(slack, fake_slack, MANAGER)
    assert "will be asked to pick a manager again" in all_text(view["blocks"])

    slack.submit_view(MANAGER, view, TICKED)

    assert people(sessions)[EMPLOYEE] == "ana"
    assert "Former colleague" in people(sessions).values()
    assert MANAGER not in people(sessions)
    with sessions.begin() as session:
        conversation = session.scalars(select(Conversation)).one()
        assert conversation.recap is not None
        assert conversation.recap["takeaways"] == TAKEAWAYS
        statuses = {i.text: i.status for i in session.scalars(select(ActionItem))}
    assert statuses == {
        "Ask the platform lead about shadowing on-call": ItemStatus.OPEN,
        "Introduce Ana to the product director": ItemStatus.DROPPED,
    }
    told = fake_slack.messages(channel="D" + EMPLOYEE)[-1]
    assert "deleted their data" in all_text(told["blocks"])
    assert "Introduce Ana to the product director" in all_text(told["blocks"])
    # Ana picks her manager again: the usual command opens setup.
    slack.command(EMPLOYEE, "prep")
    assert fake_slack.last_view()["callback_id"] == Callback.SETUP
