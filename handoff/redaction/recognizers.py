"""Presidio pattern recognizers for the redaction module, all offline and model-free.

Every recognizer reports its finding under the placeholder kind it is replaced with (``EMAIL``,
``PHONE``, ``CARD``, ``IBAN``, ``TAX_ID``, ``ID_DOCUMENT``, ``IP_ADDRESS``), so the redactor needs
no mapping table. Personal data without a checksum (names, dates of birth, addresses, passwords and
PINs, customer numbers, card expiry and CVV, health conditions, obfuscated e-mail addresses) is
found by the words around it: ``contextual.py``, added to every language by ``build_recognizers``.

Scores follow one rule: a finding counts when its score reaches ``SCORE_THRESHOLD``. Checksum-backed
findings score 1.0. Shapes that are too common to trust alone (a 9-character document number, an SSN
written with spaces) start at ``NEEDS_CONTEXT_SCORE`` and only reach the threshold when one of the
recognizer's context words stands close to them. Presidio's own context enhancer needs tokens from an
NLP model, which ``NoOpNlpEngine`` does not produce, so that check is done here, on the raw text,
in each recognizer's ``enhance_using_context`` hook.
"""
from __future__ import annotations

from typing import List, Optional

import phonenumbers
import regex as re
import tldextract
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IpRecognizer,
    PhoneRecognizer,
    UsSsnRecognizer,
)
from stdnum import iban as stdnum_iban
from stdnum.de import idnr as stdnum_idnr

from handoff.redaction.contextual import CONTEXT_KINDS, build_context_recognizers
from handoff.redaction.contextual.base import CARD_EXPIRY, CVV, DATE_OF_BIRTH, ID_DOCUMENT, NOTICE_CODE, TAX_ID

SCORE_THRESHOLD = 0.4
NEEDS_CONTEXT_SCORE = 0.1
CONTEXT_SCORE = 0.85

EMAIL = "EMAIL"
PHONE = "PHONE"
CARD = "CARD"
IBAN = "IBAN"
IP_ADDRESS = "IP_ADDRESS"
KINDS = (EMAIL, PHONE, CARD, IBAN, TAX_ID, ID_DOCUMENT, IP_ADDRESS) + CONTEXT_KINDS
# Kinds whose every pattern needs a digit; a text without one skips their recognizers (most chat
# messages: about half of the redaction time). The privacy benchmark's corpora redact the same with
# and without this shortcut (tests/handoff/redaction/test_redaction.py checks it on the test cases).
NEEDS_A_DIGIT = frozenset({PHONE, CARD, IBAN, TAX_ID, ID_DOCUMENT, IP_ADDRESS, CARD_EXPIRY, CVV, DATE_OF_BIRTH,
                          NOTICE_CODE})

PHONE_REGIONS = ("DE", "AT", "CH", "GB", "US", "FR", "NL", "IT", "ES", "PL")


def offline_tld_extractor() -> tldextract.TLDExtract:
    """A tldextract instance that only ever reads the suffix list bundled with the package.

    ``suffix_list_urls=()`` disables the download, ``cache_dir=None`` the disk cache (nothing is
    read from or written to ``~/.cache``), ``fallback_to_snapshot=True`` uses the bundled snapshot.
    """
    return tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)


class ContextGateMixin:
    """Raise a weak finding to ``CONTEXT_SCORE`` when a context word stands close to it.

    Findings scored below ``SCORE_THRESHOLD`` without a context word nearby stay below it, and the
    analyzer drops them. ``context_pattern`` is matched case-insensitively against the
    ``context_before`` characters before the finding and the ``context_after`` characters after it.
    """

    context_pattern: re.Pattern
    context_before = 60
    context_after = 40

    def has_context(self, text: str, start: int, end: int) -> bool:
        window = text[max(0, start - self.context_before) : start] + " " + text[end : end + self.context_after]
        return self.context_pattern.search(window) is not None

    def enhance_using_context(
        self,
        text: str,
        raw_recognizer_results: List[RecognizerResult],
        other_raw_recognizer_results: List[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        context: Optional[List[str]] = None,
    ) -> List[RecognizerResult]:
        for result in raw_recognizer_results:
            if result.score < SCORE_THRESHOLD and self.has_context(text, result.start, result.end):
                result.score = CONTEXT_SCORE
                result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
        return raw_recognizer_results


# --- email -------------------------------------------------------------------------------------


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's email recognizer, validating the domain with an offline tldextract.

    Presidio's ``EmailRecognizer.validate_result`` calls the module-level ``tldextract.extract``,
    whose default extractor downloads the public suffix list on first use. This subclass calls a
    given extractor instead (see ``offline_tld_extractor``).
    """

    def __init__(self, extractor: tldextract.TLDExtract, supported_language: str = "en") -> None:
        self._extractor = extractor
        patterns = [Pattern(p.name, p.regex, p.score) for p in EmailRecognizer.PATTERNS]
        super().__init__(patterns=patterns, supported_language=supported_language, supported_entity=EMAIL)

    def validate_result(self, pattern_text: str) -> bool:
        return self._extractor(pattern_text).fqdn != ""


# --- phone -------------------------------------------------------------------------------------

# Dates and times phonenumbers might take for a number. Leniency VALID (1) already rejects every
# date form tried in the tests; this guard keeps it that way if the metadata changes.
_DATE_LIKE = re.compile(
    r"\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{2}|\d{4})"  # 18.11.2026, 18.11.26
    r"|\d{4}-\d{1,2}-\d{1,2}"  # 2026-11-18
    r"|\d{1,2}/\d{1,2}/(?:\d{2}|\d{4})"  # 11/18/2026
    r"|\d{1,2}:\d{2}(?::\d{2})?"  # 20:00
)


_DIGITS = re.compile(r"\d")


class TunedPhoneRecognizer(PhoneRecognizer):
    """Presidio's phonenumbers-based recognizer for the given regions, never matching a date."""

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_language=supported_language,
            supported_entity=PHONE,
            supported_regions=PHONE_REGIONS,
            leniency=phonenumbers.Leniency.VALID,
        )

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        if len(_DIGITS.findall(text)) < 6:
            return []  # no phone number has fewer digits; phonenumbers is the costliest step
        results = super().analyze(text, entities, nlp_artifacts)
        return [r for r in results if not _DATE_LIKE.fullmatch(text[r.start : r.end].strip())]


# --- payment card ------------------------------------------------------------------------------


class CardRecognizer(CreditCardRecognizer):
    """Presidio's Luhn-checked card recognizer, plus Mastercard's 2221-2720 range it lacks."""

    def __init__(self, supported_language: str = "en") -> None:
        patterns = [
            Pattern(p.name, p.regex, p.score) for p in CreditCardRecognizer.PATTERNS
        ] + [
            Pattern(
                "Mastercard 2-series (weak)",
                r"\b(2(?:2[2-9]\d|[3-6]\d\d|7[01]\d|720))[- ]?(\d{4})[- ]?(\d{4})[- ]?(\d{4})\b",
                0.3,
            )
        ]
        super().__init__(patterns=patterns, supported_language=supported_language, supported_entity=CARD)


# --- IBAN --------------------------------------------------------------------------------------


class CheckedIbanRecognizer(IbanRecognizer):
    """Presidio's IBAN recognizer, case-insensitive, validated with python-stdnum.

    stdnum checks the mod-97 checksum and the country's length and format. Presidio's own
    ``validate_result`` logs the candidate text at ERROR level when it fails to parse it; this one
    never logs.
    """

    def __init__(self, supported_language: str = "en") -> None:
        patterns = [Pattern(p.name, p.regex, p.score) for p in IbanRecognizer.PATTERNS]
        super().__init__(
            patterns=patterns,
            supported_language=supported_language,
            supported_entity=IBAN,
            regex_flags=re.DOTALL | re.MULTILINE | re.IGNORECASE,
        )

    def validate_result(self, pattern_text: str) -> bool:
        return stdnum_iban.is_valid(pattern_text.upper())


# --- IP address --------------------------------------------------------------------------------


class IpAddressRecognizer(IpRecognizer):
    """Presidio's IPv4/IPv6 recognizer (candidates checked with ``ipaddress``)."""

    def __init__(self, supported_language: str = "en") -> None:
        patterns = [Pattern(p.name, p.regex, p.score) for p in IpRecognizer.PATTERNS]
        super().__init__(patterns=patterns, supported_language=supported_language, supported_entity=IP_ADDRESS)


# --- tax IDs -----------------------------------------------------------------------------------


class GermanTaxIdRecognizer(PatternRecognizer):
    """German Steuer-ID (steuerliche Identifikationsnummer): 11 digits, checked with stdnum ``de.idnr``.

    Accepts the compact form (``86095742719``) and the grouping used on tax letters
    (``86 095 742 719``).
    """

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity=TAX_ID,
            name="GermanTaxIdRecognizer",
            supported_language=supported_language,
            patterns=[
                Pattern("Steuer-ID (compact)", r"\b[1-9]\d{10}\b", 0.3),
                Pattern("Steuer-ID (grouped 2-3-3-3)", r"\b[1-9]\d[ \u00a0]\d{3}[ \u00a0]\d{3}[ \u00a0]\d{3}\b", 0.3),
            ],
            context=["steuer-id", "steueridentifikationsnummer", "identifikationsnummer", "idnr", "tax id"],
        )

    def validate_result(self, pattern_text: str) -> bool:
        return stdnum_idnr.is_valid(pattern_text.replace("\u00a0", " "))


class SsnRecognizer(ContextGateMixin, UsSsnRecognizer):
    """US Social Security Number, reported as ``TAX_ID``.

    ``123-45-6789`` counts on its own; ``123 45 6789``, ``123.45.6789`` and ``123456789`` only
    next to a word like SSN or social security (in a German text ``089 12 3456`` is a phone number).
    Presidio's ``invalidate_result`` rejects never-issued numbers (000/666 area, 00 group,
    0000 serial, one repeated digit, published sample numbers).
    """

    context_pattern = re.compile(
        r"\bssn\b|social[ -]security|\bitin\b|taxpayer|\btax[ -]?id\b|sozialversicherung", re.IGNORECASE
    )

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            patterns=[
                Pattern("SSN with dashes", r"\b\d{3}-\d{2}-\d{4}\b", 0.5),
                Pattern("SSN with spaces or dots (needs context)", r"\b\d{3}[ .]\d{2}[ .]\d{4}\b", NEEDS_CONTEXT_SCORE),
                Pattern("SSN without separators (needs context)", r"\b\d{9}\b", NEEDS_CONTEXT_SCORE),
            ],
            context=["ssn", "social security"],
            supported_language=supported_language,
            supported_entity=TAX_ID,
        )


# --- German ID card and passport ---------------------------------------------------------------

# ICAO 9303 character values: digits 0-9, letters A=10 ... Z=35, filler '<' = 0.
_ICAO_VALUES = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
_ICAO_VALUES["<"] = 0
_ICAO_WEIGHTS = (7, 3, 1)

# German document numbers use digits and these letters only (no A, B, D, E, I, O, Q, S, U).
_DOC_LETTERS = "CFGHJKLMNPRTVWXYZ"
_DOC_CHAR = f"[0-9{_DOC_LETTERS}]"


def icao_check_digit(value: str) -> int:
    """The ICAO 9303 check digit of ``value`` (weights 7, 3, 1 repeating, sum modulo 10)."""
    return sum(_ICAO_VALUES[c] * _ICAO_WEIGHTS[i % 3] for i, c in enumerate(value.upper())) % 10


class GermanIdDocumentRecognizer(ContextGateMixin, PatternRecognizer):
    """Document numbers of the German Personalausweis (ID card) and Reisepass (passport).

    The number printed on the document is 9 characters (4-character authority code, 5-character
    serial) from digits and the letters C F G H J K L M N P R T V W X Y Z, e.g. ``T22000129``.
    It carries no check digit of its own: the ICAO 9303 check digit follows it only in the
    machine-readable zone (``T220001293``). So:

    - 9 characters + check digit (10 characters, upper case): the check digit must be right,
      then it counts without context;
    - 9 characters alone (at least one digit), or any of these in lower case: counts only next to
      a word like Ausweis, Personalausweis, Reisepass, Pass, passport, ID card;
    - the pre-2010 ID card number, 10 digits including an ICAO check digit: check digit right
      and a context word nearby.
    """

    context_pattern = re.compile(
        r"ausweis|reisepass|\bpass\b|passnummer|pass-?nr|\bperso\b|\bnpa\b|dokumentnummer|"
        r"dokumentennummer|passport|\bid[- ]?card|identity[- ]card|identity document|id document|"
        r"national id|document number|travel document",
        re.IGNORECASE,
    )

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity=ID_DOCUMENT,
            name="GermanIdDocumentRecognizer",
            supported_language=supported_language,
            patterns=[
                Pattern(
                    "document number + ICAO check digit",
                    rf"(?i:\b[{_DOC_LETTERS}]{_DOC_CHAR}{{8}}[0-9]\b)",
                    NEEDS_CONTEXT_SCORE,
                ),
                Pattern(
                    "document number, no check digit (needs context)",
                    rf"(?i:\b[{_DOC_LETTERS}]{_DOC_CHAR}{{8}}\b)",
                    NEEDS_CONTEXT_SCORE,
                ),
                Pattern(
                    "pre-2010 ID card number, 10 digits (needs context)",
                    r"\b\d{10}\b",
                    NEEDS_CONTEXT_SCORE,
                ),
            ],
            context=["ausweis", "personalausweis", "reisepass", "passport", "id card"],
            global_regex_flags=re.DOTALL | re.MULTILINE,
        )

    def validate_result(self, pattern_text: str) -> Optional[bool]:
        """True: counts as is. None: counts only with context. False: not a document number."""
        if len(pattern_text) == 9:
            return None if any(c.isdigit() for c in pattern_text) else False
        number, check = pattern_text[:9], pattern_text[9]
        if not check.isdigit() or icao_check_digit(number) != int(check):
            return False
        if pattern_text.isdigit():  # pre-2010 ID card
            return None
        return True if pattern_text.isupper() else None


def build_recognizers(language: str, extractor: tldextract.TLDExtract) -> List[EntityRecognizer]:
    """One instance of every recognizer for ``language`` (Presidio binds a recognizer to one language)."""
    return [
        OfflineEmailRecognizer(extractor, supported_language=language),
        TunedPhoneRecognizer(supported_language=language),
        CardRecognizer(supported_language=language),
        CheckedIbanRecognizer(supported_language=language),
        IpAddressRecognizer(supported_language=language),
        GermanTaxIdRecognizer(supported_language=language),
        SsnRecognizer(supported_language=language),
        GermanIdDocumentRecognizer(supported_language=language),
    ] + build_context_recognizers(language, extractor)
