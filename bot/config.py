"""The one typed Settings object, read from the environment and an optional `.env` file."""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot import log_context, log_redaction

DEFAULT_DATABASE_URL = "sqlite:///career_prep.db"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"

# What a person should do about each setting when it is missing or malformed.
_HINTS: dict[str, str] = {
    "SLACK_BOT_TOKEN": "set it to the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page",
    "SLACK_SIGNING_SECRET": "set it to the Signing Secret from your Slack app's Basic Information page",
    "SLACK_APP_TOKEN": "set it to an app-level token (xapp-…) with connections:write, or leave it unset for HTTP mode",
    "SLACK_API_URL": "set it to an http(s) URL ending in /api/, or leave it unset for https://slack.com/api/",
    "DATABASE_URL": "set it to a SQLAlchemy URL such as sqlite:///career_prep.db or postgresql+psycopg://…",
    "LOG_LEVEL": "set it to one of DEBUG, INFO, WARNING, ERROR, CRITICAL",
    "LOG_FORMAT": "set it to text (the default) or json (one JSON object a line)",
    "METRICS_TOKEN": "set it to a long random string Prometheus sends as a bearer token, or leave it unset",
    "HOST": "set it to the address to listen on, such as 0.0.0.0 or 127.0.0.1",
    "PORT": "set it to a port number between 1 and 65535",
    "SLACK_POSTS_PER_MINUTE": "set it to a whole number of messages a minute per workspace, from 1 to 6000",
    "RELAY_WORKERS": "set it to a whole number of sending threads, from 1 to 32",
    "PUBLIC_URL": "set it to the https:// address calendar apps reach the bot at, or leave it unset",
}


class LogFormat(StrEnum):
    """How log lines are written (LOG_FORMAT)."""

    TEXT = "text"  # human-readable lines
    JSON = "json"  # one JSON object a line, with request, delivery and workspace ids


class ConfigError(Exception):
    """A setting is missing or malformed; the message names it and says what to do."""


class DatabaseSettings(BaseSettings):
    """The part of the settings that database commands need; they run without Slack credentials."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: Annotated[str, Field(validation_alias="DATABASE_URL")] = DEFAULT_DATABASE_URL
    log_level: Annotated[str, Field(validation_alias="LOG_LEVEL")] = "INFO"
    log_format: Annotated[LogFormat, Field(validation_alias="LOG_FORMAT")] = LogFormat.TEXT

    @field_validator("database_url")
    @classmethod
    def _database_url_shape(cls, value: str) -> str:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            url = make_url(value)
        except ArgumentError as exc:
            raise ValueError("is not a valid SQLAlchemy database URL") from exc
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise ValueError("must be a sqlite:// or postgresql:// URL")
        return value

    @field_validator("log_level")
    @classmethod
    def _log_level_known(cls, value: str) -> str:
        level = value.upper()
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError("is not a log level")
        return level

    @field_validator("log_format", mode="before")
    @classmethod
    def _log_format_known(cls, value: object) -> object:
        if isinstance(value, str) and value.lower() in {f.value for f in LogFormat}:
            return value.lower()
        raise ValueError("is not a log format")


class Settings(DatabaseSettings):
    """Everything the bot reads from its environment."""

    slack_bot_token: SecretStr = Field(validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr = Field(validation_alias="SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    slack_api_url: Annotated[str, Field(validation_alias="SLACK_API_URL")] = DEFAULT_SLACK_API_URL
    # Where `career-prep run` listens in HTTP mode (no SLACK_APP_TOKEN).
    host: Annotated[str, Field(validation_alias="HOST")] = "0.0.0.0"
    port: Annotated[int, Field(validation_alias="PORT", ge=1, le=65535)] = 3000
    # chat.postMessage: about one message a second per channel, and a workspace-wide limit Slack puts
    # at several hundred messages a minute; the relay keeps under this one so 429s stay rare.
    slack_posts_per_minute: Annotated[int, Field(validation_alias="SLACK_POSTS_PER_MINUTE", ge=1, le=6000)] = 300
    # Threads that post at once, so one slow answer from Slack does not hold up every other channel.
    relay_workers: Annotated[int, Field(validation_alias="RELAY_WORKERS", ge=1, le=32)] = 4
    # When set, GET /metrics answers only requests carrying `Authorization: Bearer <token>`.
    metrics_token: SecretStr | None = Field(default=None, validation_alias="METRICS_TOKEN")
    # The bot's address as people's calendar apps reach it (no trailing slash): private calendar feeds
    # are served at <PUBLIC_URL>/calendar/<token>.ics. Unset: `/career-prep calendar` says it is off.
    public_url: str | None = Field(default=None, validation_alias="PUBLIC_URL")

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token_shape(cls, value: SecretStr) -> SecretStr:
        _plain_ascii(value.get_secret_value())
        if not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("must start with xoxb-")
        return value

    @field_validator("slack_signing_secret")
    @classmethod
    def _secret_not_blank(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().strip():
            raise ValueError("must not be empty")
        _plain_ascii(value.get_secret_value())
        return value

    @field_validator("slack_app_token", mode="before")
    @classmethod
    def _app_token_shape(cls, value: object) -> object:
        if value in (None, ""):
            return None
        _plain_ascii(str(value))
        if not str(value).startswith("xapp-"):
            raise ValueError("must start with xapp-")
        return value

    @field_validator("metrics_token", mode="before")
    @classmethod
    def _metrics_token_shape(cls, value: object) -> object:
        if value in (None, ""):
            return None
        _plain_ascii(str(value))
        if len(str(value)) < 16:
            raise ValueError("is too short (use at least 16 random characters)")
        return value

    @field_validator("public_url", mode="before")
    @classmethod
    def _public_url_shape(cls, value: object) -> object:
        if value in (None, ""):
            return None
        text = str(value).strip().rstrip("/")
        _plain_ascii(text)
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("must be an http:// or https:// URL")
        if parts.query or parts.fragment:
            raise ValueError("must not carry a query or a fragment")
        return text

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_shape(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        value = value if value.endswith("/") else value + "/"
        if not value.endswith("/api/"):
            # Slack answers unknown_method for every call outside /api/.
            raise ValueError("must end in /api/")
        return value

    @property
    def socket_mode(self) -> bool:
        """True when an app-level token is configured: the bot then connects out over Socket Mode."""
        return self.slack_app_token is not None


def _plain_ascii(value: str) -> None:
    """Tokens and secrets are printable ASCII; anything else is a placeholder or a paste accident
    (`xoxb-…` from the README), which would fail later as a UnicodeEncodeError in an HTTP header."""
    if not value.isascii():
        raise ValueError("contains non-ASCII characters (is it the placeholder from the README?)")
    if any(not ch.isprintable() or ch.isspace() for ch in value):
        raise ValueError("contains spaces or invisible characters")


def load_settings(**overrides: Any) -> Settings:
    """Read the bot's settings, turning pydantic's report into one clear line per bad variable."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(exc)) from None


def load_database_settings(**overrides: Any) -> DatabaseSettings:
    """Read only what database commands need, so they run without Slack credentials."""
    try:
        return DatabaseSettings(**overrides)
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(exc)) from None


def describe_validation_error(exc: ValidationError) -> str:
    """One line per problem, naming the environment variable and what to do about it."""
    lines = []
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else "settings"
        name = name.upper()
        problem = "is missing" if error["type"] == "missing" else _short(error["msg"])
        hint = _HINTS.get(name, "check its value")
        lines.append(f"Configuration error: {name} {problem}: {hint}.")
    return "\n".join(lines)


def _short(message: str) -> str:
    return message.removeprefix("Value error, ")


TEXT_LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(settings: DatabaseSettings) -> None:
    """Log lines on stderr at the configured level: plain and timestamped, or JSON objects with the ids
    of the request and delivery they are about (LOG_FORMAT=json). At DEBUG the Slack libraries' lines
    come without the request and response bodies, which hold what people typed."""
    log_redaction.install()
    log_context.install()
    handler = logging.StreamHandler()
    handler.setFormatter(log_formatter(settings))
    logging.basicConfig(level=getattr(logging, settings.log_level), handlers=[handler])


def log_formatter(settings: DatabaseSettings) -> logging.Formatter:
    if settings.log_format is LogFormat.JSON:
        return log_context.JsonFormatter()
    return logging.Formatter(TEXT_LOG_FORMAT)
