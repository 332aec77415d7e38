"""The export's sections: each writes one part of a person's record into the Markdown document."""

from __future__ import annotations

from collections.abc import Iterable

from bot.domain.conversation_types import LABELS, type_of
from bot.domain.markdown import Doc, day, fenced, inline, words
from bot.domain.people import find_person, person_by_id
from bot.domain.prep_answers import ASK_LABELS, PrepAnswers
from bot.domain.prep_share import manager_may_see
from bot.models import (
    ActionItem,
    CheckIn,
    Conversation,
    ConversationState,
    DigestSubscription,
    Invitation,
    MeetingRequest,
    OneOnOneSeries,
    Person,
    PersonStatus,
)

# The prep form's questions in the form's order, worded to read right for the employee and the manager.
PREP_LABELS = (
    ("strengths", "Strengths to use more"),
    ("energizing_work", "Work that was energising lately"),
    ("underused_skills", "Skills that go unused"),
    ("grow_skills", "Skills to build next"),
    ("direction", "Where to be in 2 to 5 years"),
    ("paths", "Roles or paths of interest"),
    ("topics", "Other topics"),
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def write_setup(doc: Doc, series: OneOnOneSeries | None) -> None:
    me = doc.reader
    doc.add("## Your setup", "", f"- Name: {inline(me.display_name)}", f"- Slack user ID: {inline(me.slack_user_id)}")
    doc.add(f"- Time zone: {inline(me.tz)}")
    status = words(me.status.value)
    if me.status is PersonStatus.PAUSED and me.paused_until is not None:
        status += f" until {day(me.paused_until)}"
    doc.add(f"- Reminders: {status}")
    if me.work_start_minute is not None and me.work_end_minute is not None:
        start, end = divmod(me.work_start_minute, 60), divmod(me.work_end_minute, 60)
        doc.add(f"- Working hours: {start[0]:02d}:{start[1]:02d} to {end[0]:02d}:{end[1]:02d} (your own)")
    else:
        doc.add("- Working hours: the workspace's default")
    if me.manager_id is None:
        doc.add("- Manager: none")
    else:
        confirmed = f"confirmed {doc.when(me.manager_confirmed_at)}" if me.manager_confirmed else "not confirmed yet"
        doc.add(f"- Manager: {doc.name(person_by_id(doc.session, me.manager_id))} ({confirmed})")
    if series is None:
        doc.add("- 1:1s: not set up")
    else:
        state = f"next on {doc.when(series.next_meeting_at)}" if series.active else "switched off"
        doc.add(f"- 1:1s: {series.cadence.value}, {series.length_minutes} minutes, {state}")
    doc.add("")


def _prep(doc: Doc, conversation: Conversation, heading: str, *, shared: bool = False) -> None:
    """The employee's own prep, or (`shared`) only the version they shared with the manager."""
    answers = PrepAnswers.from_json(conversation.shared_prep if shared else conversation.prep)
    for field, label in PREP_LABELS:
        value = getattr(answers, field)
        if value:
            doc.add(f"{heading} {label}", "", fenced(value), "")
    if answers.people:
        doc.add(f"{heading} People for an informational chat", "")
        doc.add(*(f"- {_slack_person(doc, user_id)}" for user_id in answers.people), "")
    if answers.asks:
        doc.add(f"{heading} Requests", "")
        for ask in answers.asks:
            doc.add(f"- **{inline(ASK_LABELS[ask.kind])}**" + (f": {inline(ask.detail)}" if ask.detail else ""))
        doc.add("")


def _slack_person(doc: Doc, slack_user_id: str) -> str:
    known = find_person(doc.session, team_id=doc.reader.team_id, slack_user_id=slack_user_id)
    return f"{doc.name(known)} (Slack user {inline(slack_user_id)})" if known else f"Slack user {inline(slack_user_id)}"


def _recap(doc: Doc, conversation: Conversation, heading: str, feedback_label: str) -> None:
    saved = conversation.recap or {}
    for label, key in (("Key takeaways", "takeaways"), (feedback_label, "feedback")):
        value = str(saved.get(key) or "")
        if value:
            doc.add(f"{heading} {label}", "", fenced(value), "")


def write_own_conversations(doc: Doc, conversations: Iterable[Conversation]) -> None:
    doc.add("## Your conversations", "")
    rows = list(conversations)
    if not rows:
        doc.add("None yet.", "")
    for conversation in rows:
        doc.add(f"### {doc.when(conversation.scheduled_at)} with {doc.name(conversation.manager)}", "")
        doc.add(f"- State: {conversation.state.value}", f"- Length: {conversation.length_minutes} minutes")
        doc.add(f"- Type: {LABELS[type_of(conversation.conversation_type)]}")
        doc.add(f"- Prep last saved: {doc.when(conversation.prep_saved_at)}")
        shared = doc.when(conversation.prep_shared_at) if conversation.prep_shared_at else "not shared"
        doc.add(f"- Agenda shared with your manager: {shared}")
        sent = doc.when(conversation.recap_submitted_at) if conversation.state is ConversationState.HELD else "none"
        doc.add(f"- Recap saved and sent to your manager: {sent}", "")
        _prep(doc, conversation, "####")
        if conversation.state is ConversationState.HELD:
            _recap(doc, conversation, "####", "Feedback you heard")


def write_items(doc: Doc, items: Iterable[ActionItem]) -> None:
    doc.add("## Action items", "", "Items you own and items others owe you.", "")
    rows = list(items)
    if not rows:
        doc.add("None yet.", "")
    for item in rows:
        due = f"due {day(item.due_date)}" if item.due_date else "no due date"
        doc.add(f"### {inline(item.text)}", "")
        doc.add(f"- Owner: {doc.name(item.owner)}", f"- Owed to: {doc.name(item.counterpart)}")
        doc.add(f"- From the conversation of {doc.when(item.conversation.scheduled_at)}")
        doc.add(f"- Status: {words(item.status.value)}, {due}", "- History:")
        for event in item.history:
            moved = f"{words(event.from_status.value)} to " if event.from_status else "created as "
            actor = doc.name(doc.session.get(Person, event.actor_id) if event.actor_id else None)
            note = f" ({inline(event.note)})" if event.note else ""
            doc.add(f"  - {doc.when(event.at)}, {actor}: {moved}{words(event.to_status.value)}{note}")
        doc.add("")


def write_check_ins(doc: Doc, check_ins: Iterable[CheckIn]) -> None:
    doc.add("## Check-ins", "")
    rows = list(check_ins)
    if not rows:
        doc.add("None yet.")
    for check_in in rows:
        doc.add(
            f"- About the conversation of {doc.when(check_in.conversation.scheduled_at)}: "
            f"due {doc.when(check_in.due_at)}, sent {doc.when(check_in.sent_at, 'not yet')}, "
            f"answered {doc.when(check_in.completed_at, 'not yet')}"
        )
    doc.add("")


def write_requests(doc: Doc, requests: Iterable[MeetingRequest], heading: str) -> None:
    for request in requests:
        doc.add(f"{heading} Request for {doc.when(request.proposed_at)}, {request.length_minutes} minutes", "")
        who = f"From {doc.name(request.employee)} to {doc.name(request.manager)}"
        doc.add(f"- {who}, sent {doc.when(request.created_at)}")
        doc.add(f"- State: {request.state.value}")
        if request.counter_at is not None:
            doc.add(f"- Other time proposed: {doc.when(request.counter_at)}")
        if request.accepted_at is not None:
            doc.add(f"- Agreed time: {doc.when(request.accepted_at)}")
        doc.add(f"- Answered: {doc.when(request.answered_at, 'not yet')}", "", fenced(request.message), "")


def write_others(doc: Doc, invitations: Iterable[Invitation], digests: Iterable[DigestSubscription]) -> None:
    doc.add("## Invitations and digests", "")
    lines = [
        f"- Invitation from {doc.name(i.manager)} to {doc.name(i.invitee)}: {i.state.value}, "
        f"sent {doc.when(i.created_at)}, answered {doc.when(i.answered_at)}"
        for i in invitations
    ]
    lines += [
        f"- {d.scope.value.capitalize()} digest to {inline(d.channel_id) if d.channel_id else 'your direct messages'}: "
        f"{WEEKDAYS[d.weekday % 7]}s at {d.hour:02d}:00 every {d.interval_weeks} week(s), "
        f"{'on' if d.active else 'off'}, last sent {doc.when(d.last_sent_at)}"
        for d in digests
    ]
    doc.add(*(lines or ["None."]), "")


def write_as_manager(doc: Doc, conversations: list[Conversation], requests: list[MeetingRequest]) -> None:
    """Only what reports chose to send: shared agendas and recaps; items are listed above."""
    if not conversations and not requests:
        return
    doc.add(
        "## As a manager",
        "",
        "What your reports sent you: the agendas they chose to share and their recaps. Their private prep "
        "is theirs and is not part of your record.",
        "",
    )
    for conversation in conversations:
        doc.add(f"### {doc.when(conversation.scheduled_at)} with {doc.name(conversation.employee)}", "")
        shared = manager_may_see(conversation, conversation.employee)  # loaded with the query
        held = conversation.state is ConversationState.HELD
        doc.add(f"- State: {conversation.state.value}")
        shared_at = conversation.prep_shared_at if shared else None
        doc.add(f"- Agenda shared with you: {doc.when(shared_at, 'no, it was not shared')}")
        doc.add(f"- Recap sent to you: {doc.when(conversation.recap_submitted_at) if held else 'none'}", "")
        if shared:
            _prep(doc, conversation, "####", shared=True)
        if held:
            _recap(doc, conversation, "####", "Feedback they heard")
    if requests:
        doc.add("### Meeting requests sent to you", "")
        write_requests(doc, requests, "####")
