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

from functools import lru_cache
from typing import Dict, List, Optional

from actions.content import readability
from actions.content.check import NOT_PROSE, load_jargon
from actions.content.fill import placeholder_names, plain_placeholders

# Labels, button titles and payloads are too short for any formula (as in check.py).
NOT_SCORED = NOT_PROSE | {"label", "title", "payload", "bubble", "bubble_extra"}
MAX_TEXT_CHARS = 5000


@lru_cache(maxsize=1)
def _jargon() -> Dict[str, List[readability.JargonTerm]]:
    return load_jargon()


def _placeholders(text: str) -> Optional[set]:
    try:
        return placeholder_names(text)
    except ValueError:
        return None


def _problem(rule: str, key: str, **values: str) -> Dict[str, object]:
    return {"rule": rule, "key": key, "values": values}


def problems(path: str, language: str, text: str, other_text: Optional[str]) -> List[Dict[str, object]]:
    """Problems of ``text`` (field ``path`` in ``language``), each ``{"rule", "key", "values"}``: the
    sentence for the editor is text ``key`` of section ``studio_api`` of ``data/content/ui.yml`` with
    ``values`` filled in, in the studio user's language (the front door words it: it knows the user).

    Args:
        other_text: the same field in the other language (for placeholders), or None.
    Returns:
        [] when the text passes. Rules: required, placeholders, jargon, sentence_length, reading_ease.
    """
    found: List[Dict[str, object]] = []
    if not text.strip():
        return [_problem("required", "check_required")]
    mine = _placeholders(text)
    if mine is None:
        found.append(_problem("placeholders", "check_braces"))
    elif not plain_placeholders(text):  # {x:>1000000000} or {x.__class__}: see actions.content.fill
        found.append(_problem("placeholders", "check_placeholder_plain"))
    elif other_text is not None and _placeholders(other_text) is not None and mine != _placeholders(other_text):
        theirs = _placeholders(other_text) or set()
        missing = ", ".join("{" + name + "}" for name in sorted(theirs - mine)) or "\u2013"
        extra = ", ".join("{" + name + "}" for name in sorted(mine - theirs)) or "\u2013"
        found.append(_problem("placeholders", "check_placeholders", missing=missing, extra=extra))
    for term in readability.jargon_in(text, _jargon().get(language, [])):
        found.append(_problem("jargon", "check_jargon_explain" if term.explain else "check_jargon",
                              term=term.term, instead=term.instead))
    if path.split(".")[-1] in NOT_SCORED or path.split(".")[-1].startswith("button_"):
        return found
    measured = readability.fill_placeholders(text)
    per_sentence = readability.words_per_sentence(measured)
    if per_sentence > readability.MAX_WORDS_PER_SENTENCE:
        found.append(_problem("sentence_length", "check_sentence_length", words=f"{per_sentence:.0f}",
                              limit=f"{readability.MAX_WORDS_PER_SENTENCE:.0f}"))
    score = readability.judge(measured, language)
    if score is not None and score < readability.MIN_READING_EASE:
        found.append(_problem("reading_ease", "check_reading_ease", score=f"{score:.0f}",
                              limit=f"{readability.MIN_READING_EASE:.0f}"))
    return found
