"""SQLAlchemy models; importing this package registers every table on Base.metadata."""

from bot.models.action_item import ActionItem, ActionItemEvent, ItemStatus
from bot.models.ask import Ask, AskState
from bot.models.base import Base, UTCDateTime
from bot.models.calendar_feed import CalendarFeed
from bot.models.check_in import CheckIn
from bot.models.conversation import Conversation, ConversationState
from bot.models.delivery import Delivery, DeliveryKind, DeliveryState
from bot.models.digest import DigestScope, DigestSubscription
from bot.models.handled_request import HandledRequest
from bot.models.help_offer import HelpOffer, OfferKind
from bot.models.intro import Intro, IntroOutcome, IntroState
from bot.models.invitation import Invitation, InvitationState
from bot.models.meeting_request import MeetingRequest, RequestState
from bot.models.office_hours import OfficeHours, OfficeHoursBooking
from bot.models.opportunity import Opportunity, OpportunityInterest, OpportunityKind, OpportunityState
from bot.models.person import Person, PersonStatus
from bot.models.planning import TeamPlanning
from bot.models.reflection import Reflection
from bot.models.series import Cadence, OneOnOneSeries
from bot.models.workspace import Workspace
from bot.models.workspace_question import WorkspaceQuestion

__all__ = [
    "ActionItem",
    "ActionItemEvent",
    "Ask",
    "AskState",
    "Base",
    "Cadence",
    "CalendarFeed",
    "CheckIn",
    "Conversation",
    "ConversationState",
    "Delivery",
    "DeliveryKind",
    "DeliveryState",
    "DigestScope",
    "DigestSubscription",
    "HandledRequest",
    "HelpOffer",
    "Intro",
    "IntroOutcome",
    "IntroState",
    "Invitation",
    "InvitationState",
    "ItemStatus",
    "MeetingRequest",
    "OfferKind",
    "OfficeHours",
    "OfficeHoursBooking",
    "OneOnOneSeries",
    "Opportunity",
    "OpportunityInterest",
    "OpportunityKind",
    "OpportunityState",
    "Person",
    "PersonStatus",
    "Reflection",
    "RequestState",
    "TeamPlanning",
    "UTCDateTime",
    "Workspace",
    "WorkspaceQuestion",
]
