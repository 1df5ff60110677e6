"""Building blocks of the contextual recognizers: kinds, cue grammar, dates, name words, and
``CueValueRecognizer`` (a pattern whose ``value`` group is the personal data)."""
from __future__ import annotations

from typing import List, Optional, Sequence

import regex as re
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts



FOUND_SCORE = 0.85  # above the redactor's threshold

PERSON = "PERSON"
DATE_OF_BIRTH = "DATE_OF_BIRTH"
ADDRESS = "ADDRESS"
PASSWORD = "PASSWORD"
CUSTOMER_NUMBER = "CUSTOMER_NUMBER"
CARD_EXPIRY = "CARD_EXPIRY"
CVV = "CVV"
HEALTH = "HEALTH"
EMAIL = "EMAIL"
PHONE = "PHONE"
IBAN = "IBAN"
TAX_ID = "TAX_ID"
ID_DOCUMENT = "ID_DOCUMENT"
NOTICE_CODE = "NOTICE_CODE"  # only for codes the contract rejects: valid ones stay for the bot
CONTEXT_KINDS = (PERSON, DATE_OF_BIRTH, ADDRESS, PASSWORD, CUSTOMER_NUMBER, CARD_EXPIRY, CVV, HEALTH, NOTICE_CODE)

FLAGS = re.MULTILINE | re.VERSION1  # VERSION1: scoped flags (?i:...) and full case folding

# --- building blocks ---------------------------------------------------------------------------

# A gap of up to n words between a cue and its value ("my password for the portal was ..."),
# never across a sentence end or a line break and never over a number.
def words_gap(n: int) -> str:
    return rf"(?:[ \t]+(?:[\p{{L}}'’\-]+|\p{{L}}{{1,4}}\.(?:\p{{L}}\.)?)|[ \t]*[(/][\p{{L}}\d\s\-]+[)/]?){{0,{n}}}?"


# Words that join a cue to its value: "is", "ist", "lautet", ":", "=", "-", "#".
COPULA = (
    r"(?i:[ \t]*(?:[:=#\-–]|\bis\b|\bwas\b|\bwere\b|\bist\b|\bwar\b|\blautet(?:e)?\b|\bhei[sß]t\b|"
    r"\bwas set to\b|\bused to be\b|\bset to\b|\bis still\b|\bwar bisher\b|\bwar immer\b|\bbeträgt\b|"
    r"\bnumber\b|\bnummer\b|\bno\.|\bnr\.|\bendet auf\b|\bends (?:in|with)\b)){0,3}[ \t]*(?:\n[ \t]*)?"
)

MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|"
    r"Januar|Jänner|Februar|März|Maerz|Mai|Juni|Juli|Oktober|Dezember|Okt|Dez|Mrz)"
)

# Dates of any usual form: 12.03.1985, 12.3.85, 1985-03-12, 03/12/1985, 12 March 1985,
# March 12th, 1985, 12. März 1985, 12th of March 1985.
DATE = (
    r"(?:"
    r"\d{1,2}[ \t]?[./\-][ \t]?\d{1,2}[ \t]?[./\-][ \t]?(?:19|20)?\d{2}(?![\d])"
    r"|(?:19|20)\d{2}[./\-]\d{1,2}[./\-]\d{1,2}(?!\d)"
    rf"|\d{{1,2}}(?:st|nd|rd|th|\.)?[ \t]*(?:of[ \t]+)?(?i:{MONTHS})\.?,?[ \t]+(?:19|20)\d{{2}}(?!\d)"
    rf"|(?<!\p{{L}})(?i:{MONTHS})\.?[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+(?:19|20)\d{{2}}(?!\d)"
    rf"|\d{{1,2}}(?:st|nd|rd|th|\.)?[ \t]*(?:of[ \t]+)?(?i:{MONTHS})\b"
    rf"|(?<!\p{{L}})(?i:{MONTHS})[ \t]+\d{{1,2}}(?:st|nd|rd|th)?\b"
    r")"
)

# A capitalised name word: Anna, O'Brien, McDonald, Müller-Lüdenscheidt, D'Angelo.
NAME_WORD = r"(?:\p{Lu}(?:['’]\p{Lu})?\p{Ll}+(?:\p{Lu}\p{Ll}+)?(?:-\p{Lu}\p{Ll}+)?)"
NAME_PARTICLE = r"(?:von|van|de|der|den|di|da|du|del|della|la|le|zu|vom|zur|ten|ter|al|el|bin|ibn|dos|das|y)"
NAME_INITIAL = r"(?:\p{Lu}\.)"
FULL_NAME = (
    rf"(?:{NAME_INITIAL}[ \t]*)?(?:(?:von|van|de|di|da|du|le|la|zu)[ \t]+(?=\p{{Lu}}))?{NAME_WORD}(?:[ \t]+(?:{NAME_PARTICLE}[ \t]+){{0,2}}(?:{NAME_WORD}|{NAME_INITIAL}(?=[ \t]+\p{{Lu}}))){{0,3}}"
)


_DIGIT = re.compile(r"\d")


class CueValueRecognizer(PatternRecognizer):
    """A ``PatternRecognizer`` that reports the ``value`` group of each match, not the whole match.

    ``check(value, match)`` may trim the value (returns the new span relative to the text) or
    reject it (returns ``None``). Recognizers whose values always hold a digit set ``needs_digit``
    and skip texts without one (most messages: this is the hot path).
    """

    needs_digit = False

    def __init__(self, entity: str, name: str, patterns: Sequence[Pattern], supported_language: str,
                 context: Optional[List[str]] = None) -> None:
        super().__init__(
            supported_entity=entity,
            name=name,
            patterns=list(patterns),
            supported_language=supported_language,
            context=context,
            global_regex_flags=FLAGS,
        )
        self._compiled = [(p, re.compile(p.regex, FLAGS)) for p in self.patterns]

    def check(self, text: str, start: int, end: int) -> Optional[tuple]:
        """The span to report for a captured value at ``start:end``, or None to drop it."""
        return start, end

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None,
                regex_flags: Optional[int] = None) -> List[RecognizerResult]:
        return EntityRecognizer.remove_duplicates(self.raw_results(text))

    def raw_results(self, text: str) -> List[RecognizerResult]:
        """Every checked value of every pattern, overlaps not yet resolved."""
        results = []
        if self.needs_digit and not _DIGIT.search(text):
            return results
        for pattern, compiled in self._compiled:
            for match in compiled.finditer(text, overlapped=False):
                if "value" in compiled.groupindex and match.group("value") is not None:
                    start, end = match.span("value")
                else:
                    start, end = match.span()
                span = self.check(text, start, end)
                if span is None or span[0] >= span[1]:
                    continue
                results.append(
                    RecognizerResult(
                        entity_type=self.supported_entities[0],
                        start=span[0],
                        end=span[1],
                        score=pattern.score,
                        recognition_metadata={
                            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        },
                    )
                )
        return results


def _trim(text: str, start: int, end: int, chars: str = ".,;:?)]}\"'“”‘’»«") -> tuple:
    while end > start and text[end - 1] in chars:
        end -= 1
    while start < end and text[start] in "\"'„“‚‘»«([{":
        start += 1
    return start, end

