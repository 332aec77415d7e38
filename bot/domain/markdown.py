"""Markdown that user text cannot break, and the document being written (times in the reader's zone)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.domain.people import valid_tz
from bot.models import Person

# Characters that can start Markdown syntax inside a line (emphasis, code, links, HTML, entities, tables).
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&!$()])")


def inline(text: str) -> str:
    """User text for the middle of a line: one line, every Markdown special character escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def fenced(text: str) -> str:
    """User text kept verbatim in a code fence longer than any run of backticks inside it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def slug(name: str) -> str:
    """A file-name-safe form of a display name: "Ana Silva" -> "ana-silva"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40].strip("-") or "record"


class Doc:
    """Lines of the document, with times shown in the reader's zone."""

    def __init__(self, session: Session, reader: Person) -> None:
        self.session = session
        self.reader = reader
        self.zone = ZoneInfo(valid_tz(reader.tz))
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def when(self, instant: datetime | None, missing: str = "never") -> str:
        if instant is None:
            return missing
        local = instant.astimezone(self.zone)
        return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"

    def name(self, person: Person | None) -> str:
        if person is None:
            return "Career Prep"
        return "you" if person.id == self.reader.id else inline(person.display_name or person.slack_user_id)

    def text(self) -> str:
        return "\n".join(self.lines).rstrip() + "\n"


def day(value: date) -> str:
    return f"{value:%a} {value.day} {value:%b %Y}"


def words(value: str) -> str:
    return value.replace("_", " ")
