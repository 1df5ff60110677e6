"""Which inbox messages are alike: a normalised text and a character-trigram similarity.

Why not a library: the messages are short (one customer sentence), the open inbox holds hundreds of
them, not millions, and what should land in one group is the same question worded slightly
differently ("can my hamster see my data" / "could my hamster see the data?"). Case, punctuation,
umlaut spellings (ä/ae, ß/ss) and word order fold away in the normalised form; what is left is
compared by the Dice coefficient of character trigrams, which tolerates typos and small wording
changes. The standard library does this in microseconds per pair, with nothing to pin or audit.
(The NLU overlap check uses rapidfuzz in the bot's environment; the front door has no need for it.)

Grouping is single-linkage: two messages of one language at least ``THRESHOLD`` similar are in one
group, and so are chains of them (so the order they come in does not matter). Every pair is
compared: the inbox lists at most ``handoff.inbox.query.SHOWN`` messages, a few hundred thousand
comparisons of small sets at most.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Callable, Dict, FrozenSet, List, Sequence, TypeVar

THRESHOLD = 0.6
_FOLD = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}
_WORD = re.compile(r"<[A-Z_]+>|[^\W_]+", re.UNICODE)
Item = TypeVar("Item")


def normalise(text: str) -> str:
    """``text`` folded for comparison: lower case, umlauts as ae/oe/ue, ß as ss, other accents
    dropped, punctuation gone, words sorted; redaction placeholders (``<IBAN>``) stay one word."""
    words = []
    for word in _WORD.findall(text or ""):
        if not word.startswith("<"):
            word = "".join(_FOLD.get(char, char) for char in word.casefold())
            word = "".join(char for char in unicodedata.normalize("NFKD", word) if not unicodedata.combining(char))
        words.append(word)
    return " ".join(sorted(words))


def trigrams(normalised: str) -> FrozenSet[str]:
    """The character trigrams of a normalised text (padded, so one-word texts have some)."""
    padded = f"  {normalised} "
    return frozenset(padded[index:index + 3] for index in range(len(padded) - 2))


def similarity(first: FrozenSet[str], second: FrozenSet[str]) -> float:
    """Dice coefficient of two trigram sets: 1.0 the same, 0.0 nothing in common."""
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


def group(items: Sequence[Item], text: Callable[[Item], str], language: Callable[[Item], str],
          threshold: float = THRESHOLD) -> List[List[Item]]:
    """``items`` in groups of alike texts (see the module docstring); groups and their members keep
    the order of ``items`` (a group's place is that of its first member)."""
    grams = [trigrams(normalise(text(item))) for item in items]
    languages = [language(item) for item in items]
    parent = list(range(len(items)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for later in range(len(items)):
        for earlier in range(later):
            if languages[earlier] == languages[later] and similarity(grams[earlier], grams[later]) >= threshold:
                first, second = root(earlier), root(later)
                if first != second:
                    parent[max(first, second)] = min(first, second)
    groups: Dict[int, List[Item]] = {}
    for index, item in enumerate(items):
        groups.setdefault(root(index), []).append(item)
    return list(groups.values())
