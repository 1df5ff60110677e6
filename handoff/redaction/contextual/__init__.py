"""Presidio recognizers for personal data that has no checksum: it is recognised by the words around it.

Names, dates of birth, street addresses, passwords and PINs, customer and contract numbers, card
expiry dates and security codes are found after (sometimes before) a cue: "my name is", "geboren am",
"PIN", "Kundennummer", "gültig bis", "CVV". Each recognizer is a Presidio ``PatternRecognizer``
whose patterns contain the cue and capture the value in a group named ``value``; only that group
is reported, so "my password is <PASSWORD>" keeps its cue and the conversation stays readable.
Presidio's own context step (``LemmaContextAwareEnhancer``) works on tokens and lemmas from an NLP
model, which ``NoOpNlpEngine`` does not produce, and it only raises scores of values found on their
own; here the cue is part of the pattern, which also fixes where the value may stand.

Health conditions (GDPR Art. 9) are a Presidio deny list with inflected forms, plus word parts for
German compounds. Obfuscated e-mail addresses ("max (at) web.de", "jane at example dot com") are
rebuilt and checked against the public suffix list like ordinary addresses.

Matching is case-insensitive for cues and case-sensitive for names (a name is capitalised).


One module per kind of data; ``build_context_recognizers`` registers them all.
"""
from __future__ import annotations

from typing import List

import tldextract
from presidio_analyzer import EntityRecognizer

from handoff.redaction.contextual.base import CONTEXT_KINDS
from handoff.redaction.contextual.health import HealthConditionRecognizer, ObfuscatedEmailRecognizer, trie_regex
from handoff.redaction.contextual.identifiers import (DocumentNumberAfterCueRecognizer, NoticeCodeLookalikeRecognizer,
                                                     TaxIdAfterCueRecognizer)
from handoff.redaction.contextual.names import PersonNameRecognizer
from handoff.redaction.contextual.numbers import ContextIbanRecognizer, ContextPhoneRecognizer, CustomerNumberRecognizer
from handoff.redaction.contextual.personal import DateOfBirthRecognizer, StreetAddressRecognizer
from handoff.redaction.contextual.secrets import CardExpiryRecognizer, CvvRecognizer, PasswordRecognizer

__all__ = ["CONTEXT_KINDS", "HealthConditionRecognizer", "build_context_recognizers", "trie_regex"]


def build_context_recognizers(language: str, extractor: tldextract.TLDExtract) -> List[EntityRecognizer]:
    """One instance of every context recognizer for ``language``."""
    return [
        PersonNameRecognizer(language),
        DateOfBirthRecognizer(language),
        StreetAddressRecognizer(language),
        PasswordRecognizer(language),
        CustomerNumberRecognizer(language),
        CardExpiryRecognizer(language),
        CvvRecognizer(language),
        HealthConditionRecognizer(language),
        ObfuscatedEmailRecognizer(extractor, language),
        ContextPhoneRecognizer(language),
        ContextIbanRecognizer(language),
        TaxIdAfterCueRecognizer(language),
        DocumentNumberAfterCueRecognizer(language),
        NoticeCodeLookalikeRecognizer(language),
    ]

