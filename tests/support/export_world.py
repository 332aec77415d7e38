"""A world of conversations, preps, recaps and items to export or forget, with secrets to look for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.items import change_status
from bot.domain.meeting_request import create_request
from bot.domain.people import Profile
from bot.domain.prep import save_prep, set_sharing
from bot.domain.prep_answers import Ask, AskKind, PrepAnswers
from bot.domain.recap import save_recap
from bot.domain.recap_input import Owner, RecapInput, RecapRow
from bot.models import ActionItem, Conversation, ItemStatus
from tests.support.pairs import planned_conversation
from tests.support.people import ANA, LEO, MIRA, TEAM

PRIYA = Profile("UPRIYA", "Priya Rao", "Asia/Kolkata")
BEFORE = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
AFTER = datetime(2026, 12, 8, 16, 0, tzinfo=UTC)  # every 8 December 15:30 meeting below is over
LONG_STRENGTH = "Explaining tricky systems to customers. " * 30  # longer than any Slack preview shows
HOSTILE = "# not a heading\n```\n<script>alert(1)</script> *bold* [link](http://x.example) &amp; | a | b |\n````"
ANA_PREP = PrepAnswers(
    strengths=LONG_STRENGTH.strip(),
    direction=HOSTILE,
    people=("UPRIYA", "UNOBODY"),
    asks=(Ask(AskKind.MENTOR, "Someone in *product*"),),
)


LEO_SECRET = "LEO-PRIVATE-NEVER-SHARED"
PRIYA_SECRET = "PRIYA-PRIVATE-PREP"
PRIYA_RECAP = "PRIYA-RECAP-FOR-MIRA"
ANA_ITEM = "Ask the *platform* lead about [shadowing](http://x) <b>on-call</b>"
MIRA_ITEM = "Introduce Ana to the product director"
REQUEST_NOTE = "Could we talk about a move?\n\n- growth\n- ```not code```"


@dataclass(frozen=True)
class World:
    """Mira manages Ana and Priya; Ana manages Leo. Everyone met on 8 December."""

    ana: Conversation
    leo: Conversation
    priya: Conversation


def set_up(session: Session, employee: Profile, manager: Profile, *, confirm: bool = True) -> Conversation:
    return planned_conversation(session, BEFORE, employee, manager, confirm=confirm)


def prep(session: Session, conversation: Conversation, user: str, answers: PrepAnswers, *, share: bool) -> None:
    save_prep(session, team_id=TEAM, conversation_id=conversation.id, slack_user_id=user, answers=answers, now=BEFORE)
    if share:
        set_sharing(session, team_id=TEAM, conversation_id=conversation.id, slack_user_id=user, share=True, now=BEFORE)


def recap(session: Session, conversation: Conversation, user: str, takeaways: str, *rows: RecapRow) -> None:
    data = RecapInput(met=True, takeaways=takeaways, feedback=f"feedback for {user}", rows=rows)
    save_recap(
        session,
        team_id=TEAM,
        conversation_id=conversation.id,
        slack_user_id=user,
        data=data,
        submission_id=f"recap-{user}",
        today=AFTER.date(),
        now=AFTER,
    )


def item(session: Session, text: str) -> ActionItem:
    return session.scalars(select(ActionItem).where(ActionItem.text == text)).one()


def build_world(session: Session) -> World:
    ana, priya, leo = set_up(session, ANA, MIRA), set_up(session, PRIYA, MIRA), set_up(session, LEO, ANA)
    prep(session, ana, "UANA", ANA_PREP, share=True)
    prep(session, priya, "UPRIYA", PrepAnswers(strengths=PRIYA_SECRET), share=False)
    prep(session, leo, "ULEO", PrepAnswers(strengths=LEO_SECRET), share=False)
    request = create_request(
        session,
        team_id=TEAM,
        employee_slack_id="UANA",
        message=REQUEST_NOTE,
        proposed_local=datetime(2026, 12, 1, 10, 0),
        now=BEFORE,
    )
    # The relay posted it to Mira (what makes it part of her record).
    request.manager_channel, request.manager_ts = "DUMIRA", "1764000000.000100"
    recap(
        session,
        ana,
        "UANA",
        "A move to product is realistic\n## within a year",
        RecapRow(ANA_ITEM, Owner.ME, date(2026, 12, 18)),
        RecapRow(MIRA_ITEM, Owner.MANAGER, date(2026, 12, 15)),
    )
    recap(session, priya, "UPRIYA", PRIYA_RECAP, RecapRow("Priya's own item", Owner.ME))
    recap(
        session,
        leo,
        "ULEO",
        "Leo wants to try on-call leadership",
        RecapRow("Find Leo a mentor", Owner.MANAGER),
        RecapRow("Leo drafts a proposal", Owner.ME),
    )
    mira_item = item(session, MIRA_ITEM)
    change_status(
        session,
        team_id=TEAM,
        item_id=mira_item.id,
        slack_user_id="UMIRA",
        to=ItemStatus.BLOCKED,
        now=AFTER,
        note="Waiting for the *director* to be back",
    )
    session.flush()
    return World(ana=ana, leo=leo, priya=priya)
