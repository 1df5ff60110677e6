"""Which inbox messages are alike: a normalised text and a character-trigram similarity.

Why not a library: the messages are short (one customer sentence), the open inbox holds hundreds of
them, not millions, and what should land in one group is the same question worded slightly
differently ("can my hamster see my data" / "could my hamster see the data?"). Case, punctuation,
umlaut spellings (ä/ae, ß/ss) and word order fold away in the normalised form; what is left is
compared by the Dice coefficient of character trigrams, which tolerates typos and small wording
changes. The standard library does this in microseconds per pair, with nothing to pin or audit.
(The NLU overlap check uses rapidfuzz in the bot's environment; the front door has no need for it.)

Grouping is greedy and stable: messages are taken newest first, each joins the first group whose
first message is at least ``THRESHOLD`` similar in the same language, else starts a group.
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
    """``items`` in groups of alike texts (see the module docstring), in the order of their first item."""
    leaders: Dict[str, List[tuple]] = {}
    groups: List[List[Item]] = []
    for item in items:
        grams = trigrams(normalise(text(item)))
        for leader_grams, members in leaders.setdefault(language(item), []):
            if similarity(grams, leader_grams) >= threshold:
                members.append(item)
                break
        else:
            members = [item]
            leaders[language(item)].append((grams, members))
            groups.append(members)
    return groups
