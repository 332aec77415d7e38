"""Offers against a real database: saving and validating, offer off/on, the workspace topic list and who may
set it, the directory (open offers only, topic filter, room this month), export and forget."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.export import build_export
from bot.domain.forget import forget
from bot.domain.helper_directory import browse_offers
from bot.domain.offers import OfferInput, as_input, offer_of, save_offer, set_help_topics, set_offer_open
from bot.models import OneOnOneSeries, Person, Workspace
from bot.models.help_offer import HelpOffer, OfferKind
from tests.support.offers import add_intro, add_offer, add_person
from tests.support.people import OTHER_TEAM, TEAM

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


def form(**kw: object) -> OfferInput:
    fields: dict[str, object] = {
        "picked": ["Leadership"],
        "typed": "SQL,  data  Modelling; sql",
        "kinds": ["mentoring", "bogus"],
        "capacity": 3,
        "open_now": True,
        "note": " Happy   to help ",
    } | kw
    return OfferInput.build(**fields)  # type: ignore[arg-type]


def test_saving_normalises_and_replaces_the_offer(db: Session) -> None:
    kim = add_person(db, "UKIM", now=NOW)
    saved = save_offer(db, team_id=TEAM, slack_user_id="UKIM", offer=form(), now=NOW)
    assert saved.topics == ["leadership", "sql", "data modelling"]
    assert saved.kinds == ["mentoring"]
    assert (saved.capacity_per_month, saved.open, saved.note) == (3, True, "Happy to help")
    save_offer(db, team_id=TEAM, slack_user_id="UKIM", offer=form(typed="", capacity=1), now=NOW)
    assert db.scalar(select(func.count()).select_from(HelpOffer)) == 1
    again = offer_of(db, team_id=TEAM, slack_user_id="UKIM")
    assert again is not None
    assert again.person_id == kim.id
    assert as_input(again) == OfferInput(("leadership",), (OfferKind.MENTORING,), 1, True, "Happy to help")


def test_invalid_offers_are_refused_with_field_errors(db: Session) -> None:
    add_person(db, "UKIM", now=NOW)
    with pytest.raises(InvalidInput) as refused:
        save_offer(
            db, team_id=TEAM, slack_user_id="UKIM", offer=form(picked=[], typed="", kinds=[], capacity=0), now=NOW
        )
    assert set(refused.value.errors) == {"topics", "kinds", "capacity"}
    many = ",".join(f"t{n}" for n in range(20))
    with pytest.raises(InvalidInput, match="up to 15"):
        save_offer(db, team_id=TEAM, slack_user_id="UKIM", offer=form(typed=many), now=NOW)
    with pytest.raises(InvalidInput, match="under 200"):
        save_offer(db, team_id=TEAM, slack_user_id="UKIM", offer=form(note="x" * 201), now=NOW)
    with pytest.raises(NotFound):
        save_offer(db, team_id=TEAM, slack_user_id="UNOBODY", offer=form(), now=NOW)


def test_offer_off_and_on(db: Session) -> None:
    with pytest.raises(NotFound):
        set_offer_open(db, team_id=TEAM, slack_user_id="UKIM", open_now=False, now=NOW)
    kim = add_person(db, "UKIM", now=NOW)
    add_offer(db, kim, now=NOW)
    assert set_offer_open(db, team_id=TEAM, slack_user_id="UKIM", open_now=False, now=NOW).open is False
    assert browse_offers(db, team_id=TEAM, topic=None, now=NOW, limit=10).total == 0
    assert set_offer_open(db, team_id=TEAM, slack_user_id="UKIM", open_now=True, now=NOW).open is True
    assert browse_offers(db, team_id=TEAM, topic=None, now=NOW, limit=10).total == 1


def test_only_admins_or_named_people_set_the_topic_list(db: Session) -> None:
    add_person(db, "UKIM", now=NOW)
    with pytest.raises(NotAllowed):
        set_help_topics(db, team_id=TEAM, slack_user_id="UKIM", workspace_admin=False, text="sql", now=NOW)
    workspace = db.get(Workspace, TEAM)
    assert workspace is not None
    workspace.org_digest_user_ids = ["UKIM"]
    topics = set_help_topics(
        db, team_id=TEAM, slack_user_id="UKIM", workspace_admin=False, text="SQL, Leadership,sql", now=NOW
    )
    assert topics == workspace.help_topics == ["sql", "leadership"]
    set_help_topics(db, team_id=TEAM, slack_user_id="UADA", workspace_admin=True, text="none", now=NOW)
    assert workspace.help_topics == []
    with pytest.raises(InvalidInput):
        set_help_topics(db, team_id=TEAM, slack_user_id="UADA", workspace_admin=True, text=" , ", now=NOW)
    text = ",".join(f"t{n}" for n in range(51))
    with pytest.raises(InvalidInput, match="50 topics"):
        set_help_topics(db, team_id=TEAM, slack_user_id="UADA", workspace_admin=True, text=text, now=NOW)


def test_the_directory_filters_by_topic_and_lists_those_with_room_first(db: Session) -> None:
    employee = add_person(db, "UANA", now=NOW)
    full = add_person(db, "UALF", now=NOW)
    add_offer(db, full, now=NOW, topics=["data modelling"], capacity=1)
    add_intro(db, employee, full, at=NOW - timedelta(hours=1))
    room = add_person(db, "UZED", now=NOW)
    add_offer(db, room, now=NOW, topics=["sql", "data modelling for analytics"])
    other = add_person(db, "UBEA", now=NOW)
    add_offer(db, other, now=NOW, topics=["public speaking"])
    stranger = add_person(db, "USTRANGER", now=NOW, team=OTHER_TEAM)
    add_offer(db, stranger, now=NOW, topics=["data modelling"])

    found = browse_offers(db, team_id=TEAM, topic="Data Modelling", now=NOW, limit=10)
    assert [(r.slack_user_id, r.free) for r in found.rows] == [("UZED", 2), ("UALF", 0)]
    assert found.topic == "data modelling"
    everyone = browse_offers(db, team_id=TEAM, topic=None, now=NOW, limit=2)
    assert everyone.total == 3
    assert [r.slack_user_id for r in everyone.rows] == ["UBEA", "UZED"]


def test_the_export_holds_the_offer_and_forget_deletes_it(db: Session) -> None:
    kim = add_person(db, "UKIM", now=NOW)
    report = add_person(db, "UREPORT", now=NOW, manager=kim)
    db.add(
        OneOnOneSeries(
            team_id=TEAM,
            employee_id=report.id,
            manager_id=kim.id,
            rrule="FREQ=MONTHLY",
            anchor_local="2026-12-08T10:00:00",
            tz="UTC",
            next_meeting_at=NOW,
            created_at=NOW,
            updated_at=NOW,
        )
    )
    add_offer(db, kim, now=NOW, topics=["sql"], note="Ask me about SQL", kinds=[OfferKind.SHADOWING])
    export = build_export(db, team_id=TEAM, slack_user_id="UKIM", now=NOW)
    assert export is not None
    assert "## Your offer to help" in export.markdown
    assert "- Topics: sql" in export.markdown
    assert "- Kinds: shadowing" in export.markdown
    assert "Ask me about SQL" in export.markdown

    result = forget(db, team_id=TEAM, slack_user_id="UKIM", now=NOW)
    assert result is not None
    assert result.scrubbed is True  # kept as a placeholder for the report's series: no cascade to rely on
    assert db.scalar(select(func.count()).select_from(HelpOffer)) == 0
    assert db.get(Person, kim.id) is not None
