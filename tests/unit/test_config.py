"""Settings: defaults, aliases, `.env`, one clear line per bad variable, and the CLI's exit on bad config."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import (
    DEFAULT_DATABASE_URL,
    DEFAULT_SLACK_API_URL,
    ConfigError,
    DatabaseSettings,
    LogFormat,
    Settings,
    load_database_settings,
    load_settings,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
OUR_VARIABLES = ("DATABASE_URL", "LOG_LEVEL", "LOG_FORMAT", "METRICS_TOKEN", "HOST", "PORT", "PUBLIC_URL")
VALID = {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_SIGNING_SECRET": "s3cret"}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No developer's variables or `.env` file leak into a test."""
    for name in list(os.environ):
        if name.upper().startswith("SLACK_") or name.upper() in OUR_VARIABLES:
            monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def config_error(**overrides: object) -> str:
    with pytest.raises(ConfigError) as caught:
        load_settings(_env_file=None, **overrides)
    return str(caught.value)


def named_lines(message: str) -> dict[str, str]:
    """Each line of a ConfigError message keyed by the variable it names."""
    prefix = "Configuration error: "
    lines = message.splitlines()
    assert all(line.startswith(prefix) for line in lines), message
    return {line.removeprefix(prefix).split(" ", 1)[0]: line for line in lines}


def test_defaults() -> None:
    settings = load_settings(_env_file=None, **VALID)

    assert settings.database_url == DEFAULT_DATABASE_URL == "sqlite:///career_prep.db"
    assert settings.slack_api_url == DEFAULT_SLACK_API_URL == "https://slack.com/api/"
    assert settings.log_level == "INFO"
    assert settings.slack_app_token is None
    assert settings.socket_mode is False
    assert settings.slack_bot_token.get_secret_value() == "xoxb-1-2-abc"
    assert settings.slack_signing_secret.get_secret_value() == "s3cret"
    assert (settings.slack_posts_per_minute, settings.relay_workers) == (300, 4)


def test_secrets_are_not_shown_in_the_settings_repr() -> None:
    settings = load_settings(_env_file=None, SLACK_APP_TOKEN="xapp-topsecret", **VALID)

    assert "xoxb-1-2-abc" not in repr(settings)
    assert "s3cret" not in repr(settings)
    assert "xapp-topsecret" not in repr(settings)


def test_an_app_token_switches_socket_mode_on() -> None:
    settings = load_settings(_env_file=None, SLACK_APP_TOKEN="xapp-1-A1-abc", **VALID)

    assert settings.socket_mode is True
    assert settings.slack_app_token is not None
    assert settings.slack_app_token.get_secret_value() == "xapp-1-A1-abc"


def test_an_empty_app_token_means_http_mode() -> None:
    settings = load_settings(_env_file=None, SLACK_APP_TOKEN="", **VALID)

    assert settings.slack_app_token is None
    assert settings.socket_mode is False


def test_values_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-env")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "env-secret")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-from-env")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://bot@db/career_prep")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9999/api")

    settings = load_settings(_env_file=None)

    assert settings.slack_bot_token.get_secret_value() == "xoxb-from-env"
    assert settings.slack_signing_secret.get_secret_value() == "env-secret"
    assert settings.socket_mode is True
    assert settings.database_url == "postgresql+psycopg://bot@db/career_prep"
    assert settings.log_level == "DEBUG"
    assert settings.slack_api_url == "http://127.0.0.1:9999/api/"


def test_overrides_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-env")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "env-secret")

    settings = load_settings(_env_file=None, SLACK_BOT_TOKEN="xoxb-override")

    assert settings.slack_bot_token.get_secret_value() == "xoxb-override"
    assert settings.slack_signing_secret.get_secret_value() == "env-secret"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("https://slack.com/api/", "https://slack.com/api/"),
        ("https://slack.com/api", "https://slack.com/api/"),
        ("http://localhost:8080/api", "http://localhost:8080/api/"),
    ],
)
def test_api_url_always_ends_in_a_slash(given: str, kept: str) -> None:
    assert load_settings(_env_file=None, SLACK_API_URL=given, **VALID).slack_api_url == kept


@pytest.mark.parametrize("level", ["DEBUG", "info", "Warning", "ERROR"])
def test_log_level_is_case_insensitive(level: str) -> None:
    assert load_settings(_env_file=None, LOG_LEVEL=level, **VALID).log_level == level.upper()


@pytest.mark.parametrize("url", ["sqlite:///career_prep.db", "sqlite://", "postgresql+psycopg://u:p@db:5432/cp"])
def test_sqlite_and_postgresql_urls_are_accepted(url: str) -> None:
    assert load_settings(_env_file=None, DATABASE_URL=url, **VALID).database_url == url


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        ("SLACK_BOT_TOKEN", "xoxp-user-token", "must start with xoxb-"),
        ("SLACK_BOT_TOKEN", "", "must start with xoxb-"),
        ("SLACK_SIGNING_SECRET", "   ", "must not be empty"),
        ("SLACK_APP_TOKEN", "xoxb-not-an-app-token", "must start with xapp-"),
        ("SLACK_API_URL", "slack.com/api/", "must be an http:// or https:// URL"),
        ("SLACK_API_URL", "ftp://slack.com/api/", "must be an http:// or https:// URL"),
        ("DATABASE_URL", "mysql://bot@db/career_prep", "must be a sqlite:// or postgresql:// URL"),
        ("DATABASE_URL", "not a url", "is not a valid SQLAlchemy database URL"),
        ("LOG_LEVEL", "LOUD", "is not a log level"),
        ("SLACK_POSTS_PER_MINUTE", "0", "Input should be greater than or equal to 1"),
        ("RELAY_WORKERS", "100", "Input should be less than or equal to 32"),
    ],
)
def test_each_malformed_value_is_one_line_naming_the_variable(variable: str, value: str, problem: str) -> None:
    message = config_error(**{**VALID, variable: value})

    assert len(message.splitlines()) == 1
    assert message.startswith(f"Configuration error: {variable} {problem}: set it")
    assert message.endswith(".")


def test_secret_values_are_not_echoed_in_errors() -> None:
    message = config_error(SLACK_BOT_TOKEN="xoxp-TOPSECRET-VALUE", SLACK_SIGNING_SECRET="s")

    assert "TOPSECRET" not in message


def test_several_bad_values_give_one_line_each() -> None:
    message = config_error(
        SLACK_BOT_TOKEN="bot-token",
        SLACK_SIGNING_SECRET="ok",
        SLACK_APP_TOKEN="token",
        SLACK_API_URL="slack.com",
        DATABASE_URL="mysql://db/cp",
        LOG_LEVEL="chatty",
    )

    lines = named_lines(message)
    assert set(lines) == {"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_API_URL", "DATABASE_URL", "LOG_LEVEL"}
    assert len(message.splitlines()) == len(lines)
    assert "must start with xoxb-" in lines["SLACK_BOT_TOKEN"]


def test_missing_required_variables_say_is_missing() -> None:
    lines = named_lines(config_error())

    assert set(lines) == {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"}
    assert lines["SLACK_BOT_TOKEN"].startswith("Configuration error: SLACK_BOT_TOKEN is missing: ")
    assert "xoxb-" in lines["SLACK_BOT_TOKEN"]
    assert lines["SLACK_SIGNING_SECRET"].startswith("Configuration error: SLACK_SIGNING_SECRET is missing: ")


def test_missing_and_malformed_are_reported_together() -> None:
    lines = named_lines(config_error(SLACK_SIGNING_SECRET="x", LOG_LEVEL="shout"))

    assert set(lines) == {"SLACK_BOT_TOKEN", "LOG_LEVEL"}
    assert "is missing" in lines["SLACK_BOT_TOKEN"]
    assert "is not a log level" in lines["LOG_LEVEL"]


def test_config_error_hides_pydantic_traceback_context() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(_env_file=None)

    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__ is True


def test_dot_env_file_in_the_working_directory_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "SLACK_BOT_TOKEN=xoxb-from-file\n"
        "SLACK_SIGNING_SECRET=file-secret\n"
        "SLACK_APP_TOKEN=xapp-from-file\n"
        "DATABASE_URL=sqlite:///from-file.db\n"
        "LOG_LEVEL=warning\n"
        "SOMETHING_ELSE=ignored\n",
        encoding="utf-8",
    )

    settings = Settings()  # type: ignore[call-arg]

    assert settings.slack_bot_token.get_secret_value() == "xoxb-from-file"
    assert settings.slack_signing_secret.get_secret_value() == "file-secret"
    assert settings.socket_mode is True
    assert settings.database_url == "sqlite:///from-file.db"
    assert settings.log_level == "WARNING"


def test_environment_wins_over_the_dot_env_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-file\nSLACK_SIGNING_SECRET=file-secret\n")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-env")

    settings = load_settings()

    assert settings.slack_bot_token.get_secret_value() == "xoxb-from-env"
    assert settings.slack_signing_secret.get_secret_value() == "file-secret"


def test_bad_value_in_dot_env_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxa-wrong\nSLACK_SIGNING_SECRET=s\n")

    with pytest.raises(ConfigError, match=r"^Configuration error: SLACK_BOT_TOKEN must start with xoxb-"):
        load_settings()


def test_database_settings_need_no_slack_variables() -> None:
    settings = load_database_settings(_env_file=None)

    assert isinstance(settings, DatabaseSettings)
    assert not isinstance(settings, Settings)
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.log_level == "INFO"


def test_database_settings_read_the_environment_and_dot_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("LOG_LEVEL=error\nSLACK_BOT_TOKEN=not-even-valid\n")
    monkeypatch.setenv("DATABASE_URL", "postgresql://bot@db/cp")

    settings = load_database_settings()

    assert settings.database_url == "postgresql://bot@db/cp"
    assert settings.log_level == "ERROR"


def test_database_settings_report_a_bad_url_alone() -> None:
    with pytest.raises(ConfigError) as caught:
        load_database_settings(_env_file=None, DATABASE_URL="mysql://db/cp")

    assert set(named_lines(str(caught.value))) == {"DATABASE_URL"}


def test_cli_run_without_configuration_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    # Import `bot` from this checkout however the virtualenv was installed; nothing else is inherited.
    env["PYTHONPATH"] = str(REPO_ROOT)
    env["PYTHONIOENCODING"] = "utf-8"

    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=empty,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=30,
        check=False,
    )

    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Configuration error: SLACK_BOT_TOKEN is missing")
    assert any(line.startswith("Configuration error: SLACK_SIGNING_SECRET is missing") for line in lines)
    assert all(line.startswith("Configuration error: ") for line in lines)
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert list(empty.iterdir()) == [], "a failed start must not create a database or other files"


def test_log_format_is_text_unless_json_is_asked_for() -> None:
    assert load_settings(_env_file=None, **VALID).log_format is LogFormat.TEXT
    assert load_settings(_env_file=None, LOG_FORMAT="JSON", **VALID).log_format is LogFormat.JSON
    assert load_database_settings(_env_file=None, LOG_FORMAT="json").log_format is LogFormat.JSON

    assert named_lines(config_error(LOG_FORMAT="yaml", **VALID))["LOG_FORMAT"] == (
        "Configuration error: LOG_FORMAT is not a log format: "
        "set it to text (the default) or json (one JSON object a line)."
    )


def test_metrics_token_is_optional_but_not_guessable() -> None:
    assert load_settings(_env_file=None, **VALID).metrics_token is None
    assert load_settings(_env_file=None, METRICS_TOKEN="", **VALID).metrics_token is None
    token = load_settings(_env_file=None, METRICS_TOKEN="a" * 32, **VALID).metrics_token
    assert token is not None
    assert token.get_secret_value() == "a" * 32
    assert "aaaa" not in repr(load_settings(_env_file=None, METRICS_TOKEN="a" * 32, **VALID))

    assert "METRICS_TOKEN is too short" in config_error(METRICS_TOKEN="secret", **VALID)
    assert "METRICS_TOKEN contains spaces" in config_error(METRICS_TOKEN="a long token with spaces", **VALID)


def test_public_url_is_optional_and_kept_without_a_trailing_slash() -> None:
    assert load_settings(_env_file=None, **VALID).public_url is None
    assert load_settings(_env_file=None, PUBLIC_URL="", **VALID).public_url is None
    given = load_settings(_env_file=None, PUBLIC_URL="https://prep.example.com/bot/", **VALID)
    assert given.public_url == "https://prep.example.com/bot"
    assert "PUBLIC_URL must be an http:// or https:// URL" in config_error(PUBLIC_URL="prep.example.com", **VALID)
    assert "PUBLIC_URL must not carry a query" in config_error(PUBLIC_URL="https://x.example/?a=1", **VALID)
    assert "set it to the https:// address" in config_error(PUBLIC_URL="ftp://x.example", **VALID)
