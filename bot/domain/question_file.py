"""A workspace's question file (YAML) read and checked: every bad entry named by its line, all or nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from bot.domain.conversation_types import ConversationType
from bot.domain.errors import DomainError

AUDIENCES = ("brief", "prep")
TAGS = tuple(kind.value for kind in ConversationType)
KEYS = ("id", "text", "audience", "theme", "tags")
TEXT_MAX = 300  # a question, not an essay; a prep prompt shows as a line in the form
THEME_MAX = 32
MAX_QUESTIONS = 500
MAX_BYTES = 1_000_000
ID_SHAPE = re.compile(r"[a-z0-9][a-z0-9_.-]{0,59}")
ID_RULE = "use 1 to 60 lowercase letters, digits, '-', '_' or '.', starting with a letter or digit"
EXAMPLE = (
    "- id: stay-what-keeps-you\n  text: What keeps you here?\n  audience: brief\n"
    "  theme: stay\n  tags: [stay_interview]"
)


@dataclass(frozen=True)
class QuestionEntry:
    """One checked question from the file; `line` is where it starts (1-based)."""

    key: str
    text: str
    audience: str
    theme: str
    tags: tuple[str, ...]
    line: int


class BadQuestionFile(DomainError):
    """The file cannot be imported; `problems` are lines like "line 7: audience must be brief or prep"."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def parse_question_file(text: str) -> tuple[QuestionEntry, ...]:
    """The entries of a question file: a YAML list of {id, text, audience, theme?, tags?}."""
    if len(text.encode()) > MAX_BYTES:
        raise BadQuestionFile([f"the file is larger than {MAX_BYTES // 1000} kB; split it or trim it"])
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}" if mark is not None else "the file"
        raise BadQuestionFile([f"{where}: not valid YAML ({exc.problem or exc.context})"]) from None
    except yaml.YAMLError as exc:
        raise BadQuestionFile([f"the file: not valid YAML ({exc})"]) from None
    if root is None or (isinstance(root, yaml.ScalarNode) and not root.value):
        return ()
    if not isinstance(root, yaml.SequenceNode):
        raise BadQuestionFile([f"{_line(root)}: the file must be a list of questions, like:\n{EXAMPLE}"])
    if len(root.value) > MAX_QUESTIONS:
        raise BadQuestionFile([f"{_line(root)}: at most {MAX_QUESTIONS} questions per workspace"])
    problems: list[str] = []
    entries: list[QuestionEntry] = []
    for node in root.value:
        entry = _entry(node, problems)
        if entry is not None:
            entries.append(entry)
    problems += _duplicates(entries)
    if problems:
        raise BadQuestionFile(sorted(problems, key=_line_number))
    return tuple(entries)


def _line_number(problem: str) -> int:
    """Problems in file order: "line 12: ..." sorts by 12 (a stable sort keeps a line's own order)."""
    number = problem.removeprefix("line ").partition(":")[0]
    return int(number) if number.isdigit() else 0


def _line(node: yaml.Node) -> str:
    return f"line {node.start_mark.line + 1}"


def _entry(node: yaml.Node, problems: list[str]) -> QuestionEntry | None:
    if not isinstance(node, yaml.MappingNode):
        problems.append(f"{_line(node)}: each question is a mapping with id, text and audience")
        return None
    before = len(problems)
    fields: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        name = str(key_node.value)
        if name not in KEYS:
            problems.append(f"{_line(key_node)}: unknown field {name!r} (known: {', '.join(KEYS)})")
        elif name in fields:
            problems.append(f"{_line(key_node)}: {name} is given twice")
        else:
            fields[name] = value_node
    for name in ("id", "text", "audience"):
        if name not in fields:
            problems.append(f"{_line(node)}: the question has no {name}")
    key = _scalar(fields, "id", problems)
    text = " ".join(_scalar(fields, "text", problems).split())
    audience = _scalar(fields, "audience", problems)
    theme = _scalar(fields, "theme", problems) or "general"
    tags = _tags(fields.get("tags"), problems)
    if "id" in fields and key and not ID_SHAPE.fullmatch(key):
        problems.append(f"{_line(fields['id'])}: id {key!r} is not usable: {ID_RULE}")
    if isinstance(fields.get("text"), yaml.ScalarNode) and not text:
        problems.append(f"{_line(fields['text'])}: text is empty")
    if len(text) > TEXT_MAX:
        problems.append(f"{_line(fields['text'])}: text is {len(text)} characters; keep it under {TEXT_MAX}")
    if "audience" in fields and audience not in AUDIENCES:
        problems.append(f"{_line(fields['audience'])}: audience must be brief or prep, not {audience!r}")
    if len(theme) > THEME_MAX:
        problems.append(f"{_line(fields['theme'])}: theme is longer than {THEME_MAX} characters")
    if len(problems) > before:
        return None
    return QuestionEntry(key, text, audience, theme, tags, node.start_mark.line + 1)


def _scalar(fields: dict[str, yaml.Node], name: str, problems: list[str]) -> str:
    node = fields.get(name)
    if node is None:
        return ""
    if not isinstance(node, yaml.ScalarNode):
        problems.append(f"{_line(node)}: {name} must be a single value, not a list or mapping")
        return ""
    return str(node.value).strip()


def _tags(node: yaml.Node | None, problems: list[str]) -> tuple[str, ...]:
    """The conversation types; none given means career growth."""
    if node is None:
        return (ConversationType.CAREER_GROWTH.value,)
    values = [node] if isinstance(node, yaml.ScalarNode) else node.value if isinstance(node, yaml.SequenceNode) else []
    if not isinstance(node, yaml.ScalarNode | yaml.SequenceNode) or not values:
        problems.append(f"{_line(node)}: tags must be a list of: {', '.join(TAGS)}")
        return ()
    tags: list[str] = []
    for value in values:
        tag = str(value.value).strip() if isinstance(value, yaml.ScalarNode) else ""
        if tag not in TAGS:
            problems.append(f"{_line(value)}: unknown tag {tag or value.tag!r} (known: {', '.join(TAGS)})")
        elif tag not in tags:
            tags.append(tag)
    return tuple(tags)


def _duplicates(entries: list[QuestionEntry]) -> list[str]:
    first: dict[str, int] = {}
    problems = []
    for entry in entries:
        if entry.key in first:
            problems.append(f"line {entry.line}: id {entry.key!r} is already used on line {first[entry.key]}")
        else:
            first.setdefault(entry.key, entry.line)
    return problems
