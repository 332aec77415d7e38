"""Topics people offer help with: tags normalised (lower-case, single spaces, deduped, capped) and matched."""

from __future__ import annotations

import re
from collections.abc import Iterable

TAG_MAX_LEN = 40
TAGS_MAX = 15
_SPLIT = re.compile(r"[,;\n]+")
_WORD = re.compile(r"[\w+#]+")  # letters of any script, digits, and the + and # of C++ and C#


def normalise_tag(text: str) -> str:
    """ "  Data   Modelling " → "data modelling"; cut to TAG_MAX_LEN characters."""
    return " ".join(text.lower().split())[:TAG_MAX_LEN].strip()


def normalise_tags(values: Iterable[str], *, cap: int = TAGS_MAX) -> list[str]:
    """Tags lower-cased and single-spaced, empty ones dropped, duplicates dropped (first kept), at most `cap`."""
    return list(dict.fromkeys(t for t in (normalise_tag(v) for v in values) if t))[:cap]


def split_tags(text: str) -> list[str]:
    """Free text typed as "sql, Data modelling; public speaking" into its tags (not yet normalised)."""
    return [part for part in _SPLIT.split(text or "") if part.strip()]


def _stem(word: str) -> str:
    # Plurals match their singular ("databases" ~ "database"), without a dictionary.
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def words_of(text: str) -> frozenset[str]:
    """The words in a text, lower-cased and lightly stemmed, for matching against tags."""
    return frozenset(_stem(w) for w in _WORD.findall(text.lower()))


def matching_topics(topics: Iterable[str], words: frozenset[str]) -> list[str]:
    """The topics every word of which appears in `words` (in the topics' own order)."""
    found = []
    for topic in topics:
        parts = words_of(topic)
        if parts and parts <= words:
            found.append(topic)
    return found
