"""Replace personal data in a customer message with typed placeholders before it is stored or forwarded.

Detection is Microsoft Presidio's ``AnalyzerEngine`` with ``NoOpNlpEngine`` (no spaCy model) and
pattern recognizers only (see ``recognizers.py``); nothing touches the network, at start-up or later.
Notice codes (``K7QX-4MPD-9TRA``) are never redacted: the chatbot needs them.

Benchmark: ``make bench-privacy`` (``benchmarks/privacy.py``: recall per category on a blind corpus).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Iterable, List, Sequence, Tuple

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NoOpNlpEngine

from contract import notice_code
from handoff.redaction.recognizers import (KINDS, NEEDS_A_DIGIT, SCORE_THRESHOLD, build_recognizers,
                                          offline_tld_extractor)

# Message text and findings are never logged, at any level; DEBUG records carry counts and kinds only.
logger = logging.getLogger(__name__)

LANGUAGES = ("en", "de")

@dataclass(frozen=True)
class Redacted:
    text: str  # the text with each finding replaced by its placeholder
    kinds: tuple[str, ...]  # placeholder kinds found, in order of appearance, e.g. ("EMAIL", "IBAN")


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: ``text[start:end]`` is replaced with ``<kind>``."""

    start: int
    end: int
    kind: str
    score: float

    @property
    def length(self) -> int:
        return self.end - self.start


class _NoContextEnhancer(ContextAwareEnhancer):
    """Skip Presidio's lemma-based context step: it needs NLP tokens, which NoOpNlpEngine has not.

    The recognizers that need context words check them themselves (``ContextGateMixin``).
    """

    def __init__(self) -> None:
        super().__init__(
            context_similarity_factor=0,
            min_score_with_context_similarity=0,
            context_prefix_count=0,
            context_suffix_count=0,
        )

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        return raw_results


def normalise_language(language: object) -> str:
    """``"de"`` for German (also ``"DE"``, ``"de-AT"``), ``"en"`` for anything else."""
    if isinstance(language, str) and language.strip().lower().replace("_", "-").split("-")[0] == "de":
        return "de"
    return "en"


def notice_code_spans(text: str) -> List[Tuple[int, int]]:
    """Where notice codes stand in ``text``."""
    return [m.span() for m in notice_code.find_all(text)]


def drop_inside(findings: Iterable[Finding], spans: Sequence[Tuple[int, int]]) -> List[Finding]:
    """The findings that do not lie wholly inside one of ``spans``."""
    return [f for f in findings if not any(s <= f.start and f.end <= e for s, e in spans)]


def resolve_overlaps(findings: Iterable[Finding]) -> List[Finding]:
    """One finding per group of overlapping findings, ordered by position.

    The kind is the longest finding's (then the highest score's, then the first's). Its span grows
    to cover the whole group, so a partly overlapping loser never leaves personal data behind.
    """
    ordered = sorted(findings, key=lambda f: (f.start, -f.end))
    groups: List[List[Finding]] = []
    group_end = -1
    for finding in ordered:
        if groups and finding.start < group_end:
            groups[-1].append(finding)
            group_end = max(group_end, finding.end)
        else:
            groups.append([finding])
            group_end = finding.end
    resolved = []
    for group in groups:
        best = min(group, key=lambda f: (-f.length, -f.score, f.start))
        start = min(f.start for f in group)
        end = max(f.end for f in group)
        resolved.append(Finding(start, end, best.kind, best.score))
    return resolved


def apply(text: str, findings: Sequence[Finding]) -> Redacted:
    """Replace non-overlapping ``findings`` (ordered by position) with placeholders, from the end."""
    for finding in reversed(findings):
        text = f"{text[: finding.start]}<{finding.kind}>{text[finding.end :]}"
    return Redacted(text=text, kinds=tuple(f.kind for f in findings))


class Redactor:
    """Build once at start-up (it is not cheap), then call redact() per message; thread-safe for reading."""

    def __init__(self) -> None:
        extractor = offline_tld_extractor()
        recognizers = [r for language in LANGUAGES for r in build_recognizers(language, extractor)]
        registry = RecognizerRegistry(recognizers=recognizers, supported_languages=list(LANGUAGES))
        nlp_engine = NoOpNlpEngine(models=[{"lang_code": lang, "model_name": "no-op"} for lang in LANGUAGES])
        self._engine = AnalyzerEngine(
            registry=registry,
            nlp_engine=nlp_engine,
            supported_languages=list(LANGUAGES),
            default_score_threshold=SCORE_THRESHOLD,
            context_aware_enhancer=_NoContextEnhancer(),
        )
        self._entities = list(KINDS)
        self._entities_without_digits = [kind for kind in KINDS if kind not in NEEDS_A_DIGIT]
        # Load the suffix list and compile every pattern now, not in the first customer's request
        # (and not in two threads at once).
        for language in LANGUAGES:
            self.redact("Warm-up: a@example.com +49 30 1234567 DE89 3704 0044 0532 0130 00 T22000129", language)

    def findings(self, text: str, language: str, keep: Sequence[str] = ()) -> List[Finding]:
        """What ``redact`` replaces, resolved and ordered by position; a finding whose text is exactly
        one of ``keep`` is dropped (Presidio's ``allow_list``, exact match)."""
        if not isinstance(text, str):
            raise TypeError("text must be a str")
        if not text.strip():
            return []
        results = self._engine.analyze(
            text=text,
            language=normalise_language(language),
            entities=self._entities if any(char.isdigit() for char in text) else self._entities_without_digits,
            score_threshold=SCORE_THRESHOLD,
            allow_list=list(keep) or None,
        )
        found = [Finding(r.start, r.end, r.entity_type, r.score) for r in results]
        found = drop_inside(found, notice_code_spans(text))
        return resolve_overlaps(found)

    def redact(self, text: str, language: str, keep: Sequence[str] = ()) -> Redacted:
        """``text`` with every finding replaced by its placeholder (``<PHONE_NUMBER>`` ...); ``language``
        is "en" or "de" (anything else is treated as "en"); values in ``keep`` stay (see ``findings``)."""
        findings = self.findings(text, language, keep)
        redacted = apply(text, findings)
        logger.debug("redacted %d finding(s): %s", len(findings), ",".join(redacted.kinds) or "-")
        return redacted
