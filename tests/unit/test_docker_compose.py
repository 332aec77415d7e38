"""docker-compose.yml holds together without a Docker engine: the services and their order, the
settings it passes are ones the bot reads, and the commands it runs are ones the CLI has."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import _parser
from bot.config import Settings

REPO = Path(__file__).resolve().parents[2]
# Variables the compose file reads from .env that are not the bot's settings (README, "Running at scale").
COMPOSE_ONLY = {"POSTGRES_PASSWORD", "CAREER_PREP_PORT"}


def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def services() -> dict[str, dict[str, Any]]:
    return dict(compose()["services"])


def setting_names() -> set[str]:
    return {str(field.validation_alias) for field in Settings.model_fields.values()}


def test_postgres_the_migration_the_web_processes_and_one_proxy() -> None:
    found = services()
    assert set(found) == {"db", "migrate", "bot", "proxy"}
    assert found["db"]["image"] == "postgres:15"
    assert found["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert found["bot"]["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
    assert found["proxy"]["depends_on"] == {"bot": {"condition": "service_healthy"}}
    assert {"db", "bot"} <= {name for name, service in found.items() if "healthcheck" in service}
    assert found["migrate"]["build"] == found["bot"]["build"] == "."


def test_the_web_processes_can_be_scaled_behind_the_one_published_port() -> None:
    found = services()
    published = {name for name, service in found.items() if service.get("ports")}
    assert published == {"proxy"}  # `--scale bot=3` would fail on a host port the replicas shared
    assert "container_name" not in found["bot"]
    caddyfile = compose()["configs"]["caddyfile"]["content"]
    port = found["bot"]["expose"][0]
    assert re.search(rf"name bot\s+port {port}\b", caddyfile)
    assert "--port" in found["bot"]["command"]
    assert found["bot"]["command"][found["bot"]["command"].index("--port") + 1] == port


@pytest.mark.parametrize("service", ["migrate", "bot"])
def test_each_command_is_one_the_cli_has(service: str) -> None:
    command = services()[service]["command"]
    assert command[0] == "career-prep"
    _parser().parse_args(command[1:])  # exits (SystemExit) on an unknown command or option


def test_every_variable_it_reads_is_a_setting_of_the_bot_or_documented() -> None:
    text = (REPO / "docker-compose.yml").read_text(encoding="utf-8")
    interpolated = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)", text))
    assert interpolated - COMPOSE_ONLY <= setting_names()
    for service in ("migrate", "bot"):
        assert set(services()[service]["environment"]) <= setting_names()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in COMPOSE_ONLY:
        assert f"`{name}`" in readme.split("## Running at scale", 1)[1]


def test_the_web_processes_read_the_settings_from_dot_env() -> None:
    assert services()["bot"]["env_file"] == ".env"
    assert services()["bot"]["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://")
