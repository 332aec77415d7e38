"""Ask blocks within Slack's limits with 30 asks: the brief, the /career-prep asks list, the answer form
and the notices; user text escaped; the waiting line's wording."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from bot.domain.brief import Brief
from bot.domain.prep import Agenda, CarriedItem
from bot.domain.prep_answers import ASK_DETAIL_MAX, MAX_ASKS, TEXT_FIELDS, TEXT_MAX, AskKind, PrepAnswers
from bot.domain.prep_answers import Ask as PrepAsk
from bot.domain.question_bank import BY_ID
from bot.models import AskState, ItemStatus
from bot.slack.blocks.asks import BRIEF_MAX, answered_notice, asks_list, passed_on_notice, waiting_summary
from bot.slack.blocks.brief import manager_brief
from bot.slack.forms.asks import answer_modal
from bot.slack.ids import Action
from tests.support.ask_lines import OPENED, ask_lines
from tests.support.blockkit_checks import MAX_MESSAGE_BLOCKS, check_message, check_view

NOW = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)  # 40 days after the first ask opened
MEETING = datetime(2026, 11, 11, 14, 30, tzinfo=UTC)


def answer_buttons(blocks: list[dict[str, Any]]) -> int:
    return sum(1 for b in blocks if (b.get("accessory") or {}).get("action_id") == Action.ASK_ANSWER)


def test_the_brief_with_30_waiting_asks_lists_ten_and_counts_the_rest() -> None:
    questions = (BY_ID["energy-recent"], BY_ID["growth-stretch"], BY_ID["direction-curious"])
    brief = Brief("UANA", "Ana Silva", MEETING, None, questions, waiting=ask_lines(30, state=AskState.OPEN))

    kwargs = manager_brief(brief, reader_tz="UTC", now=NOW).as_kwargs()

    assert check_message(kwargs["text"], kwargs["blocks"]) == []
    assert len(kwargs["blocks"]) <= MAX_MESSAGE_BLOCKS
    text = json.dumps(kwargs["blocks"], ensure_ascii=False)
    assert "30 asks from <@UANA> are waiting for your answer, the oldest for 40 days." in text
    assert "…and 25 more" in text
    assert answer_buttons(kwargs["blocks"]) == BRIEF_MAX
    assert "<!channel>" not in text


def test_the_asks_list_with_30_on_each_side_stays_within_limits() -> None:
    kwargs = asks_list(ask_lines(30), ask_lines(30, employee="UMIRA", asked="UBOSS"), now=NOW).as_kwargs()

    assert check_message(kwargs["text"], kwargs["blocks"]) == []
    text = json.dumps(kwargs["blocks"], ensure_ascii=False)
    assert text.count("…and 22 more") == 2
    assert "<!channel>" not in text


def test_waiting_line_words_one_and_many() -> None:
    (one,) = ask_lines(1, state=AskState.OPEN)
    assert (
        waiting_summary([one], now=OPENED)
        == ":inbox_tray: 1 ask from <@UANA> is waiting for your answer, for today now."
    )
    assert waiting_summary([], now=NOW) is None


def test_the_answer_form_and_the_notices_pass_the_checks() -> None:
    line = ask_lines(2)[1]

    assert check_view(answer_modal(line).to_dict()) == []
    assert check_message(**answered_notice(line, consent_ask_id=9).as_kwargs()) == []
    assert check_message(**passed_on_notice(line).as_kwargs()) == []


def test_a_full_agenda_with_30_waiting_asks_still_fits_the_brief() -> None:
    long = "<b>&" * (TEXT_MAX // 4)
    answers = PrepAnswers(
        **dict.fromkeys(TEXT_FIELDS, long),
        people=tuple(f"U{n:05d}" for n in range(10)),
        asks=tuple(PrepAsk(AskKind.MENTOR, long[:ASK_DETAIL_MAX]) for _ in range(MAX_ASKS)),
    )
    carried = tuple(CarriedItem(long, "UANA", None, ItemStatus.OPEN) for _ in range(20))
    agenda = Agenda("UANA", "Ana Silva", "UMIRA", MEETING, answers, carried, asks=ask_lines(MAX_ASKS))
    questions = (BY_ID["energy-recent"], BY_ID["growth-stretch"], BY_ID["direction-curious"])
    brief = Brief("UANA", "Ana Silva", MEETING, agenda, questions, waiting=ask_lines(30, state=AskState.OPEN))

    kwargs = manager_brief(brief, reader_tz="UTC", now=NOW).as_kwargs()

    assert check_message(kwargs["text"], kwargs["blocks"]) == []
