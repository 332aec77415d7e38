"""The private calendar feed end to end: `/career-prep calendar` over signed HTTP hands out a link, the
same server serves the feed at it (read back with vobject), a wrong token gets the same 404 as nonsense,
`calendar reset` kills the old link, `forget` and leaving revoke it, and titles are all it carries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from slack_bolt import App
from sqlalchemy import Engine, func, select

from bot.config import Settings
from bot.db import SessionFactory
from bot.domain.people import mark_left
from bot.feed_page import FeedPage
from bot.models import Person
from bot.models.calendar_feed import CalendarFeed
from bot.web import make_wsgi_app
from tests.conftest import SIGNING_SECRET, FakeClock
from tests.support.calendar_feed import (
    DONE_ITEM,
    MANAGERS_ITEM,
    OWN_ITEM,
    events,
    fetch,
    last_reply,
    link_in,
    local_starts,
    office_hours_and_items,
)
from tests.support.data_flow import TICKED, open_forget
from tests.support.fake_slack import FakeSlack
from tests.support.http_slack import Front, ServerLog
from tests.support.prep_flow import EMPLOYEE, MANAGER, add_people, set_up_pair
from tests.support.signed import SignedSlack

OUTSIDER = "UEVE"


@pytest.fixture
def settings(fake_slack: FakeSlack, database_url: str, front: tuple[Front, str]) -> Settings:
    """The suite's settings, with PUBLIC_URL pointing at the test server."""
    return Settings(
        SLACK_BOT_TOKEN="xoxb-test-token",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake_slack.url,
        DATABASE_URL=database_url,
        PUBLIC_URL=front[1] + "/",
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture
def slack_server(
    app: App,
    engine: Engine,
    sessions: SessionFactory,
    clock: FakeClock,
    watched_log: ServerLog,
    front: tuple[Front, str],
) -> Iterator[str]:
    """The server as the runtime builds it: the feed reads the test's clock."""
    plug, url = front
    with plug.serving(make_wsgi_app(app, engine, feed=FeedPage(sessions, clock))):
        yield url


@pytest.fixture(autouse=True)
def pair(slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock) -> None:
    """Ana (Berlin) has monthly 1:1s with Mira from Tue 8 Dec 2026, 15:30 her time; Leo holds office hours."""
    add_people(fake_slack)
    set_up_pair(slack, fake_slack)
    office_hours_and_items(sessions, clock.now, employee=EMPLOYEE, manager=MANAGER)


def ask_link(slack: SignedSlack, fake_slack: FakeSlack, user: str = EMPLOYEE, text: str = "calendar") -> str:
    slack.command(user, text)
    reply = last_reply(fake_slack)
    assert reply["response_type"] == "ephemeral"
    link = link_in(reply)
    assert link is not None, reply["text"]
    return link


def test_the_link_serves_the_persons_feed_with_titles_only(
    slack: SignedSlack, fake_slack: FakeSlack, slack_server: str, watched_log: ServerLog
) -> None:
    link = ask_link(slack, fake_slack)
    assert link.startswith(slack_server + "/calendar/")  # PUBLIC_URL's trailing slash is not doubled

    got = fetch(link)

    assert got.status == 200
    assert got.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert got.headers["Cache-Control"] == "private, max-age=300"
    found = events(got.body)
    assert set(found) == {"1:1 with mira", "Office hours with Leo Park", OWN_ITEM}
    one_on_one = found["1:1 with mira"]
    assert one_on_one.rrule.value.startswith("FREQ=MONTHLY")
    # Expanded by vobject, the monthly 1:1 keeps 15:30 in Berlin across the change to summer time.
    starts = local_starts(one_on_one, date(2026, 12, 1), 6)
    assert [s.date() for s in starts][:5] == [date(2026, 12, 8), date(2027, 1, 12), date(2027, 2, 9),
                                               date(2027, 3, 9), date(2027, 4, 13)]  # fmt: skip
    assert {(s.hour, s.minute) for s in starts} == {(15, 30)}
    assert starts[0].utcoffset() != starts[4].utcoffset()
    assert starts[4].astimezone(UTC).hour == 13
    booked = found["Office hours with Leo Park"]
    assert booked.dtstart.value.astimezone(UTC) == datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
    due = found[OWN_ITEM]
    assert due.dtstart.value == date(2026, 11, 28)  # an all-day event on the due date
    text = got.body.decode()
    for private in (DONE_ITEM, MANAGERS_ITEM, "careers in data"):
        assert private not in text
    # Nothing the server logged carries the token.
    token = link.rsplit("/", 1)[1].removesuffix(".ics")
    assert all(token not in record.getMessage() for record in watched_log.records)


def test_head_answers_like_get_without_a_body(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    link = ask_link(slack, fake_slack)
    got, head = fetch(link), fetch(link, method="HEAD")
    assert head.status == 200
    assert head.body == b""
    assert head.headers["Content-Length"] == str(len(got.body))
    assert head.headers["Content-Type"] == got.headers["Content-Type"]


def test_a_wrong_token_gets_the_same_404_as_nonsense(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    link = ask_link(slack, fake_slack)
    base, name = link.rsplit("/", 1)
    token = name.removesuffix(".ics")
    flipped = ("A" if token[0] != "A" else "B") + token[1:]
    answers = [
        fetch(f"{base}/{flipped}.ics"),
        fetch(f"{base}/short.ics"),
        fetch(f"{base}/{token}"),  # the right token without .ics
        fetch(f"{base}/{token}.ics.bak"),
        fetch(f"{base}/"),
    ]
    assert {a.status for a in answers} == {404}
    assert {a.body for a in answers} == {b"Not found"}
    assert fetch(link).status == 200


def test_asking_again_cannot_show_the_link_and_reset_kills_the_old_one(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    first = ask_link(slack, fake_slack)

    slack.command(EMPLOYEE, "calendar")
    again = last_reply(fake_slack)
    assert link_in(again) is None
    assert "calendar reset" in again["text"]
    second = ask_link(slack, fake_slack, text="calendar reset")

    assert second != first
    assert fetch(first).status == 404
    assert fetch(second).status == 200
    with sessions.begin() as session:
        hashes = session.scalars(select(CalendarFeed.token_hash)).all()
    assert len(hashes) == 1
    assert second.rsplit("/", 1)[1].removesuffix(".ics") not in hashes[0]  # only the hash is kept
    assert len(hashes[0]) == 64

    slack.command(EMPLOYEE, "calendar off")
    assert "switched off" in last_reply(fake_slack)["text"]
    assert fetch(second).status == 404


def test_each_person_gets_only_their_own_feed(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    ana = ask_link(slack, fake_slack)
    mira = ask_link(slack, fake_slack, MANAGER)

    managers = events(fetch(mira).body)
    assert set(managers) == {"1:1 with ana", MANAGERS_ITEM}
    assert OWN_ITEM not in fetch(mira).body.decode()
    assert mira != ana
    # Someone with no 1:1s and nothing booked is told to set up first, and no feed is made for them.
    slack.command(OUTSIDER, "calendar")
    assert link_in(last_reply(fake_slack)) is None
    assert "set up" in last_reply(fake_slack)["text"]


def test_an_unconfirmed_manager_sees_nothing_of_the_pair(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    with sessions.begin() as session:
        ana = session.scalars(select(Person).where(Person.slack_user_id == EMPLOYEE)).one()
        ana.manager_confirmed = False
    mira = ask_link(slack, fake_slack, MANAGER)
    assert set(events(fetch(mira).body)) == {MANAGERS_ITEM}


def test_forget_revokes_the_link(slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory) -> None:
    ana, mira = ask_link(slack, fake_slack), ask_link(slack, fake_slack, MANAGER)
    # Mira's row stays behind as a nameless placeholder (Ana's record points at it): her link must die anyway.
    slack.submit_view(MANAGER, open_forget(slack, fake_slack, MANAGER), TICKED)
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(Person).where(Person.slack_user_id == MANAGER)) == 0
        assert session.scalar(select(func.count()).select_from(Person).where(Person.display_name == "mira")) == 0

    assert fetch(mira).status == 404
    assert set(events(fetch(ana).body)) == {"Office hours with Leo Park", OWN_ITEM}  # her 1:1s have no manager now

    slack.submit_view(EMPLOYEE, open_forget(slack, fake_slack), TICKED)
    assert fetch(ana).status == 404
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(CalendarFeed)) == 0


def test_a_person_who_left_gets_404(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    link = ask_link(slack, fake_slack)
    with sessions.begin() as session:
        ana = session.scalars(select(Person).where(Person.slack_user_id == EMPLOYEE)).one()
        mark_left(session, person_id=ana.id, reason="account deactivated", now=clock.now)

    assert fetch(link).status == 404


def test_without_public_url_the_command_says_the_operator_must_set_it(
    slack: SignedSlack, fake_slack: FakeSlack, settings: Settings, sessions: SessionFactory
) -> None:
    settings.public_url = None
    slack.command(EMPLOYEE, "calendar")

    reply = last_reply(fake_slack)
    assert "PUBLIC_URL" in reply["text"]
    assert link_in(reply) is None
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(CalendarFeed)) == 0
