"""Every Slack callback, action and block id the bot uses (the values they carry are in bot/slack/values.py)."""

from __future__ import annotations

from enum import StrEnum

COMMAND = "/career-prep"
# The first words COMMAND understands (its router in bot/slack/listeners/commands/ holds what each does).
SUBCOMMAND_NAMES = frozenset(
    [
        "prep",
        "request",
        "recap",
        "items",
        "status",
        "settings",
        "hours",
        "pause",
        "resume",
        "team",
        "digest",
        "export",
        "forget",
        "offer",
        "helpers",
        "help",
        "office-hours",
        "asks",
        "planning",
        "type",
        "calendar",
        "opportunity",
        "opportunities",
    ]
)


class Callback(StrEnum):
    """View callback ids."""

    SETUP = "setup_modal"
    PREP_FORM = "prep_form"
    PREP_REVIEW = "prep_review"
    REQUEST_FORM = "request_form"
    REQUEST_COUNTER = "request_counter"
    RECAP_FORM = "recap_form"
    ITEM_BLOCKED = "item_blocked"
    ITEM_EDIT = "item_edit"
    TEAM_INVITE = "team_invite"
    FORGET_CONFIRM = "forget_confirm"
    OFFICE_HOURS_FORM = "office_hours_form"
    INTRO_FORM = "intro_form"
    OFFER_FORM = "offer_form"
    ASK_ANSWER = "ask_answer"
    OPPORTUNITY_FORM = "opportunity_form"
    OPPORTUNITY_INTEREST = "opportunity_interest"
    REFLECTION_NOTE = "reflection_note"


class Action(StrEnum):
    """Action ids of interactive elements."""

    MANAGER_CONFIRM = "manager_confirm"
    MANAGER_DECLINE = "manager_decline"
    OPEN_SETTINGS = "open_settings"
    OPEN_PREP = "open_prep"
    # "Ask for an intro" on a suggested helper or a directory row; opens the intro form (value: IntroStart).
    INTRO_START = "intro_start"
    SETUP_MANAGER = "setup_manager"
    SETUP_DATE = "setup_date"
    SETUP_TIME = "setup_time"
    SETUP_CADENCE = "setup_cadence"
    SETUP_LENGTH = "setup_length"
    PREP_EDIT = "prep_edit"
    PREP_TEXT = "prep_text"
    PREP_PEOPLE = "prep_people"
    PREP_ASK_KIND = "prep_ask_kind"
    PREP_ASK_DETAIL = "prep_ask_detail"
    PREP_SHARE = "prep_share"
    OPEN_REQUEST = "open_request"
    REQUEST_ACCEPT = "request_accept"
    REQUEST_PROPOSE = "request_propose"
    REQUEST_MESSAGE = "request_message"
    REQUEST_DATE = "request_date"
    REQUEST_TIME = "request_time"
    OPEN_RECAP = "open_recap"
    RECAP_ADD_ROW = "recap_add_row"
    RECAP_MET = "recap_met"
    RECAP_TEXT = "recap_text"
    RECAP_ITEM_TEXT = "recap_item_text"
    RECAP_ITEM_OWNER = "recap_item_owner"
    RECAP_ITEM_DUE = "recap_item_due"
    RECAP_CLOSE_CARRIED = "recap_close_carried"
    # The recap's open asks: answered in the meeting (yes / not now) or carried over, and what was said.
    RECAP_ASK_CHOICE = "recap_ask_choice"
    RECAP_ASK_TEXT = "recap_ask_text"
    OPEN_ITEMS = "open_items"
    ITEM_DONE = "item_done"
    ITEM_STILL_ON_IT = "item_still_on_it"
    ITEM_BLOCKED = "item_blocked"
    ITEM_DROP = "item_drop"
    ITEM_EDIT = "item_edit"
    ITEM_REASON = "item_reason"
    ITEM_TEXT = "item_text"
    ITEM_DUE = "item_due"
    SNOOZE = "snooze"
    # Team invitations
    OPEN_TEAM = "open_team"
    TEAM_PEOPLE = "team_people"
    INVITE_ACCEPT = "invite_accept"
    INVITE_DECLINE = "invite_decline"
    # Digests, App Home, your data
    DIGEST_OFF = "digest_off"
    OPEN_EXPORT = "open_export"
    OPEN_HOME_HISTORY = "open_home_history"
    FORGET_CHECK = "forget_check"
    # Office hours: the set-up form's inputs, Book on an announcement, Cancel on a confirmation or the host's list
    OFFICE_HOURS_WEEKDAY = "office_hours_weekday"
    OFFICE_HOURS_START = "office_hours_start"
    OFFICE_HOURS_LENGTH = "office_hours_length"
    OFFICE_HOURS_SLOTS = "office_hours_slots"
    OFFICE_HOURS_CHANNEL = "office_hours_channel"
    OFFICE_HOURS_LEAD = "office_hours_lead"
    OFFICE_HOURS_TOPIC = "office_hours_topic"
    OFFICE_HOURS_BOOK = "office_hours_book"
    OFFICE_HOURS_CANCEL = "office_hours_cancel"
    # Intros: the form's inputs, the helper's answer, the employee taking it back, "did you meet?"
    INTRO_KIND = "intro_kind"
    INTRO_NOTE = "intro_note"
    INTRO_INCLUDE = "intro_include"
    INTRO_ACCEPT = "intro_accept"
    INTRO_DECLINE = "intro_decline"
    INTRO_CANCEL = "intro_cancel"
    INTRO_MET = "intro_met"
    INTRO_NOT_YET = "intro_not_yet"
    INTRO_NOT_HAPPENING = "intro_not_happening"
    # The offer form (who can help)
    OFFER_TOPICS = "offer_topics"
    OFFER_TAGS = "offer_tags"
    OFFER_KINDS = "offer_kinds"
    OFFER_CAPACITY = "offer_capacity"
    OFFER_OPEN = "offer_open"
    OFFER_NOTE = "offer_note"
    # Asks: "Answer" on an ask (value AskButton) opens the answer form; the employee's consent to a redirect.
    ASK_ANSWER = "ask_answer"
    ASK_PASS_ON = "ask_pass_on"
    ASK_KEEP = "ask_keep"
    ASK_CHOICE = "ask_choice"
    ASK_TEXT = "ask_text"
    ASK_REVISIT = "ask_revisit"
    ASK_ITEM_TEXT = "ask_item_text"
    ASK_ITEM_OWNER = "ask_item_owner"
    ASK_ITEM_DUE = "ask_item_due"
    ASK_TARGET = "ask_target"
    ASK_RESOURCE = "ask_resource"
    # Opportunities: the posting form's inputs; I'm interested, Bring to my 1:1, Close; the interest form's inputs
    OPPORTUNITY_KIND = "opportunity_kind"
    OPPORTUNITY_TITLE = "opportunity_title"
    OPPORTUNITY_DESCRIPTION = "opportunity_description"
    OPPORTUNITY_TAGS = "opportunity_tags"
    OPPORTUNITY_CLOSES = "opportunity_closes"
    OPPORTUNITY_CHANNEL = "opportunity_channel"
    OPPORTUNITY_INTERESTED = "opportunity_interested"
    OPPORTUNITY_BRING = "opportunity_bring"
    OPPORTUNITY_CLOSE = "opportunity_close"
    OPPORTUNITY_MESSAGE = "opportunity_message"
    OPPORTUNITY_SEND_SKILLS = "opportunity_send_skills"
    REFLECTION_STILL_TRUE = "reflection_still_true"
    REFLECTION_CHANGED = "reflection_changed"
    REFLECTION_DONE = "reflection_done"
    REFLECTION_NOTE = "reflection_note"
    REFLECTION_SHARE = "reflection_share"


class Block(StrEnum):
    """Block ids of inputs (errors are keyed by these) and of notable sections."""

    SETUP_MANAGER = "setup_manager"
    SETUP_DATE = "setup_date"
    SETUP_TIME = "setup_time"
    SETUP_CADENCE = "setup_cadence"
    SETUP_LENGTH = "setup_length"
    # Prep form: one input block per answer (block id = "prep_" + field name).
    PREP_STRENGTHS = "prep_strengths"
    PREP_GROW_SKILLS = "prep_grow_skills"
    PREP_ENERGIZING_WORK = "prep_energizing_work"
    PREP_UNDERUSED_SKILLS = "prep_underused_skills"
    PREP_DIRECTION = "prep_direction"
    PREP_PATHS = "prep_paths"
    PREP_PEOPLE = "prep_people"
    PREP_TOPICS = "prep_topics"
    PREP_ASK_0 = "prep_ask_0"
    PREP_ASK_0_DETAIL = "prep_ask_0_detail"
    PREP_ASK_1 = "prep_ask_1"
    PREP_ASK_1_DETAIL = "prep_ask_1_detail"
    PREP_ASK_2 = "prep_ask_2"
    PREP_ASK_2_DETAIL = "prep_ask_2_detail"
    PREP_SHARE = "prep_share"
    REQUEST_MESSAGE = "request_message"
    REQUEST_DATE = "request_date"
    REQUEST_TIME = "request_time"
    # Recap form; action-item rows are "recap_row_{i}_text|owner|due".
    RECAP_MET = "recap_met"
    RECAP_TAKEAWAYS = "recap_takeaways"
    RECAP_FEEDBACK = "recap_feedback"
    RECAP_CLOSE_CARRIED = "recap_close_carried"
    ITEM_REASON = "item_reason"
    ITEM_TEXT = "item_text"
    ITEM_DUE = "item_due"
    TEAM_PEOPLE = "team_people"
    FORGET_CHECK = "forget_check"
    OFFICE_HOURS_WEEKDAY = "office_hours_weekday"
    OFFICE_HOURS_START = "office_hours_start"
    OFFICE_HOURS_LENGTH = "office_hours_length"
    OFFICE_HOURS_SLOTS = "office_hours_slots"
    OFFICE_HOURS_CHANNEL = "office_hours_channel"
    OFFICE_HOURS_LEAD = "office_hours_lead"
    OFFICE_HOURS_TOPIC = "office_hours_topic"
    INTRO_KIND = "intro_kind"
    INTRO_NOTE = "intro_note"
    INTRO_INCLUDE = "intro_include"
    OFFER_TOPICS = "offer_topics"
    OFFER_TAGS = "offer_tags"
    OFFER_KINDS = "offer_kinds"
    OFFER_CAPACITY = "offer_capacity"
    OFFER_OPEN = "offer_open"
    OFFER_NOTE = "offer_note"
    ASK_CHOICE = "ask_choice"
    ASK_TEXT = "ask_text"
    ASK_REVISIT = "ask_revisit"
    ASK_ITEM_TEXT = "ask_item_text"
    ASK_ITEM_OWNER = "ask_item_owner"
    ASK_ITEM_DUE = "ask_item_due"
    ASK_TARGET = "ask_target"
    ASK_RESOURCE = "ask_resource"
    OPPORTUNITY_KIND = "opportunity_kind"
    OPPORTUNITY_TITLE = "opportunity_title"
    OPPORTUNITY_DESCRIPTION = "opportunity_description"
    OPPORTUNITY_TAGS = "opportunity_tags"
    OPPORTUNITY_CLOSES = "opportunity_closes"
    OPPORTUNITY_CHANNEL = "opportunity_channel"
    OPPORTUNITY_MESSAGE = "opportunity_message"
    OPPORTUNITY_SEND_SKILLS = "opportunity_send_skills"
    REFLECTION_NOTE = "reflection_note"
    REFLECTION_SHARE = "reflection_share"


def prep_block(field: str) -> str:
    """The prep form's input block for one free-text answer (a field of PrepAnswers)."""
    return f"prep_{field}"


def prep_ask_block(index: int) -> str:
    """The prep form's kind picker of request `index`."""
    return f"prep_ask_{index}"


def prep_ask_detail_block(index: int) -> str:
    """The prep form's details of request `index`."""
    return f"{prep_ask_block(index)}_detail"


def recap_row_block(index: int, part: str) -> str:
    """The recap form's action-item row `index`: its "text", "owner" or "due" input."""
    return f"recap_row_{index}_{part}"


def recap_ask_block(index: int, part: str) -> str:
    """The recap form's open ask `index`: its "choice" (yes / not now / carry over) or its "text"."""
    return f"recap_ask_{index}_{part}"


class Event(StrEnum):
    """Events API event types the bot subscribes to."""

    APP_HOME_OPENED = "app_home_opened"
    APP_UNINSTALLED = "app_uninstalled"
    TOKENS_REVOKED = "tokens_revoked"
    USER_CHANGE = "user_change"


# A database row id as a context value carries it: anything else is not ours (and would overflow).
