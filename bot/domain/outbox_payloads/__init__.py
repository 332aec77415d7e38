"""The outbox contract: one typed payload per delivery kind and per notice, written into
`Delivery.payload` and read back through the one encode/decode pair (`codec`).

The stored keys are the field names, as rows queued by earlier versions have them, so those rows
still decode. What a row stores beside its payload's fields (a notice's template, the outbox's marks)
and every other read of a stored key is in `stored`: no module outside this package names a key by string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from bot.domain.outbox_payloads.agenda import AgendaOldCopy as AgendaOldCopy
from bot.domain.outbox_payloads.agenda import AgendaTakenBack as AgendaTakenBack
from bot.domain.outbox_payloads.agenda import OldCopyReason as OldCopyReason
from bot.domain.outbox_payloads.around import AskNudge as AskNudge
from bot.domain.outbox_payloads.around import AskRef as AskRef
from bot.domain.outbox_payloads.around import BookingRef as BookingRef
from bot.domain.outbox_payloads.around import IntroDeclined as IntroDeclined
from bot.domain.outbox_payloads.around import IntroFollowUp as IntroFollowUp
from bot.domain.outbox_payloads.around import IntroRef as IntroRef
from bot.domain.outbox_payloads.around import OfficeHoursRefused as OfficeHoursRefused
from bot.domain.outbox_payloads.around import OfficeHoursSession as OfficeHoursSession
from bot.domain.outbox_payloads.around import SessionEnded as SessionEnded
from bot.domain.outbox_payloads.calendar import CalendarInvite as CalendarInvite
from bot.domain.outbox_payloads.codec import ONLY_IF_TRUE
from bot.domain.outbox_payloads.codec import BadPayload as BadPayload
from bot.domain.outbox_payloads.codec import decode as decode
from bot.domain.outbox_payloads.codec import encode as encode
from bot.domain.outbox_payloads.opportunities import AnnouncementRefused as AnnouncementRefused
from bot.domain.outbox_payloads.opportunities import InterestRef as InterestRef
from bot.domain.outbox_payloads.opportunities import OpportunityRef as OpportunityRef
from bot.domain.outbox_payloads.planning import PlanningDigestRef as PlanningDigestRef
from bot.models import DeliveryKind


class Notice(StrEnum):
    """The one-off notice DMs (a NOTICE delivery's `template`)."""

    SETUP_SAVED = "setup_saved"
    MANAGER_CONFIRMED = "manager_confirmed"
    MANAGER_DECLINED = "manager_declined"
    AGENDA_SHARED = "agenda_shared"
    AGENDA_TAKEN_BACK = "agenda_taken_back"
    AGENDA_OLD_COPY = "agenda_old_copy"
    RECAP_SAVED = "recap_saved"
    REQUEST_SENT = "request_sent"
    REQUEST_ACCEPTED = "request_accepted"
    REQUEST_COUNTERED = "request_countered"
    REQUEST_COUNTER_ACCEPTED = "request_counter_accepted"
    REQUEST_MANAGER_COPY = "request_manager_copy"
    ITEM_BLOCKED = "item_blocked"
    ITEM_DONE = "item_done"
    ITEM_DROPPED = "item_dropped"
    INVITATION_ACCEPTED = "invitation_accepted"
    DIGEST_UNDELIVERABLE = "digest_undeliverable"
    FORGET_ITEMS_DROPPED = "forget_items_dropped"
    FORGET_MANAGER_DETACHED = "forget_manager_detached"
    OFFICE_HOURS_BOOKED = "office_hours_booked"
    OFFICE_HOURS_CANCELLED_BY_BOOKER = "office_hours_cancelled_by_booker"
    OFFICE_HOURS_CANCELLED_BY_HOST = "office_hours_cancelled_by_host"
    OFFICE_HOURS_LATE_BOOKING = "office_hours_late_booking"
    OFFICE_HOURS_UNDELIVERABLE = "office_hours_undeliverable"
    OFFICE_HOURS_ENDED = "office_hours_ended"
    INTRO_SENT = "intro_sent"
    INTRO_DECLINED = "intro_declined"
    ASK_ANSWERED = "ask_answered"
    ASK_PASSED_ON = "ask_passed_on"
    MEETING_TYPE_CHOSEN = "meeting_type_chosen"
    OPPORTUNITY_CLOSED = "opportunity_closed"
    OPPORTUNITY_UNDELIVERABLE = "opportunity_undeliverable"


# -- delivery kinds -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ManagerConfirmation:
    series_id: int
    employee_id: int


@dataclass(frozen=True)
class MeetingReminder:
    """A prep reminder, recap nudge or manager brief, for the meeting at `scheduled_at`."""

    conversation_id: int
    scheduled_at: datetime | None = None
    follow_up: bool | None = None  # recap nudges: the second one


@dataclass(frozen=True)
class CheckInRef:
    check_in_id: int
    conversation_id: int


@dataclass(frozen=True)
class DueReminder:
    item_id: int
    due: date


@dataclass(frozen=True)
class DigestSlot:
    subscription_id: int
    slot: datetime


@dataclass(frozen=True)
class ManagerCopy:
    """One revision of a message the manager keeps (agenda, recap); `fresh` posts it anew."""

    conversation_id: int
    revision: int
    fresh: bool = field(default=False, metadata=ONLY_IF_TRUE)


@dataclass(frozen=True)
class RequestRef:
    request_id: int


@dataclass(frozen=True)
class ReflectionRef:
    """A mid-year reflection for its employee."""

    reflection_id: int


@dataclass(frozen=True)
class InvitationRef:
    invitation_id: int


# -- notices --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesRef:
    series_id: int


@dataclass(frozen=True)
class ManagerConfirmed:
    manager_id: int


@dataclass(frozen=True)
class ManagerDeclined:
    manager_name: str | None = None


@dataclass(frozen=True)
class ConversationRef:
    conversation_id: int


@dataclass(frozen=True)
class ItemChange:
    item_id: int
    actor_id: int


@dataclass(frozen=True)
class DigestUndeliverable:
    """A digest channel refused the digest (`reason`, a Slack error code): told to its owner."""

    subscription_id: int
    channel_id: str | None = None
    reason: str = ""
    scope: str = ""


@dataclass(frozen=True)
class ItemsClosed:
    item_ids: tuple[int, ...] = ()


KIND_PAYLOADS: dict[DeliveryKind, type[Any]] = {
    DeliveryKind.MANAGER_CONFIRMATION: ManagerConfirmation,
    DeliveryKind.PREP_REMINDER: MeetingReminder,
    DeliveryKind.MANAGER_BRIEF: MeetingReminder,
    DeliveryKind.RECAP_NUDGE: MeetingReminder,
    DeliveryKind.CHECK_IN: CheckInRef,
    DeliveryKind.DUE_REMINDER: DueReminder,
    DeliveryKind.TEAM_DIGEST: DigestSlot,
    DeliveryKind.ORG_DIGEST: DigestSlot,
    DeliveryKind.AGENDA: ManagerCopy,
    DeliveryKind.RECAP: ManagerCopy,
    DeliveryKind.MEETING_REQUEST: RequestRef,
    DeliveryKind.INVITATION: InvitationRef,
    DeliveryKind.OFFICE_HOURS_ANNOUNCEMENT: OfficeHoursSession,
    DeliveryKind.OFFICE_HOURS_LIST: OfficeHoursSession,
    DeliveryKind.INTRO_REQUEST: IntroRef,
    DeliveryKind.INTRO_OPENER: IntroRef,
    DeliveryKind.INTRO_FOLLOW_UP: IntroFollowUp,
    DeliveryKind.ASK_NUDGE: AskNudge,
    DeliveryKind.PLANNING_DIGEST: PlanningDigestRef,
    DeliveryKind.CALENDAR_INVITE: CalendarInvite,
    DeliveryKind.OPPORTUNITY_ANNOUNCEMENT: OpportunityRef,
    DeliveryKind.OPPORTUNITY_INTEREST: InterestRef,
    DeliveryKind.REFLECTION: ReflectionRef,
}
NOTICE_PAYLOADS: dict[Notice, type[Any]] = {
    Notice.SETUP_SAVED: SeriesRef,
    Notice.MANAGER_CONFIRMED: ManagerConfirmed,
    Notice.MANAGER_DECLINED: ManagerDeclined,
    Notice.AGENDA_SHARED: ConversationRef,
    Notice.AGENDA_TAKEN_BACK: AgendaTakenBack,
    Notice.AGENDA_OLD_COPY: AgendaOldCopy,
    Notice.RECAP_SAVED: ConversationRef,
    Notice.REQUEST_SENT: RequestRef,
    Notice.REQUEST_ACCEPTED: RequestRef,
    Notice.REQUEST_COUNTERED: RequestRef,
    Notice.REQUEST_COUNTER_ACCEPTED: RequestRef,
    Notice.REQUEST_MANAGER_COPY: RequestRef,
    Notice.ITEM_BLOCKED: ItemChange,
    Notice.ITEM_DONE: ItemChange,
    Notice.ITEM_DROPPED: ItemChange,
    Notice.INVITATION_ACCEPTED: InvitationRef,
    Notice.DIGEST_UNDELIVERABLE: DigestUndeliverable,
    Notice.FORGET_ITEMS_DROPPED: ItemsClosed,
    Notice.FORGET_MANAGER_DETACHED: ItemsClosed,
    Notice.OFFICE_HOURS_BOOKED: BookingRef,
    Notice.OFFICE_HOURS_CANCELLED_BY_BOOKER: BookingRef,
    Notice.OFFICE_HOURS_CANCELLED_BY_HOST: BookingRef,
    Notice.OFFICE_HOURS_LATE_BOOKING: BookingRef,
    Notice.OFFICE_HOURS_UNDELIVERABLE: OfficeHoursRefused,
    Notice.OFFICE_HOURS_ENDED: SessionEnded,
    Notice.INTRO_SENT: IntroRef,
    Notice.INTRO_DECLINED: IntroDeclined,
    Notice.ASK_ANSWERED: AskRef,
    Notice.ASK_PASSED_ON: AskRef,
    Notice.MEETING_TYPE_CHOSEN: ConversationRef,
    Notice.OPPORTUNITY_CLOSED: InterestRef,
    Notice.OPPORTUNITY_UNDELIVERABLE: AnnouncementRefused,
}


KindPayload = (
    ManagerConfirmation
    | MeetingReminder
    | CheckInRef
    | DueReminder
    | DigestSlot
    | ManagerCopy
    | RequestRef
    | InvitationRef
    | OfficeHoursSession
    | IntroRef
    | IntroFollowUp
    | AskNudge
    | PlanningDigestRef
    | CalendarInvite
    | OpportunityRef
    | InterestRef
    | ReflectionRef
)
NoticePayload = (
    SeriesRef
    | ManagerConfirmed
    | ManagerDeclined
    | ConversationRef
    | AgendaTakenBack
    | AgendaOldCopy
    | RequestRef
    | ItemChange
    | InvitationRef
    | DigestUndeliverable
    | ItemsClosed
    | BookingRef
    | OfficeHoursRefused
    | SessionEnded
    | IntroRef
    | IntroDeclined
    | AskRef
    | InterestRef
    | AnnouncementRefused
)
