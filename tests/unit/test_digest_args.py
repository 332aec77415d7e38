"""The words of `/career-prep digest ...` as a pure function: channels in Slack's escaped form or by
name, intervals, days and hours in the ways people type them, and what is refused, naming the field."""

from __future__ import annotations

import pytest

from bot.domain.errors import InvalidInput
from bot.models import DigestScope
from bot.slack.digest_args import DigestArgs, parse_digest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", DigestArgs("show")),
        ("off", DigestArgs("off")),
        ("org off", DigestArgs("off", scope=DigestScope.ORG)),
        ("<#C123|mgrs>", DigestArgs("subscribe", channel_id="C123", channel_name="mgrs")),
        ("<#C123|>", DigestArgs("subscribe", channel_id="C123")),
        ("#MGRS", DigestArgs("subscribe", channel_name="mgrs")),
        ("dm", DigestArgs("subscribe")),
        (
            "<#G9|leads> every 2 weeks on Fridays at 3 pm",
            DigestArgs("subscribe", channel_id="G9", channel_name="leads", interval_weeks=2, weekday=4, hour=15),
        ),
        ("#people-team org weekly tue 08:00", DigestArgs("subscribe", DigestScope.ORG, None, "people-team", 1, 1, 8)),
        ("fortnightly sunday 12am", DigestArgs("subscribe", interval_weeks=2, weekday=6, hour=0)),
        ("every other week wed 17h", DigestArgs("subscribe", interval_weeks=2, weekday=2, hour=17)),
    ],
)
def test_digest_arguments_are_read(text: str, expected: DigestArgs) -> None:
    assert parse_digest(text) == expected


@pytest.mark.parametrize("text", ["#a #b", "dm #a", "monday 9:30", "13pm", "soon", "<#C1|a> <#C2|b>"])
def test_unreadable_digest_arguments_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_digest(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("stop", DigestArgs("off")),
        ("workspace off", DigestArgs("off", scope=DigestScope.ORG)),
        ("#leads off", DigestArgs("off")),  # stopping ignores where the digest went
        ("me mondays 12pm", DigestArgs("subscribe", weekday=0, hour=12)),
        ("to the digest every week thu 7", DigestArgs("subscribe", interval_weeks=1, weekday=3, hour=7)),
    ],
)
def test_synonyms_and_filler_words_are_read(text: str, expected: DigestArgs) -> None:
    assert parse_digest(text) == expected


@pytest.mark.parametrize(
    ("text", "field", "says"),
    [
        ("monday 9:30", "hour", "on the hour"),
        ("13pm", "hour", "`13pm` isn't a time of day"),
        ("soon", "digest", "I didn't understand `soon`"),
        ("dm #a", "digest", "Pick one place"),
    ],
)
def test_a_refusal_names_the_field_and_the_word(text: str, field: str, says: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_digest(text)

    assert list(refused.value.errors) == [field]
    assert says in refused.value.errors[field]
