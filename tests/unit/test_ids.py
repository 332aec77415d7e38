"""Slack ids in one module, the typed codec for context values, and the `/career-prep` subcommand router."""

from __future__ import annotations

import inspect
from enum import StrEnum

import pytest
from pydantic import ValidationError

from bot.slack import ids
from bot.slack.calls import Subcommand
from bot.slack.ids import Action, Block, Callback, Event
from bot.slack.listeners.commands import SUBCOMMANDS, route
from bot.slack.values import Context, SeriesRef, SetupContext, decode, encode

ENUMS = [
    obj
    for _, obj in inspect.getmembers(ids, inspect.isclass)
    if issubclass(obj, StrEnum) and obj is not StrEnum and obj.__module__ == ids.__name__
]


def test_the_id_enums_are_all_found() -> None:
    assert {Callback, Action, Block, Event} <= set(ENUMS)


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_enum_values_are_unique_within_their_enum(enum: type[StrEnum]) -> None:
    # __members__ includes aliases, which is what a duplicated value silently becomes.
    values = [member.value for member in enum.__members__.values()]

    assert len(values) == len(set(values)), f"duplicate values in {enum.__name__}: {values}"


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_enum_values_fit_slacks_id_limit(enum: type[StrEnum]) -> None:
    for member in enum:
        assert 0 < len(member.value) <= 255
        assert member.value == member.value.strip()


def test_command_is_a_slash_command() -> None:
    assert ids.COMMAND.startswith("/")
    assert " " not in ids.COMMAND


# --- encode / decode ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        SeriesRef(series_id=1, manager_id=1),
        SeriesRef(series_id=42, manager_id=7),
        SeriesRef(series_id=2**53, manager_id=2**53),
        SetupContext(),
        SetupContext(channel_id="C0CHANNEL"),
        SetupContext(channel_id="D0DM"),
    ],
)
def test_encode_decode_round_trip(value: Context) -> None:
    raw = encode(value)

    assert decode(type(value), raw) == value
    assert len(raw) <= 2000  # a button value's limit; private_metadata allows 3000


def test_encoding_is_compact_json_without_empty_fields() -> None:
    assert encode(SeriesRef(series_id=42, manager_id=7)) == '{"series_id":42,"manager_id":7}'
    assert encode(SetupContext()) == "{}"
    assert encode(SetupContext(channel_id="C1")) == '{"channel_id":"C1"}'


def test_decoding_nothing_gives_the_defaults_or_fails_for_required_fields() -> None:
    assert decode(SetupContext, None) == SetupContext()
    assert decode(SetupContext, "") == SetupContext()
    with pytest.raises(ValidationError):
        decode(SeriesRef, None)
    with pytest.raises(ValidationError):
        decode(SeriesRef, "")


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        (SeriesRef, '{"series_id":42,"admin":true}'),
        (SeriesRef, '{"series_id":42,"channel_id":"C1"}'),
        (SetupContext, '{"series_id":42}'),  # a value meant for another kind
        (SetupContext, '{"channel_id":"C1","team_id":"T1"}'),
    ],
)
def test_decode_rejects_extra_keys(kind: type[Context], raw: str) -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        decode(kind, raw)


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        (SeriesRef, '{"series_id":"forty-two"}'),
        (SeriesRef, '{"series_id":null}'),
        (SeriesRef, '{"series_id":4.5}'),
        (SeriesRef, '{"series_id":[42]}'),
        (SeriesRef, '{"series_id":{"id":42}}'),
        (SeriesRef, "[42]"),
        (SeriesRef, "42"),
        (SeriesRef, "series_id=42"),
        (SetupContext, '{"channel_id":123}'),
        (SetupContext, '{"channel_id":["C1"]}'),
        (SetupContext, "null"),
    ],
)
def test_decode_rejects_wrong_types_and_garbage(kind: type[Context], raw: str) -> None:
    with pytest.raises(ValidationError):
        decode(kind, raw)


@pytest.mark.parametrize("raw", ['{"series_id":"42"}', '{"series_id":true}'])
def test_decode_rejects_coercible_wrong_types(raw: str) -> None:
    with pytest.raises(ValidationError):
        decode(SeriesRef, raw)


def test_context_values_are_frozen() -> None:
    ref = SeriesRef(series_id=1, manager_id=2)

    with pytest.raises(ValidationError):
        ref.series_id = 2  # type: ignore[misc]


# --- route --------------------------------------------------------------------------------------------------------


BY_NAME = {sub.name: sub for sub in SUBCOMMANDS}


def test_subcommand_names_are_unique_lowercase_words() -> None:
    names = [sub.name for sub in SUBCOMMANDS]

    assert len(names) == len(set(names))
    # Words, hyphens allowed between them (`office-hours`, as the issue names it).
    assert all(name == name.lower() and name.replace("-", "_").isidentifier() for name in names)
    assert {"help", "settings"} <= set(names)


@pytest.mark.parametrize("text", ["", " ", "   \t "])
def test_no_text_is_the_default_action(text: str) -> None:
    assert route(text) == (None, "")


@pytest.mark.parametrize(
    ("text", "name", "args"),
    [
        ("help", "help", ""),
        ("HELP", "help", ""),
        ("HELP me", "help", ""),  # help ignores its arguments
        ("  help  please  ", "help", ""),
        ("settings", "settings", ""),
        ("  settings  ", "settings", ""),
        ("Settings", "settings", ""),
        ("settings  manager  now ", "settings", "manager  now"),
    ],
)
def test_known_subcommands(text: str, name: str, args: str) -> None:
    sub, got_args = route(text)

    assert sub is BY_NAME[name]
    assert got_args == args


@pytest.mark.parametrize(
    ("text", "args"),
    [
        ("promote me", "promote me"),
        ("  promote   me  ", "promote   me"),
        ("<!channel>", "<!channel>"),
        ("setting", "setting"),
        ("helpme", "helpme"),
    ],
)
def test_unknown_text_gets_help_with_the_text_as_args(text: str, args: str) -> None:
    assert route(text) == (BY_NAME["help"], args)


@pytest.mark.parametrize("sub", SUBCOMMANDS, ids=lambda s: s.name)
def test_every_subcommand_routes_to_itself(sub: Subcommand) -> None:
    assert route(sub.name)[0] is sub


@pytest.mark.parametrize("text", ["settings\tmanager", "settings\nmanager"])
def test_any_whitespace_separates_the_subcommand(text: str) -> None:
    assert route(text) == (BY_NAME["settings"], "manager")


@pytest.mark.parametrize(
    "raw", ['{"series_id":-1,"manager_id":1}', '{"series_id":1,"manager_id":1180591620717411303424}']
)
def test_an_id_no_row_can_have_is_refused(raw: str) -> None:
    with pytest.raises(ValidationError):
        decode(SeriesRef, raw)
