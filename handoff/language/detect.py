"""Detect the language of a customer message with lingua (``lingua-language-detector``: its language
models ship inside the wheel, so detection runs offline and needs no download at run time).

The rule (one place): a message changes the conversation's language only when the detector is sure.
Short messages ("ok", "ja", "danke", a notice code, a phone number) never count, because single
words are shared between English and German or carry no language at all; so does anything below
``MIN_CONFIDENCE``. Then the current language stays.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

from lingua import IsoCode639_1, LanguageDetectorBuilder

import contract

# Thresholds measured on the project's messages with lingua 2.1 restricted to English and German:
# "Wann war das?" scores 0.88 German, "How the hell did this happen" 0.85 English, while one-word
# replies stay between 0.5 and 0.9 ("Hallo" 0.87 English), hence the word count as well.
MIN_WORDS = 2
MIN_LETTERS = 8
MIN_CONFIDENCE = 0.8
_PLACEHOLDER = re.compile(r"<[A-Z_]{2,32}>")  # redaction placeholders carry no language
_WORD = re.compile(r"[^\W\d_]{2,}")  # letters only: codes, numbers and punctuation carry none


class LanguageDetector:
    """Detects the supported language (``contract.languages()``) a text is written in.

    Args:
        languages: ISO 639-1 codes to choose from (default: the contract's languages).

    Building one loads the models of those languages (about half a second of CPU): the app factory
    builds one per process.
    """

    def __init__(self, languages: Optional[Iterable[str]] = None) -> None:
        codes = [IsoCode639_1.from_str(code) for code in (languages or contract.languages())]
        self._detector = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_preloaded_language_models().build()

    def detect(self, text: str) -> Optional[str]:
        """The language code ('en', 'de') ``text`` is written in, or None when unsure.

        ``text`` should be redacted already (placeholders such as ``<EMAIL>`` are ignored); it is
        neither stored nor logged here.
        """
        words = _WORD.findall(_PLACEHOLDER.sub(" ", text))
        if len(words) < MIN_WORDS or sum(len(word) for word in words) < MIN_LETTERS:
            return None
        values = self._detector.compute_language_confidence_values(" ".join(words))
        if not values or values[0].value < MIN_CONFIDENCE:
            return None
        return values[0].language.iso_code_639_1.name.lower()
