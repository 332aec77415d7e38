"""Pure rules behind who can help: tag normalisation and matching, hours overlap, score bands, fair
rotation, the reasons shown, and the Block Kit for the directory, suggestions and the offer form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.calendar.overlap import daily_overlap_minutes, local_month
from bot.calendar.working_hours import WorkingHours
from bot.domain.help_home import HelpSummary
from bot.domain.help_tags import matching_topics, normalise_tag, normalise_tags, split_tags, words_of
from bot.domain.helper_directory import Directory, OfferRow
from bot.domain.offers import OfferInput
from bot.domain.suggestion_ranking import Candidate, rank, reasons_for, rotation
from bot.domain.suggestions import NeedSuggestions, Suggestion
from bot.models.help_offer import OfferKind
from bot.slack.blocks.helpers import ROWS_MAX, directory_message, help_blocks, suggestion_blocks
from bot.slack.forms.offer import offer_modal
from bot.slack.ids import Action
from bot.slack.values import IntroStart, decode

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


def candidate(person_id: int, *, matched: tuple[str, ...] = (), overlap: int = 8 * 60, **kw: object) -> Candidate:
    fields: dict[str, object] = {
        "used_this_month": 0,
        "capacity": 2,
        "last_suggested_at": None,
        "suggested_count": 0,
    } | kw
    return Candidate(person_id, matched, overlap, **fields)  # type: ignore[arg-type]


# -- tags ------------------------------------------------------------------------------------------------------


def test_tags_are_lower_cased_single_spaced_deduped_and_capped() -> None:
    assert normalise_tag("  Data \t Modelling ") == "data modelling"
    assert len(normalise_tag("x" * 100)) == 40
    assert normalise_tags(["SQL", "sql ", "", "  ", "Go"]) == ["sql", "go"]
    assert normalise_tags([f"t{n}" for n in range(30)]) == [f"t{n}" for n in range(15)]
    assert split_tags("sql, data modelling;\npublic speaking,,") == ["sql", " data modelling", "public speaking"]


def test_a_topic_matches_when_all_its_words_are_in_the_text() -> None:
    words = words_of("I want to get better at data modelling and running databases. C++ too.")
    assert matching_topics(["data modelling", "database", "c++", "modelling tools", "sql"], words) == [
        "data modelling",
        "database",
        "c++",
    ]
    assert matching_topics(["  "], words) == []
    assert matching_topics(["économie", "日本語"], words_of("Économie et 日本語")) == ["économie", "日本語"]


# -- hours ------------------------------------------------------------------------------------------------------


def test_hours_overlap_in_utc_across_zones_and_midnight() -> None:
    berlin = WorkingHours(tz="Europe/Berlin")
    assert daily_overlap_minutes(berlin, WorkingHours(tz="Europe/Paris"), at=NOW) == 9 * 60
    assert daily_overlap_minutes(berlin, WorkingHours(tz="America/New_York"), at=NOW) == 3 * 60
    assert daily_overlap_minutes(berlin, WorkingHours(tz="Pacific/Auckland"), at=NOW) == 0
    tokyo = WorkingHours(tz="Asia/Tokyo", start_minute=14 * 60, end_minute=23 * 60)  # 05:00-14:00 UTC
    assert daily_overlap_minutes(berlin, tokyo, at=NOW) == 6 * 60  # Berlin 08:00-17:00 UTC
    assert daily_overlap_minutes(tokyo, berlin, at=NOW) == 6 * 60


def test_the_local_month_follows_the_zone() -> None:
    late = datetime(2026, 11, 30, 15, 30, tzinfo=UTC)
    assert local_month(late, "UTC").month == 11
    assert local_month(late, "Asia/Tokyo").month == 12


# -- ranking ----------------------------------------------------------------------------------------------------


def test_shared_topics_outrank_hours_and_hours_break_topic_ties() -> None:
    ranked = rank(
        [
            candidate(1, overlap=9 * 60),
            candidate(2, matched=("sql",), overlap=0),
            candidate(3, matched=("sql",), overlap=5 * 60),
        ],
        employee_id=7,
        limit=3,
    )
    assert [c.person_id for c in ranked] == [3, 2, 1]


def test_among_close_scores_the_least_recently_suggested_comes_first() -> None:
    recent = candidate(1, last_suggested_at=NOW)
    older = candidate(2, last_suggested_at=NOW - timedelta(days=3))
    never = candidate(3, suggested_count=0)
    # A slightly smaller overlap is still "close": same band.
    fresh_but_close = candidate(4, overlap=5 * 60, last_suggested_at=None, suggested_count=9)
    ranked = rank([recent, older, never, fresh_but_close], employee_id=7, limit=4)
    assert [c.person_id for c in ranked][:2] in ([3, 4], [4, 3])
    assert [c.person_id for c in ranked][2:] == [2, 1]


def test_full_ties_rotate_by_employee() -> None:
    tied = [candidate(n) for n in range(1, 9)]
    tops = {rank(tied, employee_id=e, limit=1)[0].person_id for e in range(1, 30)}
    assert len(tops) >= 4
    assert rotation(1, 2) == rotation(1, 2)
    assert rank(tied, employee_id=1, limit=0) == []


def test_reasons_are_plain_words() -> None:
    close = candidate(1, matched=("data modelling", "sql"), overlap=5 * 60 + 30, used_this_month=1, capacity=3)
    assert reasons_for(close, kind=OfferKind.MENTORING, topics=["sql"]) == (
        "also into: data modelling, sql",
        "works hours that overlap yours 5h a day",
        "outside your reporting line",
        "2 of 3 conversations free this month",
    )
    far = candidate(2, overlap=20)
    found = reasons_for(far, kind=OfferKind.SHADOWING, topics=["a", "b", "c", "d"])
    assert found[0] == "offers a day of shadowing; talks about: a, b, c"
    assert "far-off time zone" in found[1]


# -- Block Kit ----------------------------------------------------------------------------------------------------


def row(n: int, *, free: int = 2) -> OfferRow:
    return OfferRow(
        person_id=n,
        slack_user_id=f"UH{n:03d}",
        display_name=f"Helper {n}",
        kinds=tuple(OfferKind),
        topics=tuple("t" * 40 for _ in range(15)),
        capacity=2,
        free=free,
        note="<!channel> & " * 40,
    )


def test_the_directory_fits_slack_limits_with_fifty_long_offers() -> None:
    rows = [row(n, free=0 if n == 3 else 2) for n in range(50)]
    message = directory_message(Directory(rows=rows, total=50, topic=None), reader_user_id="UH001")
    blocks = message.blocks_json()
    assert len(blocks) <= 50
    assert sum(len(str(b)) for b in blocks) < 40_000
    assert "and 25 more" in str(blocks[-1])
    assert "<!channel>" not in str(blocks)
    with_button = [b for b in blocks if "accessory" in b]
    assert len(with_button) == ROWS_MAX - 2  # not for the reader's own row, nor for a helper full this month
    value = decode(IntroStart, with_button[0]["accessory"]["value"])
    assert (value.helper_id, value.kind) == (0, OfferKind.INFORMATIONAL_INTERVIEW.value)


def test_suggestions_carry_their_reasons_into_the_intro_button_and_respect_room() -> None:
    reasons = ("also into: sql", "outside your reporting line")
    need = NeedSuggestions(
        "For your mentor ask", OfferKind.MENTORING, [Suggestion(5, "UKIM", "Kim", OfferKind.MENTORING, reasons)]
    )
    blocks = [b.to_dict() for b in suggestion_blocks([need, need], room=4)]
    assert len(blocks) == 3  # one whole need and the note; the second did not fit
    button = blocks[1]["accessory"]
    assert button["action_id"] == Action.INTRO_START
    value = decode(IntroStart, button["value"])
    assert (value.helper_id, value.kind, value.reasons) == (
        5,
        "mentoring",
        "also into: sql; outside your reporting line",
    )
    assert suggestion_blocks([], room=50) == []


def test_the_offer_form_says_offers_are_public_and_prefills() -> None:
    current = OfferInput(("sql", "golang"), (OfferKind.SHADOWING,), 4, False, "hi")
    view = offer_modal(workspace_topics=["sql", "leadership"], current=current).to_dict()
    text = str(view)
    assert "visible to everyone in this workspace" in text
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert [o["value"] for o in blocks["offer_topics"]["element"]["initial_options"]] == ["sql"]
    assert blocks["offer_tags"]["element"]["initial_value"] == "golang"
    assert "initial_options" not in blocks["offer_open"]["element"]
    many = offer_modal(workspace_topics=[f"topic {n}" for n in range(300)], current=None).to_dict()
    assert len(next(b for b in many["blocks"] if b.get("block_id") == "offer_topics")["element"]["options"]) == 100


def test_the_home_part_says_who_offered_help_and_where_your_offer_stands() -> None:
    nobody = [b.to_dict() for b in help_blocks(HelpSummary(0, None, 0, 0, ()))]
    assert "Nobody has offered help yet" in str(nobody)
    assert "offer yours with" in str(nobody)
    one = Suggestion(5, "UKIM", "Kim", OfferKind.MENTORING, ("also into: sql",))
    paused = [b.to_dict() for b in help_blocks(HelpSummary(1, False, 0, 2, (one, one, one)))]
    assert "1 colleague offered help" in str(paused)
    assert "Your offer is paused" in str(paused)
    assert len(paused) == 5
