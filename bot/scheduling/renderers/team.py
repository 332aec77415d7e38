"""Placeholder while these renderers are written."""

from __future__ import annotations

from bot.scheduling.outcomes import Registry

REGISTRY = Registry()
