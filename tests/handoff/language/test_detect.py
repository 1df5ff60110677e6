"""The language rule (handoff/language/detect.py) with the real lingua models: sure sentences switch,
short replies, codes, numbers and placeholders never do."""
from __future__ import annotations

import pytest

from handoff.language.detect import LanguageDetector


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


@pytest.mark.parametrize("text, language", [
    ("Was ist passiert?", "de"), ("Wann war das?", "de"), ("was muss ich jetz machen", "de"),
    ("Ich möchte mit einem Menschen sprechen", "de"), ("Meine IBAN ist <IBAN>", "de"),
    ("what happened?", "en"), ("How the hell did this happen", "en"), ("am I affected", "en"),
])
def test_a_sentence_gives_its_language(detector, text, language):
    assert detector.detect(text) == language


@pytest.mark.parametrize("text", ["ok", "ja", "Hallo", "danke", "Okay danke", "no", "super", "K7QX-4MPD-9TRA",
                                  "<EMAIL>", "<PHONE> <EMAIL>", "0151 23456789", "?!", ""])
def test_short_or_languageless_messages_give_none(detector, text):
    assert detector.detect(text) is None
