"""Tests for app_manifest.yml and bot.manifest."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT7

from bot.cli import main
from bot.manifest import base_url_warnings, dump_manifest, fill_request_urls, load_manifest
from tests.support.manifest import bot_events, bot_scopes, slash_commands

REPO_ROOT = Path(__file__).resolve().parents[2]
MANIFEST_PATH = REPO_ROOT / "app_manifest.yml"
# Slack's schema, vendored with its source and licence (see the README.md there).
SCHEMA_DIR = REPO_ROOT / "tests" / "support" / "slack_manifest_schema"
ENTRY_SCHEMA = "manifest.schema.json"
# The entry schema's remote $refs (slackapi/manifest-schema v0.5.0) -> the vendored copies.
REMOTE_SCHEMAS = {
    "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.1.0.0.json": (
        "manifest.schema.1.0.0.json"
    ),
    "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.2.0.0.json": (
        "manifest.schema.2.0.0.json"
    ),
}

# Least privilege: adding a scope must be a deliberate change to this set.
EXPECTED_BOT_SCOPES = {
    "commands",
    "chat:write",
    "im:write",
    "im:history",
    "mpim:write",
    "mpim:history",
    "channels:history",
    "groups:history",
    "users:read",
    "channels:read",
    "groups:read",
    "files:write",
}
EXPECTED_BOT_EVENTS = {"app_home_opened", "app_uninstalled", "tokens_revoked", "user_change"}


@pytest.fixture
def manifest() -> dict[str, Any]:
    return load_manifest()


# --- (a) validation against Slack's official manifest schema, offline -------------------------------


def _load_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def entry_schema() -> dict[str, Any]:
    return _load_json(SCHEMA_DIR / ENTRY_SCHEMA)


@pytest.fixture(scope="module")
def schema_registry(entry_schema: dict[str, Any]) -> Registry[Any]:
    entry = entry_schema
    resources: list[tuple[str, Resource[Any]]] = []
    for uri, filename in {**REMOTE_SCHEMAS, entry["$id"]: ENTRY_SCHEMA}.items():
        contents = _load_json(SCHEMA_DIR / filename)
        jsonschema.Draft7Validator.check_schema(contents)
        resource = Resource.from_contents(contents, default_specification=DRAFT7)
        resources.append((uri, resource))
        # Also register a schema under its own $id, should it declare one.
        own_id = resource.id()
        if own_id and own_id != uri:
            resources.append((own_id, resource))
    # No `retrieve` callable: any $ref not mapped here fails instead of going to the network.
    registry: Registry[Any] = Registry().with_resources(resources)
    return registry


@pytest.fixture(scope="module")
def validator(entry_schema: dict[str, Any], schema_registry: Registry[Any]) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(entry_schema, registry=schema_registry)


def _all_errors(errors: Iterator[jsonschema.ValidationError]) -> Iterator[jsonschema.ValidationError]:
    """Flatten validation errors, including the sub-errors collected under oneOf/allOf."""
    for error in errors:
        yield error
        yield from _all_errors(iter(error.context or []))


def test_manifest_is_valid_against_slack_schema(
    validator: jsonschema.Draft7Validator, manifest: dict[str, Any]
) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _all_errors(validator.iter_errors(manifest))]
    assert errors == []


def test_remote_refs_resolve_to_local_files(entry_schema: dict[str, Any], schema_registry: Registry[Any]) -> None:
    resolver = schema_registry.resolver(base_uri=entry_schema["$id"])
    for uri, filename in REMOTE_SCHEMAS.items():
        assert resolver.lookup(uri).contents == _load_json(SCHEMA_DIR / filename)
    # Every $ref of the entry schema is one of the mapped URLs (so nothing is left to fetch remotely).
    refs = {branch["allOf"][1]["$ref"] for branch in entry_schema["oneOf"]}
    assert refs <= set(REMOTE_SCHEMAS)


def test_validation_needs_the_local_registry(entry_schema: dict[str, Any], manifest: dict[str, Any]) -> None:
    # Without the mapping, the remote $refs cannot be resolved (and are never fetched from the network).
    offline = jsonschema.Draft7Validator(entry_schema, registry=Registry())
    with pytest.raises(Unresolvable, match=r"manifest\.schema\.1\.0\.0\.json"):
        offline.validate(manifest)


def _set_name_too_long(m: dict[str, Any]) -> None:
    m["display_information"]["name"] = "C" * 36


def _drop_command_slash(m: dict[str, Any]) -> None:
    m["features"]["slash_commands"][0]["command"] = "career-prep"


def _bad_request_url(m: dict[str, Any]) -> None:
    m["settings"]["interactivity"]["request_url"] = "ftp://example.com/slack/events"


def _unknown_top_level_key(m: dict[str, Any]) -> None:
    m["not_a_manifest_key"] = True


def _short_long_description(m: dict[str, Any]) -> None:
    m["display_information"]["long_description"] = "Too short."


@pytest.mark.parametrize(
    ("break_manifest", "expected_path"),
    [
        (_set_name_too_long, ["display_information", "name"]),
        (_drop_command_slash, ["features", "slash_commands", 0, "command"]),
        (_bad_request_url, ["settings", "interactivity", "request_url"]),
        (_unknown_top_level_key, []),
        (_short_long_description, ["display_information", "long_description"]),
    ],
)
def test_schema_validation_rejects_broken_manifest(
    validator: jsonschema.Draft7Validator,
    manifest: dict[str, Any],
    break_manifest: Callable[[dict[str, Any]], None],
    expected_path: list[str | int],
) -> None:
    broken = copy.deepcopy(manifest)
    break_manifest(broken)
    errors = list(validator.iter_errors(broken))
    assert errors, "validation accepted a deliberately broken manifest"
    # The failure is reported at the field that was broken, i.e. the $ref'd v1 schema was applied.
    assert expected_path in [list(e.absolute_path) for e in _all_errors(iter(errors))]


def test_filled_manifest_is_still_valid(validator: jsonschema.Draft7Validator, manifest: dict[str, Any]) -> None:
    filled = fill_request_urls(manifest, "https://careerprep.example.com")
    validator.validate(filled)


# --- (b) fill_request_urls / dump_manifest ------------------------------------------------------------


def _request_urls(m: dict[str, Any]) -> list[str]:
    urls = [cmd["url"] for cmd in m["features"]["slash_commands"]]
    urls.append(m["settings"]["event_subscriptions"]["request_url"])
    urls.append(m["settings"]["interactivity"]["request_url"])
    return urls


def test_checked_in_manifest_uses_placeholders_and_socket_mode(manifest: dict[str, Any]) -> None:
    assert set(_request_urls(manifest)) == {"https://YOUR-HOST/slack/events"}
    assert manifest["settings"]["socket_mode_enabled"] is True


@pytest.mark.parametrize("base_url", ["https://careerprep.example.com", "https://careerprep.example.com/"])
def test_fill_request_urls_sets_every_url(manifest: dict[str, Any], base_url: str) -> None:
    original = copy.deepcopy(manifest)
    filled = fill_request_urls(manifest, base_url)
    assert len(_request_urls(filled)) == 3
    assert set(_request_urls(filled)) == {"https://careerprep.example.com/slack/events"}
    assert filled["settings"]["socket_mode_enabled"] is False
    assert manifest == original, "fill_request_urls must not mutate its input"


def test_fill_request_urls_keeps_path_prefix_and_http(manifest: dict[str, Any]) -> None:
    filled = fill_request_urls(manifest, "http://localhost:3000/career-prep//")
    assert set(_request_urls(filled)) == {"http://localhost:3000/career-prep/slack/events"}


@pytest.mark.parametrize("socket_mode", [True, False])
def test_fill_request_urls_sets_socket_mode(manifest: dict[str, Any], socket_mode: bool) -> None:
    filled = fill_request_urls(manifest, "https://careerprep.example.com", socket_mode=socket_mode)
    assert filled["settings"]["socket_mode_enabled"] is socket_mode


@pytest.mark.parametrize(
    "base_url",
    ["", "careerprep.example.com", "ftp://careerprep.example.com", "https://", "//careerprep.example.com"],
)
def test_fill_request_urls_rejects_bad_base_url(manifest: dict[str, Any], base_url: str) -> None:
    with pytest.raises(ValueError, match=r"https://"):
        fill_request_urls(manifest, base_url)


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://careerprep.example.com", []),
        ("http://careerprep.example.com", ["https://"]),
        ("HTTP://careerprep.example.com/", ["https://"]),
        ("https://localhost:3000", ["cannot reach localhost"]),
        ("http://127.0.0.1:3000", ["https://", "cannot reach 127.0.0.1"]),
    ],
)
def test_base_url_warnings(base_url: str, expected: list[str]) -> None:
    warnings = base_url_warnings(base_url)

    assert len(warnings) == len(expected)
    for warning, fragment in zip(warnings, expected, strict=True):
        assert fragment in warning


def test_the_command_warns_that_slack_needs_https(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["manifest", "--base-url", "http://careers.example.com"]) == 0

    captured = capsys.readouterr()
    [warning] = captured.err.splitlines()
    assert warning.startswith("Warning: Slack sends requests only to https:// URLs")
    assert "'http://careers.example.com'" in warning
    # The manifest is still printed (e.g. to edit by hand), on stdout only.
    assert yaml.safe_load(captured.out)["settings"]["interactivity"]["request_url"] == (
        "http://careers.example.com/slack/events"
    )


def test_the_command_prints_no_warning_for_an_https_url(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["manifest", "--base-url", "https://careers.example.com"]) == 0

    assert capsys.readouterr().err == ""


def test_dump_manifest_round_trips(manifest: dict[str, Any]) -> None:
    filled = fill_request_urls(manifest, "https://careerprep.example.com")
    for m in (manifest, filled):
        text = dump_manifest(m)
        loaded = yaml.safe_load(text)
        assert loaded == m
        assert list(loaded) == list(m), "top-level key order must be preserved"
        assert list(loaded["display_information"]) == list(m["display_information"])


def test_load_manifest_rejects_non_mapping(tmp_path: Path) -> None:
    path = tmp_path / "manifest.yml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(ValueError, match="mapping"):
        load_manifest(path)


# --- (c) contents: least-privilege scopes, events, command --------------------------------------------


def test_the_loaded_manifest_is_the_repo_root_file(manifest: dict[str, Any]) -> None:
    assert manifest == yaml.safe_load(MANIFEST_PATH.read_text(encoding="utf-8"))


def test_the_vendored_schema_carries_its_licence() -> None:
    assert "MIT License" in (SCHEMA_DIR / "LICENSE").read_text(encoding="utf-8")
    assert "slackapi/manifest-schema" in (SCHEMA_DIR / "README.md").read_text(encoding="utf-8")


def test_bot_scopes_are_exactly_the_least_set(manifest: dict[str, Any]) -> None:
    assert bot_scopes(manifest) == EXPECTED_BOT_SCOPES
    assert len(manifest["oauth_config"]["scopes"]["bot"]) == len(EXPECTED_BOT_SCOPES), "duplicate scope"
    assert "user" not in manifest["oauth_config"]["scopes"], "the app needs no user-token scopes"


def test_every_bot_scope_has_a_comment() -> None:
    lines = MANIFEST_PATH.read_text(encoding="utf-8").splitlines()
    for scope in EXPECTED_BOT_SCOPES:
        index = next(i for i, line in enumerate(lines) if line.strip() == f"- {scope}")
        assert lines[index - 1].strip().startswith("#"), f"scope {scope} lacks an explanatory comment"


def test_bot_events_and_slash_command(manifest: dict[str, Any]) -> None:
    assert bot_events(manifest) == EXPECTED_BOT_EVENTS
    assert slash_commands(manifest) == {"/career-prep"}


def test_helpers_tolerate_missing_sections() -> None:
    empty: dict[str, Any] = {"display_information": {"name": "x"}}
    assert bot_scopes(empty) == set()
    assert bot_events(empty) == set()
    assert slash_commands(empty) == set()
