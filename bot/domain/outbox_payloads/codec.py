"""Frozen dataclasses to and from JSON objects, field by field: the codec under the outbox contract
(`bot.domain.outbox_payloads`), which knows nothing of deliveries itself."""

from __future__ import annotations

import types
from dataclasses import MISSING, Field, fields
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

# A field with this metadata is stored only when true (rows without it read as false).
ONLY_IF_TRUE = {"only_if_true": True}
P = TypeVar("P")


class BadPayload(ValueError):
    """A stored payload that does not have the shape its kind promises."""


def encode(payload: object) -> dict[str, Any]:
    """The JSON object stored for a typed payload: its fields by name; None (and a false
    `ONLY_IF_TRUE` field) is not stored."""
    stored: dict[str, Any] = {}
    for spec in fields(payload):  # type: ignore[arg-type]
        value = getattr(payload, spec.name)
        if value is None or (spec.metadata.get("only_if_true") and not value):
            continue
        stored[spec.name] = _to_json(value)
    return stored


def decode(cls: type[P], raw: dict[str, Any]) -> P:
    """The typed payload stored in `raw` (other keys ignored); BadPayload if a field is missing or
    of the wrong type."""
    hints = get_type_hints(cls)
    values = {spec.name: _field_value(spec, hints[spec.name], raw) for spec in fields(cls)}  # type: ignore[arg-type]
    return cls(**values)


def _field_value(spec: Field[Any], hint: Any, raw: dict[str, Any]) -> Any:
    value = raw.get(spec.name)
    if value is None:
        if spec.default is not MISSING:
            return spec.default
        if spec.default_factory is not MISSING:
            return spec.default_factory()
        raise BadPayload(f"{spec.name} is missing")
    try:
        return _from_json(_unwrap_optional(hint), value)
    except (TypeError, ValueError) as exc:
        raise BadPayload(f"{spec.name}: {exc}") from None


def _unwrap_optional(hint: Any) -> Any:
    if get_origin(hint) in (Union, types.UnionType):
        return next(arg for arg in get_args(hint) if arg is not type(None))
    return hint


def _from_json(hint: Any, value: Any) -> Any:
    if hint is datetime:
        return datetime.fromisoformat(_expect(str, value))
    if hint is date:
        return date.fromisoformat(_expect(str, value))
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if get_origin(hint) is tuple:
        return tuple(v for v in _expect(list, value) if isinstance(v, int) and not isinstance(v, bool))
    if hint is int and isinstance(value, bool):
        raise TypeError(f"expected int, got {value!r}")
    return _expect(hint, value)


def _expect(kind: type[Any], value: Any) -> Any:
    if not isinstance(value, kind):
        raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
    return value


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value
