"""A workspace's own questions in the database: an import replaces the old ones, extend and replace mix
them with the default bank by type, briefs rotate through them, and the pair's type choice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.brief import brief_for
from bot.domain.conversation_types import ConversationType
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.meeting_type import next_meeting_type, set_meeting_type
from bot.domain.prep import open_prep
from bot.domain.question_defaults import PREP_PROMPTS, default_brief
from bot.domain.question_file import parse_question_file
from bot.domain.workspace_questions import brief_pool, import_questions, prep_prompts, stored_questions
from bot.models import Conversation, Delivery, DeliveryKind, Person, WorkspaceQuestion
from tests.conftest import FakeClock
from tests.support.pairs import planned_conversation
from tests.support.people import LEO, MIRA, OTHER_TEAM, TEAM

STAY = ConversationType.STAY_INTERVIEW
GROWTH = ConversationType.CAREER_GROWTH


def entries(*rows: tuple[str, str, str]) -> str:
    """A question file: (id, audience, tag) per question, text made from the id."""
    return "".join(
        f"- {{id: {key}, text: Own question {key}, audience: {aud}, tags: [{tag}]}}\n" for key, aud, tag in rows
    )


def load(db: Session, clock: FakeClock, text: str, *, replace: bool = False, team_id: str = TEAM) -> None:
    import_questions(db, team_id=team_id, entries=parse_question_file(text), replace=replace, now=clock.now)


def test_an_import_replaces_all_earlier_rows_and_sets_the_mode(db: Session, clock: FakeClock) -> None:
    planned_conversation(db, clock.now)
    planned_conversation(db, clock.now, team_id=OTHER_TEAM)
    load(db, clock, entries(("a", "brief", "career_growth"), ("b", "prep", "stay_interview")))
    load(db, clock, entries(("z", "brief", "career_growth")), team_id=OTHER_TEAM)

    load(db, clock, entries(("c", "brief", "feedback")), replace=True)

    rows = db.execute(select(WorkspaceQuestion.team_id, WorkspaceQuestion.question_key).order_by("team_id")).all()
    assert [tuple(r) for r in rows] == [(TEAM, "c"), (OTHER_TEAM, "z")]
    assert [q.id for q in brief_pool(db, team_id=TEAM, kind=ConversationType.FEEDBACK)] == ["ws:c"]


def test_an_unknown_workspace_is_refused(db: Session, clock: FakeClock) -> None:
    with pytest.raises(NotFound):
        load(db, clock, entries(("a", "brief", "career_growth")), team_id="TNOBODY")


def test_extend_mixes_replace_keeps_theirs_and_falls_back_for_a_type_they_left_out(
    db: Session, clock: FakeClock
) -> None:
    planned_conversation(db, clock.now)
    own = entries(("s1", "brief", "stay_interview"), ("p1", "prep", "stay_interview"))

    load(db, clock, own)
    assert brief_pool(db, team_id=TEAM, kind=STAY)[-1].id == "ws:s1"
    assert len(brief_pool(db, team_id=TEAM, kind=STAY)) == len(default_brief(STAY)) + 1
    assert prep_prompts(db, team_id=TEAM, kind=STAY) == (*PREP_PROMPTS[STAY], "Own question p1")
    assert brief_pool(db, team_id=TEAM, kind=GROWTH) == default_brief(GROWTH)

    load(db, clock, own, replace=True)
    assert [q.id for q in brief_pool(db, team_id=TEAM, kind=STAY)] == ["ws:s1"]
    assert prep_prompts(db, team_id=TEAM, kind=STAY) == ("Own question p1",)
    assert brief_pool(db, team_id=TEAM, kind=GROWTH) == default_brief(GROWTH)  # none of theirs: the default


def test_briefs_rotate_through_the_workspaces_questions_without_a_repeat(db: Session, clock: FakeClock) -> None:
    conversation = planned_conversation(db, clock.now)
    load(db, clock, entries(*((f"g{n}", "brief", "career_growth") for n in range(6))), replace=True)
    previous: set[str] = set()

    for month in range(4):
        brief = brief_for(db, conversation)
        db.flush()
        asked = {q.id for q in brief.questions}
        assert len(asked) == 3, month
        assert asked <= {f"ws:g{n}" for n in range(6)}
        assert not asked & previous, month
        previous = asked
        ended = conversation.scheduled_at + timedelta(hours=1)
        following = db.get(Conversation, open_prep(db, team_id=TEAM, slack_user_id="UANA", now=ended).conversation_id)
        assert following is not None
        conversation = following


def test_a_brief_keeps_its_questions_and_drops_one_removed_since(db: Session, clock: FakeClock) -> None:
    conversation = planned_conversation(db, clock.now)
    load(db, clock, entries(("a", "brief", "career_growth")), replace=True)
    assert [q.id for q in brief_for(db, conversation).questions] == ["ws:a"]
    conversation.brief_questions = ["ws:gone", "ws:a", "energy-recent", "retired"]

    kept = stored_questions(db, team_id=TEAM, ids=conversation.brief_questions)

    assert [q.id for q in kept] == ["ws:a", "energy-recent"]
    assert [q.id for q in stored_questions(db, team_id=OTHER_TEAM, ids=["ws:a"])] == []  # never another team's


def test_the_type_is_for_one_meeting_and_either_of_the_pair_may_choose_it(db: Session, clock: FakeClock) -> None:
    conversation = planned_conversation(db, clock.now)

    chosen = set_meeting_type(db, team_id=TEAM, slack_user_id="UANA", report_user_id=None, kind=STAY, now=clock.now)

    assert (chosen.kind, chosen.changed, chosen.other_name, chosen.brief_sent) == (STAY, True, "Mira Chen", False)
    assert conversation.conversation_type == "stay_interview"
    assert {q.id for q in brief_for(db, conversation).questions} <= {q.id for q in default_brief(STAY)}
    seen = next_meeting_type(db, team_id=TEAM, slack_user_id="UMIRA", report_user_id="UANA", now=clock.now)
    assert (seen.kind, seen.other_name, seen.reader_tz) == (STAY, "Ana Silva", "America/New_York")
    again = set_meeting_type(db, team_id=TEAM, slack_user_id="UMIRA", report_user_id="UANA", kind=STAY, now=clock.now)
    assert again.changed is False
    # Once the brief went out with its questions, a later switch leaves them (the next brief avoids them).
    asked = list(conversation.brief_questions or ())
    late = set_meeting_type(db, team_id=TEAM, slack_user_id="UANA", report_user_id=None, kind=GROWTH, now=clock.now)
    assert (late.changed, late.brief_sent, conversation.brief_questions) == (True, True, asked)

    after = conversation.scheduled_at + timedelta(hours=1)
    assert next_meeting_type(db, team_id=TEAM, slack_user_id="UANA", report_user_id=None, now=after).kind is GROWTH


def test_nobody_outside_the_confirmed_pair_may_choose(db: Session, clock: FakeClock) -> None:
    planned_conversation(db, clock.now, confirm=False)
    planned_conversation(db, clock.now, employee=LEO, manager=MIRA)

    for asker, report in (("UMIRA", "UANA"), ("ULEO", "UANA"), ("UNOBODY", "UANA"), ("UMIRA", "UNOBODY")):
        with pytest.raises(NotAllowed):
            set_meeting_type(db, team_id=TEAM, slack_user_id=asker, report_user_id=report, kind=STAY, now=clock.now)
        with pytest.raises(NotAllowed):
            next_meeting_type(db, team_id=TEAM, slack_user_id=asker, report_user_id=report, now=clock.now)
    assert db.scalars(select(Conversation.conversation_type)).all() == [None, None]


def test_a_meeting_under_way_keeps_its_type(db: Session, clock: FakeClock) -> None:
    conversation = planned_conversation(db, clock.now)
    started = conversation.scheduled_at + timedelta(minutes=5)

    with pytest.raises(InvalidInput):
        set_meeting_type(db, team_id=TEAM, slack_user_id="UANA", report_user_id=None, kind=STAY, now=started)
    assert conversation.conversation_type is None


@pytest.mark.parametrize("confirm", [True, False])
def test_a_manager_hears_of_the_choice_only_once_they_confirmed_the_link(
    db: Session, clock: FakeClock, confirm: bool
) -> None:
    planned_conversation(db, clock.now, confirm=confirm)
    before = set(db.scalars(select(Delivery.id)))

    set_meeting_type(db, team_id=TEAM, slack_user_id="UANA", report_user_id=None, kind=STAY, now=clock.now)
    set_meeting_type(db, team_id=TEAM, slack_user_id="UANA", report_user_id=None, kind=GROWTH, now=clock.now)

    queued = db.scalars(select(Delivery).where(Delivery.id.not_in(before))).all()
    mira = db.scalars(select(Person.id).where(Person.slack_user_id == "UMIRA")).one()
    # One notice per change, each under its own key; none to a manager who has not confirmed.
    assert [(d.kind, d.recipient_id) for d in queued] == ([(DeliveryKind.NOTICE, mira)] * 2 if confirm else [])
