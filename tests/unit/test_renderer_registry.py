"""Every delivery kind and every notice has a renderer: the outbox never holds a row the relay cannot send."""

from __future__ import annotations

from dataclasses import replace

from bot.domain.outbox_payloads import Notice
from bot.models import DeliveryKind
from bot.slack.outbound.outcomes import Registry, uncovered
from bot.slack.outbound.render import REGISTRY


def test_every_delivery_kind_and_every_notice_has_a_renderer() -> None:
    assert uncovered(REGISTRY) == set()


def test_a_notice_is_rendered_by_its_template_not_as_a_kind() -> None:
    assert DeliveryKind.NOTICE not in REGISTRY.kinds


def test_a_kind_without_a_renderer_is_named() -> None:
    kinds = {k: r for k, r in REGISTRY.kinds.items() if k is not DeliveryKind.CHECK_IN}

    assert uncovered(replace(REGISTRY, kinds=kinds)) == {"kind check_in"}


def test_a_notice_without_a_renderer_is_named() -> None:
    notices = {n: r for n, r in REGISTRY.notices.items() if n is not Notice.RECAP_SAVED}

    assert uncovered(replace(REGISTRY, notices=notices)) == {"notice recap_saved"}


def test_an_empty_registry_misses_everything() -> None:
    assert len(uncovered(Registry())) == len(DeliveryKind) - 1 + len(Notice)
