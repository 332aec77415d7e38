"""The prep form's answers as a value: parsed, normalised, validated and stored as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any

TEXT_MAX = 2000  # per answer; the form's inputs enforce it too
ASK_DETAIL_MAX = 500
MAX_ASKS = 3
MAX_PEOPLE = 10


class AskKind(StrEnum):
    LEAD_PROJECT = "lead_project"
    MENTOR = "mentor"
    CERTIFICATION = "certification"
    TRAINING = "training"
    SHADOWING = "shadowing"
    STRETCH = "stretch"
    OTHER = "other"


ASK_LABELS: dict[AskKind, str] = {
    AskKind.LEAD_PROJECT: "Lead a project",
    AskKind.MENTOR: "A mentor",
    AskKind.CERTIFICATION: "A certification",
    AskKind.TRAINING: "A training or course",
    AskKind.SHADOWING: "Shadow another team",
    AskKind.STRETCH: "A stretch assignment",
    AskKind.OTHER: "Something else",
}

# Field names shared with the form; the edge maps them to block ids.
TEXT_FIELDS = ("strengths", "grow_skills", "energizing_work", "underused_skills", "direction", "paths", "topics")


@dataclass(frozen=True)
class Ask:
    """One concrete request to the manager."""

    kind: AskKind
    detail: str = ""


@dataclass(frozen=True)
class PrepAnswers:
    """Everything the employee prepared; every field may be left empty."""

    strengths: str = ""
    grow_skills: str = ""
    energizing_work: str = ""
    underused_skills: str = ""
    direction: str = ""
    paths: str = ""
    people: tuple[str, ...] = ()  # Slack user ids for informational interviews
    asks: tuple[Ask, ...] = field(default_factory=tuple)
    topics: str = ""

    def normalised(self) -> PrepAnswers:
        """Trim every answer; whitespace alone counts as empty; duplicate people dropped."""
        texts = {name: _clean(getattr(self, name)) for name in TEXT_FIELDS}
        asks = tuple(Ask(a.kind, _clean(a.detail)) for a in self.asks)
        people = tuple(dict.fromkeys(p for p in self.people if p))
        return replace(self, **texts, asks=asks, people=people)

    def is_empty(self) -> bool:
        clean = self.normalised()
        return not (any(getattr(clean, name) for name in TEXT_FIELDS) or clean.people or clean.asks)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["people"] = list(self.people)
        data["asks"] = [{"kind": a.kind.value, "detail": a.detail} for a in self.asks]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> PrepAnswers:
        if not data:
            return cls()
        texts = {name: str(data.get(name) or "") for name in TEXT_FIELDS}
        asks = tuple(
            Ask(AskKind(a["kind"]), str(a.get("detail") or ""))
            for a in data.get("asks") or []
            if a.get("kind") in set(AskKind)
        )
        return cls(**texts, people=tuple(str(p) for p in data.get("people") or []), asks=asks)


def _clean(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines()).strip()


def validate_answers(answers: PrepAnswers) -> dict[str, str]:
    """Field errors: answers too long for the agenda; a request detail without its kind."""
    errors: dict[str, str] = {}
    for name in TEXT_FIELDS:
        value = getattr(answers, name)
        if len(value) > TEXT_MAX:
            errors[name] = f"Please keep this under {TEXT_MAX} characters (it has {len(value)})."
    for index, ask in enumerate(answers.asks):
        if len(ask.detail) > ASK_DETAIL_MAX:
            errors[f"ask_{index}"] = f"Please keep this under {ASK_DETAIL_MAX} characters."
    if len(answers.people) > MAX_PEOPLE:
        errors["people"] = f"Pick up to {MAX_PEOPLE} people; you can add more next time."
    return errors


def parse_asks(rows: list[tuple[str | None, str]]) -> tuple[tuple[Ask, ...], dict[str, str]]:
    """Form rows of (kind, detail) into asks; a detail with no kind is an error on that row."""
    asks: list[Ask] = []
    errors: dict[str, str] = {}
    for index, (kind, detail) in enumerate(rows[:MAX_ASKS]):
        detail = _clean(detail or "")
        if kind in set(AskKind):
            asks.append(Ask(AskKind(str(kind)), detail))
        elif detail:
            errors[f"ask_{index}"] = "Pick what kind of request this is, so your manager knows how to help."
    return tuple(asks), errors
