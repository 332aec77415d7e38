"""Steps for the tests of the work left after an answer: hold the background's workers, click items on
the App Home without waiting for what the clicks leave behind, and count Home publishes."""

from __future__ import annotations

import threading
from datetime import date

from bot.db import SessionFactory
from bot.models import ActionItem, Conversation, Person
from bot.slack.background import Background
from bot.slack.blocks.home import HOME_SURFACE
from bot.slack.values import ItemRef, encode
from tests.conftest import SIGNING_SECRET, TEAM_ID, FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.items_flow import Seeded, add_item
from tests.support.signed import SignedSlack

WAIT = 10.0  # seconds; only reached when a test fails
HOME = {"id": "VHOME", "type": "home"}


class Hold:
    """A background job that keeps its worker until released."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.released = threading.Event()

    def __call__(self) -> None:
        self.started.set()
        assert self.released.wait(WAIT)


def hold_workers(background: Background, workers: int) -> list[Hold]:
    holds = [Hold() for _ in range(workers)]
    for hold in holds:
        assert background.deliver(hold)
    for hold in holds:
        assert hold.started.wait(WAIT)
    return holds


def release(holds: list[Hold]) -> None:
    for hold in holds:
        hold.released.set()


def unwaiting(slack: SignedSlack, fake_slack: FakeSlack) -> SignedSlack:
    """Signed requests over HTTP into the same server that do not wait for the app's listeners or
    background after the answer (each answer must still come within 3 s with a 200)."""
    assert slack.http_url is not None
    return SignedSlack(
        None,  # type: ignore[arg-type]
        SIGNING_SECRET,
        team_id=TEAM_ID,
        http_url=slack.http_url,
        response_url=fake_slack.response_url,
    )


def more_items(sessions: SessionFactory, seeded: Seeded, clock: FakeClock, count: int) -> dict[int, str]:
    """`count` more open items Ana owes Mira, from the seeded 1:1: id -> text."""
    with sessions.begin() as session:
        conversation = session.get(Conversation, seeded.conversation_id)
        assert conversation is not None
        ana, mira = session.get(Person, conversation.employee_id), session.get(Person, conversation.manager_id)
        assert ana is not None
        assert mira is not None
        texts = [f"Load item {n}: read chapter {n}" for n in range(count)]
        ids = [add_item(session, conversation, ana, mira, text, date(2026, 12, 10), clock) for text in texts]
    return dict(zip(ids, texts, strict=True))


def done_on_home(item_id: int) -> str:
    return encode(ItemRef(item_id=item_id, surface=HOME_SURFACE))


def status_of(sessions: SessionFactory, item_id: int) -> object:
    with sessions.begin() as session:
        item = session.get(ActionItem, item_id)
        assert item is not None
        return item.status


def publishes_to(fake_slack: FakeSlack, user: str) -> int:
    return sum(1 for call in fake_slack.calls_to("views.publish") if call.params.get("user_id") == user)
