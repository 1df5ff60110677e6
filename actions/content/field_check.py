"""The rules of ``make check-content`` applied to one field while a comms editor types (the studio).

Same measures as ``actions.content.check`` (``actions.content.readability``: reading ease >= 60 for
texts of 40+ words, at most 15 words per sentence on average, the jargon list with its plain
substitute; ``{placeholders}`` equal in both languages; no empty text), worded for the person who
writes the text. Texts under 40 words are pooled by ``make check-content``; alone they are not
scored for reading ease here either.

Served by the action server (``POST /content/check``), which has the measuring libraries; the front
door asks it for every save and for the checks while typing.
"""
from __future__ import annotations

import string
from functools import lru_cache
from typing import Dict, List, Optional

from actions.content import readability
from actions.content.check import NOT_PROSE, load_jargon

# Labels, button titles and payloads are too short for any formula (as in check.py).
NOT_SCORED = NOT_PROSE | {"label", "title", "payload", "bubble", "bubble_extra"}
MAX_TEXT_CHARS = 5000


@lru_cache(maxsize=1)
def _jargon() -> Dict[str, List[readability.JargonTerm]]:
    return load_jargon()


def _placeholders(text: str) -> Optional[set]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return None


def problems(path: str, language: str, text: str, other_text: Optional[str]) -> List[Dict[str, str]]:
    """Problems of ``text`` (field ``path`` in ``language``), each ``{"rule", "message"}``.

    Args:
        other_text: the same field in the other language (for placeholders), or None.
    Returns:
        [] when the text passes. Rules: required, placeholders, jargon, sentence_length, reading_ease.
    """
    found: List[Dict[str, str]] = []
    if not text.strip():
        return [{"rule": "required", "message": "This text is empty. Customers would see nothing here."}]
    mine = _placeholders(text)
    if mine is None:
        found.append({"rule": "placeholders", "message": "A { or } has no partner. Words in braces "
                      "like {date} are filled in by the bot; write them exactly as in the other language."})
    elif other_text is not None and _placeholders(other_text) is not None and mine != _placeholders(other_text):
        theirs = _placeholders(other_text) or set()
        missing = ", ".join("{" + name + "}" for name in sorted(theirs - mine)) or "none"
        extra = ", ".join("{" + name + "}" for name in sorted(mine - theirs)) or "none"
        found.append({"rule": "placeholders", "message": f"The words in braces must be the same in both "
                      f"languages. Missing here: {missing}. Not in the other language: {extra}."})
    for term in readability.jargon_in(text, _jargon().get(language, [])):
        hint = ", or explain it in the same text" if term.explain else ""
        found.append({"rule": "jargon", "message": f"\u201c{term.term}\u201d is jargon many customers do "
                      f"not understand. Say instead: \u201c{term.instead}\u201d{hint}."})
    if path.split(".")[-1] in NOT_SCORED or path.split(".")[-1].startswith("button_"):
        return found
    measured = readability.fill_placeholders(text)
    per_sentence = readability.words_per_sentence(measured)
    if per_sentence > readability.MAX_WORDS_PER_SENTENCE:
        found.append({"rule": "sentence_length", "message": f"Sentences have {per_sentence:.0f} words on "
                      f"average. Keep them to {readability.MAX_WORDS_PER_SENTENCE:.0f} words or fewer."})
    score = readability.judge(measured, language)
    if score is not None and score < readability.MIN_READING_EASE:
        found.append({"rule": "reading_ease", "message": f"Hard to read: reading ease {score:.0f}, needs "
                      f"{readability.MIN_READING_EASE:.0f} or more. Use shorter sentences and shorter words."})
    return found
