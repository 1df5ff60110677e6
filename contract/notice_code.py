"""The notice-code format: three groups of characters from the contract's alphabet.

Customers type the code from their letter in many ways: ``K7QX-4MPD-9TRA``, ``k7qx 4mpd 9tra``,
``K7QX4MPD9TRA``. Every side (the actions that check a code, the front door that masks it before
storing, the redactor that must leave it for the bot) uses this module, so they cannot disagree.

A candidate whose groups are separated by whitespace only must contain a digit: three ordinary
four-letter words in a row ("WHAT THAT HAVE") are not a code. Dashed and compact codes may be
letters only, as the alphabet allows (about 2% of codes have no digit). Every code contains a
letter: twelve digits are a phone or account number, which must be redacted, not kept for the bot.
"""
from __future__ import annotations

import functools
import re
from typing import Iterator, Optional

import contract


@functools.lru_cache(maxsize=1)
def _spec() -> tuple:
    spec = contract.load()["notice_code"]
    return spec["alphabet"], int(spec["groups"]), int(spec["group_length"]), spec["placeholder"]


def alphabet() -> str:
    """The characters a code is made of (upper case)."""
    return _spec()[0]


def length() -> int:
    """How many characters a code has without separators (12)."""
    _, groups, group_length, _ = _spec()
    return groups * group_length


@functools.lru_cache(maxsize=1)
def pattern() -> "re.Pattern[str]":
    """A regex matching a code candidate anywhere in a text (any case, dash / whitespace / nothing
    between the groups). Use :func:`find_all` to also apply the digit rule for spaced codes."""
    chars, groups, group_length, _ = _spec()
    char = "[" + re.escape(chars + chars.lower()) + "]"
    group = f"{char}{{{group_length}}}"
    separator = r"(?:[ \t\u00a0]*-[ \t\u00a0]*|[ \t\u00a0]+)?"
    body = group + (separator + group) * (groups - 1)
    # A dash glued to a longer token ("K7QX-4MPD-9TRA-1") makes it something else, not a code.
    return re.compile(rf"(?<![A-Za-z0-9])(?<![A-Za-z0-9]-){body}(?!-?[A-Za-z0-9])")


def normalise(text: str) -> Optional[str]:
    """``text`` upper-cased without separators when it is exactly one well-formed code, else None.

    >>> normalise("k7qx 4mpd-9tra")
    'K7QX4MPD9TRA'
    """
    if not isinstance(text, str):
        return None
    compact = re.sub(r"[\s\-]", "", text).upper()
    if len(compact) != length() or any(char not in alphabet() for char in compact):
        return None
    return compact


def find_all(text: str) -> Iterator["re.Match[str]"]:
    """Every notice code in ``text``, as regex matches, left to right."""
    for match in pattern().finditer(text or ""):
        candidate = match.group()
        spaced = "-" not in candidate and len(candidate) != length()
        if spaced and not any(char.isdigit() for char in candidate):
            continue
        if not any(char.isalpha() for char in candidate):
            continue
        yield match


def find(text: str) -> Optional[str]:
    """The first notice code in ``text``, normalised (``K7QX4MPD9TRA``), or None."""
    for match in find_all(text):
        return normalise(match.group())
    return None


def stand_in() -> str:
    """What Rasa gets instead of a typed code: code-shaped for the NLU, but never a valid code."""
    return contract.load()["notice_code"]["rasa_stand_in"]


def replace(text: str, by: str) -> str:
    """``text`` with every notice code replaced by ``by``."""
    parts, last = [], 0
    for match in find_all(text):
        parts += [text[last:match.start()], by]
        last = match.end()
    return "".join(parts) + text[last:]


def mask(text: str) -> str:
    """``text`` with every notice code replaced by the contract's placeholder (``<NOTICE_CODE>``)."""
    return replace(text, f"<{_spec()[3]}>")
