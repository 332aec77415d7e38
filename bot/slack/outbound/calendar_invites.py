"""CALENDAR_INVITE: a short DM and, in its thread, the .ics of the 1:1 series (REQUEST or CANCEL)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.calendar_invites import confirmed_manager_id
from bot.domain.invite_files import Schedule, invite_file, schedule_of
from bot.domain.outbox_payloads import CalendarInvite, decode
from bot.domain.people import people_of
from bot.models import Delivery, DeliveryKind, OneOnOneSeries, Person
from bot.slack.blocks.calendar_invites import cancel_message, invite_message
from bot.slack.outbound.outcomes import Attachment, FileRendered, Outcome, Registry, Skip


def calendar_invite(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    invite = decode(CalendarInvite, delivery.payload)
    series = session.get(OneOnOneSeries, invite.series_id)
    recipient = session.get(Person, delivery.recipient_id) if delivery.recipient_id is not None else None
    if recipient is None:
        return Skip("the recipient is gone")
    if series is None:
        return _forgotten(session, delivery, invite, now)
    employee, manager = people_of(session, series)
    in_series = recipient.id == employee.id or recipient.id == confirmed_manager_id(employee) == manager.id
    if in_series and invite.sequence < series.ics_sequence:
        return Skip("a newer invite for this series replaces it")
    if not in_series and not invite.cancel:
        return Skip("the recipient is no longer in this 1:1 series")
    other = manager if recipient.id == employee.id else employee
    file = invite_file(
        session,
        series=schedule_of(series),
        sequence=invite.sequence,
        cancel=invite.cancel,
        other_name=other.display_name,
        now=now,
        prep_url=_prep_link(recipient),
    )
    message = (
        cancel_message(other_user_id=other.slack_user_id)
        if invite.cancel
        else invite_message(
            other_user_id=other.slack_user_id, next_meeting_at=series.next_meeting_at, reader_tz=recipient.tz
        )
    )
    return FileRendered(message, attachment=Attachment(file.filename, file.title, file.content))


def _forgotten(session: Session, delivery: Delivery, invite: CalendarInvite, now: datetime) -> Outcome:
    """A cancel for a series deleted with its employee's data: from the schedule it carries, naming nobody."""
    rrule, anchor, tz, length = invite.rrule, invite.anchor_local, invite.tz, invite.length_minutes
    if not invite.cancel or rrule is None or anchor is None or tz is None or length is None:
        return Skip("the 1:1 series is gone")
    schedule = Schedule(delivery.team_id, invite.series_id, rrule, anchor, tz, length)
    file = invite_file(
        session, series=schedule, sequence=invite.sequence, cancel=True, other_name="a former colleague", now=now
    )
    return FileRendered(
        cancel_message(other_user_id=None), attachment=Attachment(file.filename, file.title, file.content)
    )


def _prep_link(recipient: Person) -> str | None:
    """A link that opens the person's DM with the bot in Slack (where prep starts), once that DM is known."""
    if recipient.dm_channel_id is None:
        return None
    return f"https://slack.com/app_redirect?team={recipient.team_id}&channel={recipient.dm_channel_id}"


REGISTRY = Registry(kinds={DeliveryKind.CALENDAR_INVITE: calendar_invite})
