"""Forgetting and uninstalling leave nothing behind: no copy of the text in the SQLite files, and the bot's
own Slack messages that held it are deleted, with the person told about any Slack would not let go."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import make_url

from tests.conftest import FakeClock
from tests.support.data_flow import TICKED, open_forget
from tests.support.fake_slack import FakeSlack
from tests.support.prep_flow import EMPLOYEE, MANAGER, add_people, all_text, body, set_up_pair, share
from tests.support.recap_flow import MEETING_OVER, open_recap, recap_values
from tests.support.signed import SignedSlack

PREP_SECRET = "Quietly aiming for the lighthouse keeper role"
RECAP_SECRET = "Takeaway about the lighthouse keeper opening"
ITEM_SECRET = "Book time with the lighthouse keeper guild"
WORD = "lighthouse keeper"


@pytest.fixture
def database_file(database_url: str) -> Path:
    if not database_url.startswith("sqlite"):
        pytest.skip("the raw files are SQLite's; PostgreSQL keeps dead tuples until vacuum (see README)")
    database = make_url(database_url).database
    assert database
    return Path(database)


def raw_files(path: Path) -> bytes:
    names = (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"))
    return b"".join(p.read_bytes() for p in names if p.exists())


def in_slack(fake_slack: FakeSlack) -> list[dict[str, Any]]:
    """The messages still in Slack that show any of the secrets."""
    return [m for m in fake_slack.messages() if WORD in json.dumps(m, ensure_ascii=False)]


@pytest.fixture
def shared_and_recapped(slack: SignedSlack, fake_slack: FakeSlack, clock: FakeClock) -> None:
    """Ana shared her prep with Mira, they met, and Ana sent the recap with an item for herself."""
    add_people(fake_slack)
    set_up_pair(slack, fake_slack)
    share(slack, fake_slack, strengths=PREP_SECRET)
    year, month, day, hour, minute = MEETING_OVER
    clock.set(clock.now.replace(year=year, month=month, day=day, hour=hour, minute=minute))
    rows = [(ITEM_SECRET, "employee", "2026-12-18")]
    slack.submit_view(EMPLOYEE, open_recap(slack, fake_slack), recap_values(takeaways=RECAP_SECRET, rows=rows))
    in_managers_dm = [m for m in in_slack(fake_slack) if m["channel"] == "D" + MANAGER]
    assert len(in_managers_dm) == 2  # the agenda and the thank-you recap


def test_forget_deletes_the_bots_messages_that_held_the_text(
    shared_and_recapped: None, slack: SignedSlack, fake_slack: FakeSlack
) -> None:
    view = open_forget(slack, fake_slack)
    assert "deleted from their Slack messages too" in all_text(view["blocks"])

    answer = body(slack.submit_view(EMPLOYEE, view, TICKED))

    assert "Now deleting the" in all_text(answer["view"])
    assert in_slack(fake_slack) == []
    assert {c.params["channel"] for c in fake_slack.calls_to("chat.delete")} == {"D" + MANAGER, "D" + EMPLOYEE}
    final = fake_slack.last("views.update").params
    assert final["view_id"] == view["id"]
    assert "I deleted the" in all_text(final["view"])
    assert "didn't let me" not in all_text(final["view"])


def test_forget_leaves_no_copy_in_the_files(
    shared_and_recapped: None, slack: SignedSlack, fake_slack: FakeSlack, database_file: Path
) -> None:
    assert WORD.encode() in raw_files(database_file)

    slack.submit_view(EMPLOYEE, open_forget(slack, fake_slack), TICKED)

    assert WORD.encode() not in raw_files(database_file)
    wal = database_file.with_name(database_file.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_what_slack_would_not_delete_is_named(
    shared_and_recapped: None, slack: SignedSlack, fake_slack: FakeSlack
) -> None:
    fake_slack.fail_for_channel(MANAGER, "cant_delete_message")
    view = open_forget(slack, fake_slack)

    slack.submit_view(EMPLOYEE, view, TICKED)

    final = all_text(fake_slack.last("views.update").params["view"])
    assert "didn't let me delete 2 messages" in final
    assert f"your shared agenda in <@{MANAGER}>'s direct messages with me" in final
    assert f"your recap in <@{MANAGER}>'s direct messages with me" in final
    assert "cant_delete_message" in final
    assert [m["channel"] for m in in_slack(fake_slack)] == ["D" + MANAGER] * 2
    assert fake_slack.violations == []


def test_a_closed_modal_gets_the_list_by_dm(
    shared_and_recapped: None, slack: SignedSlack, fake_slack: FakeSlack
) -> None:
    fake_slack.fail_for_channel(MANAGER, "cant_delete_message")
    fake_slack.fail_next("views.update", "not_found")
    view = open_forget(slack, fake_slack)

    slack.submit_view(EMPLOYEE, view, TICKED)

    told = fake_slack.messages("D" + EMPLOYEE)[-1]
    assert "didn't let me delete 2 messages" in all_text(told["blocks"])


def test_uninstall_leaves_no_copy_in_the_files(
    shared_and_recapped: None, slack: SignedSlack, database_file: Path, clock: FakeClock
) -> None:
    assert WORD.encode() in raw_files(database_file)
    uninstalled = clock.advance(minutes=1)  # Slack's event time, in the test's timeline

    event = {"type": "app_uninstalled", "event_ts": f"{uninstalled.timestamp():.6f}"}
    assert slack.event(event, envelope={"event_time": int(uninstalled.timestamp())}).status == 200

    assert WORD.encode() not in raw_files(database_file)
