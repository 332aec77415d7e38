"""Pytest fixtures around the fake Slack Web API server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.fake_slack import FakeSlack


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    """A running FakeSlack; the test fails at teardown if any payload broke Slack's limits."""
    with FakeSlack() as fake:
        yield fake
        violations = fake.violations
    assert violations == [], f"Slack would have rejected these payloads: {violations}"
