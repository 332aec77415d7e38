"""The small exception tree the edge turns into clear messages for people."""

from __future__ import annotations


class DomainError(Exception):
    """A known failure with a message fit to show the person who caused it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The thing asked for does not exist (or is not visible to the asker)."""


class NotAllowed(DomainError):
    """The asker may not see or change this."""


class Conflict(DomainError):
    """The asker acted on an out-of-date view: the thing changed since they saw it."""


class InvalidInput(DomainError):
    """Form input is wrong; `errors` maps a field name to a message for that field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors
