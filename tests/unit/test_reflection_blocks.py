"""The reflection DM, its form and the brief's lines stay within Slack's limits at their largest, and
show each line's answer and who it is shared with."""

from __future__ import annotations

from datetime import date

from bot.domain.reflection_brief import ReflectionNews
from bot.domain.reflection_snapshot import LINE_MAX, MAX_LINES
from bot.domain.reflections import CHANGED, DONE, NOTE_MAX, ReflectionLine, ReflectionView
from bot.slack.blocks.reflection import reflection_message, reflection_news_blocks
from bot.slack.forms.reflection import note_modal
from bot.slack.values import ReflectionNoteRef
from tests.support.blockkit_checks import check_message, check_view

LONG = "&<" * (LINE_MAX // 2)


def biggest(**changes: object) -> ReflectionView:
    lines = tuple(ReflectionLine(f"ask:{n}", LONG, LONG, (CHANGED, DONE, None)[n % 3]) for n in range(MAX_LINES))
    fields: dict[str, object] = {
        "reflection_id": 7,
        "day": date(2027, 6, 7),
        "since": "2026-12-08",
        "lines": lines,
        "note": "&" * NOTE_MAX,
        "manager_user_id": "UMIRA",
        "shared_with_user_id": None,
        "told": False,
    }
    return ReflectionView(**{**fields, **changes})


def test_the_largest_reflection_dm_is_within_slacks_limits() -> None:
    message = reflection_message(biggest(), channel="D1", ts="1.2")
    assert check_message(message.text, message.blocks_json()) == []
    assert len(message.blocks) <= 50


def test_each_line_shows_its_answer_and_the_chosen_button_stands_out() -> None:
    blocks = reflection_message(biggest()).blocks_json()
    first_buttons = blocks[3]["elements"]
    assert [b.get("style") for b in first_buttons] == [None, "primary", None]  # line 0: changed
    assert "You said: *changed*" in blocks[2]["text"]["text"]
    assert "You said" not in blocks[6]["text"]["text"]  # line 2: not marked yet


def test_the_sharing_state_is_plain() -> None:
    private = str(reflection_message(biggest()).blocks_json())
    shared = str(reflection_message(biggest(shared_with_user_id="UMIRA")).blocks_json())
    told = str(reflection_message(biggest(shared_with_user_id="UMIRA", told=True)).blocks_json())
    assert "Only you can see this" in private
    assert "<@UMIRA>: they'll see your answers and note in their next brief" in shared
    assert "who has seen it in their brief" in told


def test_the_form_offers_sharing_only_with_a_confirmed_manager() -> None:
    ref = ReflectionNoteRef(reflection_id=7, channel="D1", ts="1.2")
    with_manager = note_modal(biggest(), ref).to_dict()
    without = note_modal(biggest(manager_user_id=None), ref).to_dict()
    assert check_view(with_manager) == [] == check_view(without)
    share = with_manager["blocks"][1]["element"]
    assert share["initial_option"]["value"] == "keep"  # not shared unless chosen
    assert "reflection_share" not in str(without)


def test_the_briefs_lines_fit_at_their_largest() -> None:
    news = ReflectionNews(lines=tuple((LONG, CHANGED) for _ in range(MAX_LINES)), note="&" * NOTE_MAX)
    blocks = [b.to_dict() for b in reflection_news_blocks(news, "Ana")]
    assert check_message("brief", blocks) == []
    assert reflection_news_blocks(None, "Ana") == []
