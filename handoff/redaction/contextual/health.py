"""Health conditions (GDPR Art. 9, a deny list with inflections and German word parts) and
obfuscated e-mail addresses."""
from __future__ import annotations

from typing import Iterable, List

import regex as re
import tldextract
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult

from handoff.redaction.wordlists import (
    HEALTH_TERMS,
    HEALTH_WORD_PARTS,
)


from handoff.redaction.contextual.base import (
    EMAIL,
    FLAGS,
    FOUND_SCORE,
    HEALTH,
)


# --- health conditions -------------------------------------------------------------------------


def trie_regex(words: Iterable[str]) -> str:
    """One alternation for many words, shared prefixes factored out (``diabet(?:es|ic)``).

    ``regex`` tries the alternatives of a plain ``a|b|c`` one after another at every position;
    a trie lets it give up after the first character that no word continues with.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
        if ends:
            body = body if body.startswith("(?:") else "(?:" + body + ")"
            body += "?"
        return body

    return build(trie)


class HealthConditionRecognizer(PatternRecognizer):
    """Health conditions and treatments (GDPR Art. 9): a Presidio deny list of English and German
    terms with their inflections, German compounds by word part ("Lungenkrebs"), and "AIDS" in
    capitals only ("aids" is a verb)."""

    def __init__(self, supported_language: str = "en") -> None:
        parts = "|".join(HEALTH_WORD_PARTS)
        super().__init__(
            supported_entity=HEALTH,
            name="HealthConditionRecognizer",
            supported_language=supported_language,
            deny_list=HEALTH_TERMS,
            deny_list_score=FOUND_SCORE,
            patterns=[
                Pattern("German compound with a condition", rf"(?i:(?<!\p{{L}})(?=\p{{L}}{{0,20}}?(?:{parts}))\p{{L}}+)", FOUND_SCORE),
                Pattern("AIDS", r"(?-i:\bAIDS\b|\bAids\b(?![ \t]+(?:for|to|in|the|with)))", FOUND_SCORE),
                Pattern("blind or deaf after I'm / is", r"(?<=(?i:\b(?:i'm|i’m|i am|is|am|are|ist|bin|sind|fast|almost|partially|severely)[ \t]+))(?i:blind|deaf|taub|visually impaired|hearing impaired|sehbehindert|hörgeschädigt|schwerhörig|disabled|behindert|in a wheelchair|im rollstuhl|pregnant)\b", FOUND_SCORE),
                Pattern("sugar (diabetes) after has", r"(?<=(?i:\b(?:habe|hat|hatte|haben)[ \t]+))(?i:zucker)\b", FOUND_SCORE),
                Pattern("MS or ALS after has/with", r"(?<=(?i:\b(?:has|have|had|with|hat|habe|hatte|mit|diagnosed with)[ \t]+))(?-i:MS|ALS|CFS|ME/CFS)\b", FOUND_SCORE),
                Pattern("covid after had/have", r"(?<=(?i:\b(?:had|have|has|got|caught|with|hatte|habe|hat|mit|an)[ \t]+))(?i:covid(?:-19)?|corona)\b", FOUND_SCORE),
                Pattern("German condition words", r"\b\p{L}{2,}(?:krankheit|krankheiten|erkrankung|erkrankungen|syndrom|syndroms|leiden|entzündung|entzündungen|insuffizienz|therapie|therapien)\b|\bKrankheit(?:en)?\b|\bTherapie\b", FOUND_SCORE),
                Pattern("words ending in -itis / -osis", r"\b\p{L}{3,}(?:itis|osis)\b(?<!(?i:diagnosis|prognosis))", FOUND_SCORE),
                Pattern("English disease, disorder, syndrome",
                        r"\b(?:\p{L}+['’]s[ \t]+|\p{L}{3,}[ \t]+)(?:disease|disorder|syndrome|illness)\b(?<!(?i:\b(?:the|a|an|my|his|her|this|that|any|no|some|rare|serious|chronic|mental|of|with|from|for|and|or)[ \t]+(?:disease|disorder|syndrome|illness)))"
                        r"|\b(?:chronic|mental|serious|terminal|rare|long-term)[ \t]+(?:disease|disorder|illness|condition)s?\b", FOUND_SCORE),
                Pattern("condition after a health cue",
                        r"(?<=(?i:\b(?:diagnosed with|suffering from|suffer from|suffers from|treated for|treatment for|being treated for|"
                        r"leide an|leidet an|leide unter|leidet unter|erkrankt an|diagnose:|diagnostiziert mit|diagnostiziert wurde|behandelt wegen|in behandlung wegen)[ \t]+))"
                        r"(?:(?i:a|an|der|einer|einem|severe|schwerer|schwere)[ \t]+)?[\p{L}'’\-]{3,}(?:[ \t]+(?!(?i:and|und|or|oder|but|aber|since|seit|for|für|last|letzte[snm]?|vor|ago|in|im|and)\b)[\p{L}'’\-]{3,}){0,2}",
                        FOUND_SCORE),
            ],
            global_regex_flags=re.IGNORECASE | re.MULTILINE | re.VERSION1,
        )

    def _deny_list_to_regex(self, deny_list: List[str]) -> Pattern:
        """Presidio's deny-list pattern (whole words, any case), as a trie: about ten times faster
        than one alternative per term for a list of this size."""
        regex = r"(?:^|(?<=\W))(" + trie_regex(deny_list) + r")(?:(?=\W)|$)"
        return Pattern(name="deny_list", regex=regex, score=self.deny_list_score)


# --- obfuscated e-mail addresses ---------------------------------------------------------------

_AT = r"(?:@(?=[^ \t])|[ \t]*-(?i:at)-[ \t]*|[ \t]+(?i:bei)[ \t]+|[ \t]*[(\[{<][ \t]*(?i:at|ät|@|klammeraffe)[ \t]*[)\]}>][ \t]*|[ \t]+(?i:at|ät|@)[ \t]+|[ \t]*_(?i:at)_[ \t]*|[ \t]+@|@[ \t]+|[ \t]*\(@\)[ \t]*)"
_DOT = r"(?:[ \t]*[(\[{<][ \t]*(?i:dot|punkt|\.)[ \t]*[)\]}>][ \t]*|[ \t]+(?i:dot|punkt)[ \t]+|[ \t]*[_\-](?i:dot|punkt)[_\-][ \t]*|\.)"
_LOCAL = r"[\p{L}\d](?:[\p{L}\d_+\-]|(?:\.|[ \t]*[(\[{<][ \t]*(?i:dot|punkt)[ \t]*[)\]}>][ \t]*|[ \t]+(?i:dot|punkt)[ \t]+)(?=[\p{L}\d]))*"
_DOMAIN_LABEL = r"[\p{L}\d](?:[\p{L}\d\-]*[\p{L}\d])?"
_EMAIL_CONTEXT = re.compile(r"(?i)e-?mail|mail|adresse|address|reach me|contact me|erreich|schreib|write|kontakt|contact")
_PLAIN_LOCAL_OK = re.compile(r"[._\d+\-]")


class ObfuscatedEmailRecognizer(PatternRecognizer):
    """E-mail addresses written to dodge spam filters: "max (at) web.de", "jane at example dot com",
    "anna[at]firma[dot]de", "max @ web.de". The address is rebuilt and its domain checked against
    the public suffix list; "looked at example.com" counts only with a word like "mail" nearby
    or a local part that looks like one (dots, digits)."""

    def __init__(self, extractor: tldextract.TLDExtract, supported_language: str = "en") -> None:
        self._extractor = extractor
        super().__init__(
            supported_entity=EMAIL,
            name="ObfuscatedEmailRecognizer",
            supported_language=supported_language,
            patterns=[
                Pattern("obfuscated email", rf"(?<![\p{{L}}\d._+\-@])(?P<local>{_LOCAL})(?P<at>{_AT})(?P<domain>{_DOMAIN_LABEL}(?:{_DOT}{_DOMAIN_LABEL}){{1,4}})(?![\p{{L}}\d@])", FOUND_SCORE)
            ],
            global_regex_flags=FLAGS,
        )
        self._compiled = re.compile(self.patterns[0].regex, FLAGS)

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        results = []
        for match in self._compiled.finditer(text):
            end = self._accept(text, match)
            if end:
                results.append(RecognizerResult(EMAIL, match.start(), end, FOUND_SCORE, recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                }))
        return results

    def _accept(self, text: str, match) -> int:
        """Where the address ends (0: no address). A trailing word after a dot ("web.de.Danke")
        is dropped until the domain ends in a public suffix."""
        at = match.group("at")
        domain_start = match.start("domain")
        domain_raw = match.group("domain")
        cuts = [m.start() for m in re.finditer(_DOT, domain_raw)]
        for cut in [len(domain_raw)] + cuts[::-1][:-1] if len(cuts) > 1 else [len(domain_raw)]:
            candidate = domain_raw[:cut]
            normal_domain = re.sub(_DOT, ".", candidate)
            extracted = self._extractor(normal_domain.lower())
            if extracted.suffix and extracted.domain:
                break
        else:
            return 0
        end = domain_start + len(candidate)
        spelled_dot = normal_domain != candidate
        if at == "@" and not spelled_dot:
            return 0  # an ordinary address: the EmailRecognizer's
        plain_at = re.fullmatch(r"[ \t]+(?i:at|ät|bei)[ \t]+", at) is not None
        if re.fullmatch(r"[ \t]+(?i:bei)[ \t]+", at) and not _EMAIL_CONTEXT.search(text[max(0, match.start() - 60): match.start()]):
            return 0  # "Kunde bei web.de" is no address
        if plain_at and not spelled_dot:
            # "logged in at example.com": needs an e-mail word nearby or an address-like local part.
            window = text[max(0, match.start() - 60): match.start()] + " " + text[match.end(): match.end() + 30]
            local = match.group("local")
            if not (_EMAIL_CONTEXT.search(window) or _PLAIN_LOCAL_OK.search(local)):
                return 0
        return end


