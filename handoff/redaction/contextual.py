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
"""
from __future__ import annotations

from typing import Callable, Iterable, List, Optional, Sequence

import regex as re
import tldextract
from stdnum import iban as stdnum_iban
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from handoff.redaction.wordlists import (
    AMBIGUOUS_FIRST_NAMES,
    FIRST_NAMES,
    SURNAMES,
    HEALTH_TERMS,
    HEALTH_WORD_PARTS,
    NOT_NAME_WORDS,
    NOT_PASSWORD_WORDS,
)

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
CONTEXT_KINDS = (PERSON, DATE_OF_BIRTH, ADDRESS, PASSWORD, CUSTOMER_NUMBER, CARD_EXPIRY, CVV, HEALTH)

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


# --- person names ------------------------------------------------------------------------------

# Cues after which a capitalised word is a name.
_NAME_CUES_STRONG = (
    r"(?i:my name is|my name's|my full name is|my first name is|my last name is|my surname is|"
    r"name is|i am called|i'm called|call me|account holder(?: is)?|card ?holder(?: is)?|"
    r"in the name of|on behalf of|signed|"
    r"mein name ist|mein name lautet|mein vorname ist|mein nachname ist|mein familienname ist|"
    r"ich hei[sß]e|ich hei[sß]|hier spricht|hier schreibt|es schreibt(?: ihnen)?|auf den namen|im namen von|"
    r"(?:name des |name der )?kontoinhaber(?:in|s|innen)?(?: ist)?:?|karteninhaber(?:in|s)?(?: ist)?:?|gezeichnet|gez\.|"
    r"(?:full |first |last |sur|vor|nach|familien|kunden|customer |account |holder )?name[ \t]*:|"
    r"from:|von:|absender:|sender:|registered to|registered under|is under|läuft auf|registriert auf|lautet auf|"
    r"fam\.|ehepaar|eheleute|mr and mrs|herr und frau|unterschrift:|signature:|customer:|kunde:|kundin:|inhaber:|inhaberin:|"
    r"(?:vorname|nachname|familienname|surname|first name|last name|given name|mit vornamen|mit nachnamen)(?:[ \t]*(?::|ist|is|lautet))?|"
    r"(?:full|my|mein|meinem|your|ihr)[ \t]+name(?=[ \t]+\p{Lu})|"
    r"geb\.|geborene|geborener|née|nee|maiden name|mädchenname|ich bin's|ich bins|it's me|"
    r"ansprechpartner(?:in)?:|kontaktperson:|contact person:|contact:|kontakt:|i\.[ \t]?a\.|i\.[ \t]?v\.|familie|family)"
)
# Cues after which only a known first name (or two capitalised words) is a name.
_NAME_CUES_WEAK = (
    r"(?i:addressed to|adressiert an|gerichtet an|written to|letter to|brief an|i'm|i’m|i am|this is|it's|it’s|it is|here is|ich bin|hier ist|hier sind|named|called|namens|"
    r"(?:my|our|my late|mein|meine|meinem|meiner|meines|meinen|unser|unsere|unseren|unserem|unserer|verstorbene[nmr]?)[ \t]+"
    r"(?:wife|husband|partner|son|daughter|child|mother|mom|mum|father|dad|brother|sister|colleague|boss|"
    r"friend|neighbour|neighbor|grandmother|grandfather|grandma|grandpa|aunt|uncle|cousin|fiancée?|"
    r"girlfriend|boyfriend|flatmate|roommate|tenant|landlord|lawyer|(?:go|goes) by|known as|genannt|nennt mich|"
    r"frau|mann|ehefrau|ehemann|partner|partnerin|sohn|tochter|mutter|vater|bruder|schwester|kollege|"
    r"kollegin|chef|chefin|freund|freundin|nachbar|nachbarin|oma|opa|großmutter|großvater|tante|onkel|"
    r"cousine|cousin|verlobte|verlobter|mitbewohner|mitbewohnerin|vermieter|vermieterin|anwalt|anwältin)"
    r"(?:s|n|en|es)?[ \t]*[,(]?)"
)
_PARTICLES = frozenset("von van de der den di da du del della la le zu vom zur ten ter al el bin ibn dos das y".split())
_ENGLISH_WEAK_CUES = ("i'm", "i’m", "i am", "this is", "it's", "it’s", "it is")
# Surnames that are also everyday words or jobs ("ich bin Koch", "I'm Young").
_SURNAME_WORDS = frozenset(
    "koch bauer richter schneider fischer weber becker schäfer müller zimmermann schuster kaiser könig "
    "jäger graf vogt wagner schreiber krämer lang lange klein groß jung braun schwarz weiß wolf fuchs "
    "vogel hahn engel keller berger winter sommer frank martin thomas simon otto baker cook smith taylor "
    "miller carter turner parker cooper king young white green black brown gray long rose bell hill "
    "wood stone hunter fox price hall ward mason porter palmer rice mills ford james jordan west cole "
    "hayes ellis marshall wells freeman burns shaw gordon hunt holmes fisher reed bailey brooks bennett "
    "cruz foster sanders ross powell perry butler barnes coleman stevens murray owens kennedy "
    "woods webb washington tucker snyder crawford warren kelly howard cox wallace griffin "
    "lee kim ali singh khan shah patel begum doe roe sauer busch horn heinrich stein arnold pohl roth".split()
)
_NAME_GREETINGS = r"(?i:hi|hello|hey|dear|hallo|liebe|lieber|moin|servus|guten tag|good morning|guten morgen)"
_NAME_TITLES = (
    r"(?:Herr|Herrn|Frau|Hr\.|Fr\.|Mr\.?|Mrs\.?|Ms\.?|Miss|Mx\.?|Dr\.|Prof\.)(?:[ \t]+(?:Dr\.|Prof\.|med\.|dent\.|jur\.|rer\.[ \t]?nat\.|phil\.|Dipl\.-Ing\.|Ing\.))*"
)
# Closing words of a message, signed with a name: "Regards, John Miller", "LG Anna", "Gruß Petra".
_CLOSINGS = (
    r"(?i:(?:best |kind |warm |warmest |many |with )?regards|cheers|thanks(?: again| a lot| so much| in advance)?|"
    r"thank you(?: very much| so much| in advance)?|many thanks|thx|ty|sincerely|yours(?: sincerely| truly| faithfully)?|"
    r"best wishes|all the best|best|br|kr|take care|greetings|"
    r"(?:viele|liebe|beste|freundliche|herzliche|schöne|sonnige|besten|lieben|herzlichen|freundlichen)[ \t]+gr[üu](?:ß|ss)e|"
    r"mit (?:freundlichen|besten|lieben|herzlichen) gr[üu](?:ß|ss)en|gr[üu](?:ß|ss)e|gru(?:ß|ss)|"
    r"mfg|lg|vg|bg|sg|danke(?: schön| sehr| ihnen| im voraus| euch)?|vielen dank(?: im voraus)?|"
    r"tschüss|tschüs|ciao|bis bald|bis dann|grüßle|servus|hochachtungsvoll|herzlichst|alles gute|rgds|respectfully|"
    r"warm wishes|kind wishes|mit freundlichem gru(?:ß|ss)|freundlichst|"
    r"(?:have a )?(?:nice|good|great|lovely) (?:day|weekend|evening)|schönen (?:tag|abend|sonntag|feierabend|gruß)(?: noch)?|schönes wochenende)"
)
_NAME_END = r"(?=[ \t]*[.!]?[ \t]*(?:[:;]-?[)D]|[\U0001F300-\U0001FAFF☺♥])?[ \t]*(?:$|\n|\(|,|;|[ \t][-–—]|[ \t]+(?:\+|\d|<)))"

_NAME_PATTERNS = [
    Pattern("strong", rf"(?<![\p{{L}}]){_NAME_CUES_STRONG}[ \t]*,?[ \t]*(?:(?i:der|die|the)[ \t]+)?(?:{_NAME_TITLES}[ \t]+)?(?P<value>{FULL_NAME}|(?i:\p{{Ll}}+(?:[ \t]+\p{{Ll}}+)?)|\p{{Lu}}{{2,}}(?:[ \t]+\p{{Lu}}{{2,}}){{0,2}}(?![\p{{L}}\d]))", FOUND_SCORE),
    Pattern("strong", rf"(?<![\p{{L}}])(?:I|Ich),[ \t]+(?P<value>{FULL_NAME}),", FOUND_SCORE),
    Pattern("weak", rf"(?<![\p{{L}}])(?P<cue>{_NAME_CUES_WEAK})[ \t]+(?:(?i:der|die)[ \t]+)?(?P<value>{FULL_NAME}|\p{{Ll}}+)", FOUND_SCORE),
    Pattern("weak", rf"(?:^|(?<=[\n.!?]))[ \t]*(?:{_NAME_GREETINGS}[ \t]*,?[ \t]+)?(?P<value>{FULL_NAME})[ \t]+(?i:here|hier)\b", FOUND_SCORE),
    Pattern("greeting", rf"(?:^|(?<=\n))[ \t]*{_NAME_GREETINGS}[ \t]+(?P<value>{FULL_NAME})(?=[ \t]*[,!:\n])", FOUND_SCORE),
    Pattern("title", rf"(?<![\p{{L}}]){_NAME_TITLES}[ \t]+(?:(?:and|und|&)[ \t]+{_NAME_TITLES}[ \t]+)?(?P<value>{FULL_NAME})", FOUND_SCORE),
    Pattern("strong", rf"(?<![\p{{L}}])(?P<value>{FULL_NAME})[ \t]+(?i:is my name|is my full name|is my surname|ist mein (?:name|vorname|nachname|familienname))\b", FOUND_SCORE),
    Pattern("weak", rf"(?<![\p{{L}}])(?P<value>{FULL_NAME})[ \t]+(?i:here|hier)(?:[ \t]*[,.!:;\-]|[ \t]+(?:from|von|speaking|again|again,))", FOUND_SCORE),
    Pattern("line", rf"\n[ \t]*(?P<value>{NAME_WORD}(?:[ \t]+{NAME_WORD}){{1,2}})[ \t]*(?=\n)", FOUND_SCORE),
    Pattern(
        "closing",
        rf"(?<![\p{{L}}]){_CLOSINGS}[ \t]*(?:(?i:aus|from)[ \t]+\p{{Lu}}[\p{{L}}\-]+[ \t]*,[ \t]*|(?i:von|vom)[ \t]+)?[,!.\-–—:]?[ \t]*(?:\n[ \t]*){{0,2}}"
        rf"(?:(?i:ihr|ihre|dein|deine|euer|eure|your|yours)[ \t]+)?(?:{_NAME_TITLES}[ \t]+)?(?P<value>{FULL_NAME}|\p{{Ll}}{{3,}}){_NAME_END}",
        FOUND_SCORE,
    ),
    # A name alone on the last line (a signature without a closing word): "…\nJohn Miller", "\n- Tom"
    Pattern("last line", rf"\n[ \t]*(?:[-–—~][ \t]*)?(?P<value>{FULL_NAME})[ \t]*[.!]?[ \t]*(?:[:;]-?[)D]|[\U0001F300-\U0001FAFF☺♥])?[ \t]*\Z", FOUND_SCORE),
    Pattern("last line", rf"[.!?][ \t]+[-–—~][ \t]*(?P<value>{FULL_NAME})[ \t]*\Z", FOUND_SCORE),
    # A known first name and a surname anywhere: "my husband's account (Peter Schmidt)".
    Pattern("full name", rf"(?<![\p{{L}}])(?P<value>{NAME_WORD}[ \t]+(?:{NAME_PARTICLE}[ \t]+){{0,2}}{NAME_WORD}(?:[ \t]+{NAME_WORD})?)", FOUND_SCORE),
]


# Endings of German, English, Slavic and Scandinavian surnames: "Max Mustermann", "Will Johnson".
_SURNAME_ENDING = re.compile(r"(?:mann|sen|son|ski|ska|berg|stein|ler|ner|itz|witz|feld|meier|meyer|hardt|hoff|ová|ić|ich|ow|ova|ez|es)$")


class PersonNameRecognizer(CueValueRecognizer):
    """Names introduced by a cue ("my name is", "ich heiße", "Herr", "meine Frau", a closing like
    "LG"), a known first name followed by a surname, and a name alone on the last line."""

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(PERSON, "PersonNameRecognizer", _NAME_PATTERNS, supported_language)

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        results = []
        for pattern, compiled in self._compiled:
            for match in compiled.finditer(text, overlapped=pattern.name == "full name"):
                span = self._name_span(text, match, pattern.name)
                if span:
                    results.append(self._result(span))
        # The same name again without its cue ("I'm Anna Weber ... Anna Weber's card"): every
        # further occurrence of a found name, and of each of its words, is replaced too.
        seen = {text[r.start:r.end] for r in results}
        words = {w for name in seen for w in name.split() if len(w) > 2 and w[0].isupper() and w.lower() not in NOT_NAME_WORDS}
        for value in sorted(seen | words, key=len, reverse=True):
            for m in re.finditer(rf"(?<![\p{{L}}]){re.escape(value)}(?![\p{{L}}])", text):
                results.append(self._result(m.span()))
        return EntityRecognizer.remove_duplicates(results)

    def _result(self, span) -> RecognizerResult:
        return RecognizerResult(PERSON, span[0], span[1], FOUND_SCORE, recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
        })

    @staticmethod
    def _name_span(text: str, match, rule: str) -> Optional[tuple]:
        start, end = match.span("value")
        words = list(re.finditer(r"[^\s]+", text[start:end]))
        # Keep the leading words that can be names; a name ends at the first word that cannot.
        kept = []
        for word in words:
            token = word.group().strip(".,").lower()
            if token in NOT_NAME_WORDS and token not in _PARTICLES:
                break
            kept.append(word)
        while kept and kept[-1].group().lower() in _PARTICLES:
            kept.pop()
        if not kept:
            return None
        first = kept[0].group().strip(".,").lower()
        lowercase = kept[0].group()[0].islower()
        capitalised = [w for w in kept if w.group()[0].isupper() and not re.fullmatch(r"\p{Lu}\.", w.group())]
        known = first in FIRST_NAMES or first.split("-")[0] in FIRST_NAMES
        if rule == "weak" and not known and len(capitalised) == 1 and not lowercase:
            # One unknown capitalised word: a known surname ("Schulze hier"), or in English a word
            # that ends the phrase ("Hi, I'm Siobhan, ...") and does not read like an adjective.
            cue = (match.groupdict().get("cue") or "").lower()
            after = text[start + kept[0].end():start + kept[0].end() + 12]
            word = kept[0].group().strip(".,")
            if first in SURNAMES and first not in _SURNAME_WORDS:
                known = True
            elif (cue in _ENGLISH_WEAK_CUES and len(kept) == 1 and first not in NOT_PASSWORD_WORDS
                  and re.match(r"[ \t]*(?:[,.!]|$|\n|(?:and|from|here|speaking)\b)", after)
                  and not re.search(r"(?:ed|ing|ly|ful|ous|ive|able|ible|less|ish|ent|ant|ic|al|y)$", first)
                  and word[1:].islower()):
                known = True
        if rule == "strong":
            # "my name is john" counts for known first names only (not "my name is wrong").
            if lowercase and not known:
                return None
        elif rule == "weak":
            if not known and (lowercase or len(capitalised) < 2):
                # A single capitalised word is too often a noun or an adjective ("ich bin Kunde",
                # "I'm Worried"); two ("I'm Olamide Adeyemi") make a name.
                return None
            if lowercase:
                if first in AMBIGUOUS_FIRST_NAMES:
                    return None  # "I'm frank with you"
                kept = kept[:1]
        elif rule == "greeting":
            if not known and len(capitalised) < 2:
                return None
        elif rule == "line":
            if any(w.group().strip(".,").lower() in NOT_NAME_WORDS - _PARTICLES for w in words) or match.start() == 0:
                return None
        elif rule in ("closing", "last line"):
            if any(w.group().strip(".,").lower() in NOT_NAME_WORDS - _PARTICLES for w in words):
                return None
            if lowercase and not known:
                return None
            if rule == "last line" and not known and len(capitalised) < 2:
                return None
        elif rule == "full name":
            if len(kept) < 2 or kept[0].group()[0].islower():
                return None
            surname = kept[1].group().strip(".,").lower()
            # "Anna Weber" (known first name), "Fenja Müller" (known surname after a capitalised word).
            surname_like = surname in SURNAMES or _SURNAME_ENDING.search(surname) is not None
            if not ((known and first not in AMBIGUOUS_FIRST_NAMES) or (known and surname_like) or
                    (surname in SURNAMES and first not in NOT_NAME_WORDS and first not in NOT_PASSWORD_WORDS)):
                return None
        s = start + kept[0].start()
        e = start + kept[-1].end()
        while e > s and text[e - 1] in ".,":
            e -= 1
        return (s, e) if e > s else None


# --- dates of birth ----------------------------------------------------------------------------

_DOB_CUES = (
    r"(?i:born|birth|birthday|birthdate|date of birth|dob|d\.o\.b\.?|b\.|geboren|geb\.|"
    r"geburtsdatum|geburtstag|geb\.-datum|geb\.datum|geburtsjahr|jahrgang|year of birth)"
)
# A short gap without digits, sentence ends or line breaks: "born on the", "Geburtsdatum ist der".
_DOB_GAP = r"(?:(?![.?!](?:[ \t]|$))[^\n\d?!]){0,32}?"


class DateOfBirthRecognizer(CueValueRecognizer):
    """A date right after a birth cue ("born", "DOB", "geboren am", "Geburtsdatum") or right before
    "geboren" / "born"; also a year after "born in" / "Jahrgang"."""

    needs_digit = True

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            DATE_OF_BIRTH,
            "DateOfBirthRecognizer",
            [
                Pattern("date after a birth cue", rf"(?<![\p{{L}}]){_DOB_CUES}{_DOB_GAP}(?P<value>{DATE})", FOUND_SCORE),
                Pattern("date before 'geboren'", rf"(?P<value>{DATE})[ \t,]*(?:\([ \t]*)?(?i:geboren|born|geb\.|dob|d\.o\.b\.|geburtsdatum|date of birth)\b", FOUND_SCORE),
                Pattern("year of birth", r"(?i:born in|born|geboren|jahrgang|geburtsjahr|year of birth|baujahr)[ \t:]*(?:im jahr[ \t]+|in[ \t]+)?(?P<value>(?:19|20)\d{2})(?![\d./\-])", FOUND_SCORE),
            ],
            supported_language,
        )

    def check(self, text, start, end):
        years = re.findall(r"(?:19|20)\d{2}", text[start:end])
        if years and not 1900 <= int(years[-1]) <= 2024:
            return None  # a date of this year or the future is no birth date (breach dates are)
        return start, end


# --- street addresses --------------------------------------------------------------------------

_DE_SUFFIX = (
    r"(?:straße|strasse|str\.|weg|gasse|gässchen|platz|allee|ring|damm|ufer|chaussee|steig|pfad|"
    r"markt|berg|hof|park|graben|kamp|kai|wall|brücke|garten|anger|aue|höhe|winkel|stieg|twiete|"
    r"redder|deich|zeile|promenade|bogen|grund|heide|siedlung|hain|wiese|leite|straat)"
)
_DE_STREET_WORD = (
    r"(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Gasse|Ring|Damm|Ufer|Chaussee|Markt|Steig|Pfad|Kai|"
    r"Promenade|Landstraße|Landstr\.|Gürtel)"
)
_HOUSE_NUMBER = r"(?!(?:19|20)\d\d(?!\d))\d{1,4}(?:[ \t]?[a-hA-H](?![\p{L}]))?(?:[ \t]?[-/–][ \t]?\d{1,4}[a-hA-H]?)?(?![\d]|[.,]\d|[ \t]?(?:%|€|EUR|Euro|Uhr|h\b|x\b))"
_CITY = r"\p{Lu}[\p{L}.]+(?:-\p{Lu}?[\p{L}]+)*(?:[ \t]+(?:(?:am|an der|im|ob der|bei|vor der|in der|upon|on)[ \t]+)?\p{Lu}[\p{L}]+(?=[ \t]*(?:$|[,.;\n)])))?(?:[ \t]*\([\p{L} ]+\))?"
_DE_POSTCODE_CITY = rf"(?:,?[ \t]*(?:\n[ \t]*)?(?:D-|DE-|A-|CH-)?\d{{4,5}}[ \t]+{_CITY})"
_DE_PREPOSITION_STREET = (
    r"(?:Am|An[ \t]+der|An[ \t]+den|Auf[ \t]+dem|Auf[ \t]+der|Im|In[ \t]+der|In[ \t]+den|Unter[ \t]+den|Zum|Zur|"
    r"Hinter[ \t]+der|Vor[ \t]+dem|Alt|Alte|Alter|Neue|Neuer|Großer|Kleiner|Große|Kleine)"
    r"[ \t]+\p{Lu}[\p{L}\-]+(?:[ \t]+\p{Lu}[\p{L}\-]+)?"
)
_ADDRESS_CUES = (
    r"(?i:(?:ich )?wohne(?: jetzt| seit \w+| noch)?(?: in der| im| am| auf der| auf dem| an der| in den| in)?|wohnhaft(?: in der| im| am| in)?|"
    r"(?:meine |neue |alte )?(?:adresse|anschrift|postanschrift|wohnadresse|lieferadresse|rechnungsadresse)(?: ist| lautet| war)?[ \t]*:?|"
    r"(?:my |new |old |home |postal |billing |delivery |mailing )?address(?: is| was)?[ \t]*:?|i live at|i live on|i live in|lives at|living at|"
    r"moved to|umgezogen in die|umgezogen nach|umgezogen in|umgezogen)"
)
_DE_STREET = (
    rf"(?:\p{{Lu}}[\p{{L}}\-]{{2,}}{_DE_SUFFIX}"  # Hauptstraße, Lindenweg, Goethe-Str.
    rf"|(?:\p{{Lu}}[\p{{L}}\-]+[ \t-]+){{1,3}}{_DE_STREET_WORD}"  # Berliner Straße, Alte Gasse
    rf"|{_DE_PREPOSITION_STREET}(?=[ \t]+\d{{1,4}}[a-h]?[ \t]*,?[ \t]*(?:\n[ \t]*)?(?:D-)?\d{{5}}[ \t])"  # Am Markt 5, 12345 X
    r")"
)
_EN_SUFFIX = (
    r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Dr\.?|Boulevard|Blvd\.?|Way|Court|Ct\.?|"
    r"Place|Pl\.?|Close|Crescent|Cres\.?|Terrace|Gardens|Square|Sq\.?|Parkway|Pkwy\.?|Highway|Hwy\.?|"
    r"Circle|Cir\.?|Row|Mews|Grove|Park|Hill|Walk|Trail|Green|Rise|Vale|View|Path|Alley|Wharf|Quay|Parade)"
)
_EN_UNIT = r"(?:(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl)\.?[ \t]*#?[ \t]*\w{1,5}|#[ \t]*\w{1,5})"
_EN_TAIL = (
    rf"(?:,?[ \t]+{_EN_UNIT})?"
    r"(?:,[ \t]*(?:\n[ \t]*)?\p{Lu}[\p{L}.\-]+(?:[ \t]+\p{Lu}[\p{L}.\-]+){0,2}"  # , Springfield
    r"(?:,?[ \t]+(?:[A-Z]{2}(?![\p{L}])))?"  # , IL
    r"(?:,?[ \t]+\d{5}(?:-\d{4})?)?)?"  # 62704
    r"(?:,?[ \t]+[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}(?![\p{L}]))?"  # UK postcode
)
_EN_STREET = (
    rf"(?:{_EN_UNIT},?[ \t]+)?\d{{1,5}}[A-Za-z]?(?:[-/]\d{{1,4}})?,?[ \t]+(?:[NSEW]\.?[ \t]+)?"
    rf"(?:\p{{Lu}}[\p{{L}}'’.\-]*[ \t]+){{1,3}}{_EN_SUFFIX}(?![\p{{L}}])"
    r"(?:[ \t]+(?:N|S|E|W|NE|NW|SE|SW)(?![\p{L}]))?"
)


class StreetAddressRecognizer(CueValueRecognizer):
    """Street + house number (+ postcode and city): "Hauptstraße 5, 10115 Berlin", "Am Markt 3",
    "221B Baker Street, London NW1 6XE", "1600 Pennsylvania Ave NW, Washington, DC 20500",
    and "Postfach / P.O. Box 123". A city alone ("I live in Berlin") is not an address."""

    needs_digit = True

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            ADDRESS,
            "StreetAddressRecognizer",
            [
                Pattern("German street", rf"(?<![\p{{L}}\d])(?P<value>{_DE_STREET}[ \t]*(?:Nr\.[ \t]*)?{_HOUSE_NUMBER}{_DE_POSTCODE_CITY}?)", FOUND_SCORE),
                Pattern("English street", rf"(?<![\p{{L}}\d])(?P<value>{_EN_STREET}{_EN_TAIL})", FOUND_SCORE),
                Pattern("any street after an address cue",
                         rf"(?<![\p{{L}}]){_ADDRESS_CUES}[ \t]+(?P<value>(?:{_DE_PREPOSITION_STREET}|\p{{Lu}}[\p{{L}}\-.]+(?:[ \t]+\p{{Lu}}[\p{{L}}\-.]+){{0,2}})[ \t]+{_HOUSE_NUMBER}{_DE_POSTCODE_CITY}?)", FOUND_SCORE),
                Pattern("postcode and city after an address cue",
                        rf"(?i:wohne in|wohnhaft in|live in|living in|adresse|anschrift|address|wohnort|plz|postcode|zip code|zip)[ \t:]*(?:is[ \t]+|ist[ \t]+|lautet[ \t]+)?(?P<value>(?:D-)?\d{{5}}[ \t]+{_CITY})", FOUND_SCORE),
                Pattern("post office box", r"(?P<value>(?i:p\.?[ \t]?o\.?[ \t]?box|postfach)[ \t]*\d{2,7})", FOUND_SCORE),
            ],
            supported_language,
        )

    def check(self, text, start, end):
        return _trim(text, start, end, ".,;: \t\n")


# --- passwords and PINs ------------------------------------------------------------------------

_PASSWORD_CUES = (
    r"(?i:password|passwort|kennwort|passcode|pass code|pass phrase|passphrase|pw|pwd|passwd|pass(?=[ \t]*:)|"
    r"login code|log-in code|zugangscode|zugangspasswort|master password|masterpasswort|"
    r"banking password|online-banking-passwort|wlan-passwort|wifi password|wi-fi password|wlan-schlüssel|wlan-key|"
    r"wifi key|wi-fi key|network key|netzwerkschlüssel|security answer|answer to (?:my|the) security question|"
    r"antwort auf (?:meine|die) sicherheitsfrage|sicherheitsfrage|security question|geheimfrage|"
    r"(?:(?:my|the|mein|das|meine|die)[ \t]+)?(?:sign-in|log-in|login|anmelde)[ \t\-]?(?:password|passwort|kennwort|pin|daten|details|credentials))"
)
_PIN_CUES = (
    r"(?i:pin|pin-?code|pin-?nummer|pin number|pin code|kartenpin|karten-pin|geheimzahl|geheimnummer|"
    r"tan|mtan|smstan|sms-tan|one-time code|one time code|otp|verification code|bestätigungscode|sms[ \t\-]?code|"
    r"2fa[ \t\-]?code|authenticator code|verifizierungscode|code (?:from|in) the (?:sms|text)|code aus der sms|login[ \t\-]?code|"
    r"einmalcode|zugangsnummer|sicherheitspin|security pin|unlock code|entsperrcode|puk|code to unlock|geheimcode|sperrcode|"
    r"(?:unlock|door|alarm|access|entry|safe|garage|gate|phone|tür|haustür|alarmanlagen|zugangs|tresor|handy|entsperr)[ \t\-]?code)"
)
_QUOTED = r"[\"„“‚‘'»«`](?P<value>[^\"“”‘’'»«`\n]{1,64})[\"“”‘’'»«`]"
_TOKEN = r"(?P<value>[^\s\"“”„]{3,64})"


class PasswordRecognizer(CueValueRecognizer):
    """The value after "password"/"Passwort"/"Kennwort" (quoted, or one token), and digits after
    "PIN"/"Geheimzahl"/"TAN". A plain word counts only after "is/was/ist/war/:" and only when it is
    no ordinary word ("my password is weak" stays)."""

    def __init__(self, supported_language: str = "en") -> None:
        gap = words_gap(5)
        super().__init__(
            PASSWORD,
            "PasswordRecognizer",
            [
                Pattern("quoted password", rf"(?<![\p{{L}}]){_PASSWORD_CUES}s?{gap}{COPULA}{_QUOTED}", FOUND_SCORE),
                Pattern("password with copula",
                        rf"(?<![\p{{L}}]){_PASSWORD_CUES}s?{gap}(?P<copula>(?i:[ \t]*(?:[:=]|['’]s\b|\bis\b|\bwas\b|\bist\b|\bwar\b|\blautet(?:e)?\b|\bhei[sß]t\b|\bwas set to\b|\bused to be\b|\bset to\b|\bis still\b|\bwar bisher\b|\bwar immer\b|\bto\b|\bauf\b|\bnow\b|\bjetzt\b)))[ \t]*(?i:(?:still|noch|immer noch|auch|also|simply|einfach|just|nur|früher|damals|bisher|immer|mal|formerly|previously|always|probably|wahrscheinlich|vermutlich|leider|unfortunately|actually|eigentlich|halt|ja|literally|wirklich|tatsächlich|basically|sadly)[ \t]+)*{_TOKEN}",
                        FOUND_SCORE),
                Pattern("password without copula", rf"(?<![\p{{L}}]){_PASSWORD_CUES}(?:[ \t]*[:=,(])?[ \t]+{_TOKEN}", 0.5),
                Pattern("password-like word near its cue", rf"(?<![\p{{L}}]){_PASSWORD_CUES}s?(?:[ \t]+[^\s.?!]+){{0,6}}?[ \t]+[\"'„“‚‘»«`(]?(?P<value>(?=[^\s\"“”„]*?(?:\d|[!@#$%^&*+=_?~§]))(?=[^\s\"“”„]*?\p{{L}}[^\s\"“”„]*?\p{{L}})[^\s\"“”„]{{6,64}})", FOUND_SCORE),
                Pattern("password before its cue", rf"(?<![\p{{L}}\d])(?P<value>[^\s\"“”„]{{4,64}})[ \t]+(?i:was|is|war|ist|as|als)[ \t]+(?i:(?:my|mein|meine|the|das|unser|our|mein altes|my old)[ \t]+)?{_PASSWORD_CUES}", FOUND_SCORE),
                Pattern("PIN digits", rf"(?<![\p{{L}}]){_PIN_CUES}[^.!?\n\d]{{0,60}}?(?i:\bis|\bist|\blautet|\bwar|\bwas|:)[ \t]*(?P<value>\d{{4,8}})(?![\d]|[.,/:]\d)", FOUND_SCORE),
                Pattern("PIN digits", rf"(?<![\d.,/])(?P<value>\d{{4,8}})[ \t]+(?i:is|was|ist|war|als|as)[ \t]+(?i:(?:my|mein|meine|the|die|das|our|unsere)[ \t]+)?(?:\p{{L}}+[ \t]+)?{_PIN_CUES}", FOUND_SCORE),
                Pattern("password with copula", rf"(?<![\p{{L}}]){_PASSWORD_CUES}s?(?:[ \t]+[\p{{L}}'’\-]+){{1,5}}[ \t]*(?P<copula>[:=])[ \t]*{_TOKEN}", FOUND_SCORE),
                Pattern("quoted password", rf"(?i:zugangsdaten|login details|login data|credentials|anmeldedaten|login|log-in|user(?:name)?/password|benutzer(?:name)?/passwort)(?![\p{{L}}])(?i:[ \t]+(?:are|were|sind|waren|is|ist|was|war))?[ \t]*:?[ \t]*[^\s/,;]+[ \t]*(?:/|\||,?[ \t]*(?i:pw|pass|passwort|password|kennwort)[ \t]*:?)[ \t]*(?P<value>[^\s\"“”„]{{3,64}})", FOUND_SCORE),
                Pattern("PIN digits",
                        rf"(?<![\p{{L}}]){_PIN_CUES}s?(?:[ \t]+(?!(?i:in|on|since|until|from|at|seit|im|am|bis|vom|von|um|ab)\b)[\p{{L}}'’\-]+){{0,5}}?{COPULA}[,(]?[ \t]*(?P<value>\d{{4,8}}|\d{{3}}[ \t]\d{{3}})(?![\d.,/:]\d)",
                        FOUND_SCORE),
            ],
            supported_language,
        )

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        results = []
        for pattern, compiled in self._compiled:
            for match in compiled.finditer(text):
                start, end = match.span("value")
                if pattern.name != "quoted password":
                    start, end = _trim(text, start, end)
                    core = text[start:end].rstrip("!?")
                    if core.isalpha():  # "BROKEN!!!": the exclamation marks are no part of a word
                        end = start + len(core)
                value = text[start:end]
                if not value or not self._is_password(value, pattern.name):
                    continue
                copula = (match.groupdict().get("copula") or "").strip().lower()
                if copula in ("to", "auf", "now", "jetzt") and value.isalpha():
                    continue  # "log in to change it", "auf einer falschen Seite": only made-up words
                results.append(RecognizerResult(PASSWORD, start, end, FOUND_SCORE, recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                }))
        return EntityRecognizer.remove_duplicates(results)

    @staticmethod
    def _is_password(value: str, pattern_name: str) -> bool:
        if pattern_name in ("quoted password", "PIN digits"):
            return True
        if pattern_name == "password-like word near its cue":
            # Only what looks made up: letters with digits, or letters with symbols other than a hyphen.
            letters = sum(c.isalpha() for c in value)
            digits = sum(c.isdigit() for c in value)
            symbols = sum(not c.isalnum() and c not in "-'’/." for c in value)
            if re.fullmatch(r"(?i)(?:covid-19|win(?:dows)?\d+|\d+fa|\d+-?(?:digit|stellig\p{L}*|character\p{L}*|zeichen)|\d+(?:st|nd|rd|th))", value):
                return False
            return letters >= 2 and (digits >= 1 or symbols >= 1)
        plain = value.isalpha()
        if not plain:
            # Something with digits or symbols: a password unless it is a date or an amount.
            return not re.fullmatch(r"[\d.,:/\-]+", value) or len(re.sub(r"\D", "", value)) >= 4 and not re.fullmatch(DATE, value)
        lower = value.lower()
        if lower in NOT_PASSWORD_WORDS or len(value) < 4:
            return False
        if pattern_name == "password without copula":
            # "Password Manager", "Passwort ändern": only mixed case inside a word counts.
            return any(c.isupper() for c in value[1:]) and any(c.islower() for c in value)
        # After "is/was/ist": a word counts unless it reads like a participle or an adverb.
        if re.fullmatch(r"(?:ge\p{L}+(?:t|en)|\p{L}+(?:ed|ing|ly|lich|ig|bar|los))", lower):
            return False
        return True


# --- customer, contract, account and meter numbers ----------------------------------------------

_NUMBER_CUES = (
    r"(?i:(?:\p{L}{2,14}(?=(?:kunden|vertrags|zähler|konto|mitglieds|versicherungs)))?"
    r"(?:knr\.?|acct\.?|malo-?id|melo-?id|marktlokations?-?id|messlokations?-?id|acc\.?[ \t\-]*(?:no\.?|#|number)|personal-?nummer|"
    r"cust\.?[ \t\-]*(?:no\.?|nr\.?|id|#)|customer[ \t\-]*reference|client[ \t\-]*(?:ref\.?|reference)|kundenreferenz|"
    r"versicherungsschein(?:-?nummer|-?nr\.?)?|mandatsreferenz|vertragspartnernummer|geschäftspartnernummer|"
    r"account[ \t\-]*ref(?:erence)?|contract[ \t\-]*ref(?:erence)?|"
    r"customer(?:[ \t]+(?:account|reference))?[ \t\-]*(?:number|no\.?|nr\.?|id|#|ref\.?)|client[ \t\-]*(?:number|no\.?|id)|"
    r"account[ \t\-]*(?:number|no\.?|nr\.?|#|id)|acct\.?[ \t\-]*(?:no\.?|#|number)|user[ \t\-]*id|"
    r"contract[ \t\-]*(?:number|no\.?|id|#)|membership[ \t\-]*(?:number|no\.?|id)|member[ \t\-]*(?:number|no\.?|id|#)|"
    r"policy[ \t\-]*(?:number|no\.?|#)|insurance[ \t\-]*number|meter[ \t\-]*(?:number|no\.?|id|serial(?: number)?)|"
    r"subscriber[ \t\-]*(?:number|id)|subscription[ \t\-]*(?:number|id)|supply number|mpan|mprn|"
    r"reference[ \t\-]*number|ref\.?[ \t\-]*no\.?|"
    r"kunden-?nummer|kunden-?nr\.?|kd\.?[ \t-]*nr\.?|kdnr\.?|kunden-?id|kundenkennung|kundenkonto(?:nummer)?|"
    r"vertrags-?nummer|vertrags-?nr\.?|vertragskonto(?:nummer)?|vertrags-?id|vertragskonto-?nr\.?|"
    r"konto-?nummer|konto-?nr\.?|kto\.?-?nr\.?|zähler-?nummer|zähler-?nr\.?|zählpunkt(?:nummer|bezeichnung)?|"
    r"mitglieds-?nummer|mitglieds-?nr\.?|versicherungs-?nummer|versicherten-?nummer|policen-?nummer|"
    r"kunden-?kennzahl|vertrags-?kennung|kunden-?kennung|abo-?nummer|abonnement-?nummer|benutzer-?id|benutzerkennung|anschlussnummer|kunde-?n?ummer|vertrag-?nr\.?|"
    r"auftrags-?nummer|auftrags-?nr\.?|buchungs-?nummer|antrags-?nummer|referenz-?nummer|vorgangs-?nummer|"
    r"aktenzeichen|schadens?-?nummer|case[ \t\-]*(?:number|no\.?|id)|ticket[ \t\-]*(?:number|no\.?|id)|"
    r"order[ \t\-]*(?:number|no\.?)|booking[ \t\-]*(?:reference|number|ref\.?)|claim[ \t\-]*(?:number|no\.?)|"
    r"application[ \t\-]*(?:number|no\.?)|"
    r"(?:customer|contract|account|meter|kunden|vertrags|zähler)[ \t\-]*(?:number|nummer)?))"
)
# A number with at least three digits, possibly with letters and - / . or grouped with spaces.
_ID_VALUE = r"(?P<value>(?=#?(?:[A-Z]{1,3}[ \t]|[A-Za-z\-/._]*)\d)#?[A-Za-z0-9](?:[A-Za-z0-9]|[\-/._](?=[A-Za-z0-9])|[ \t](?=\d{2,}(?:[ \t]|$|[,.;)!?]))){2,39})"


class CustomerNumberRecognizer(CueValueRecognizer):
    """A customer, contract, account, member, policy or meter number after its cue
    ("Kundennummer 4711-0815", "my account number is AC-778812", "Zählernummer 1ESY1160123456")."""

    needs_digit = True

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            CUSTOMER_NUMBER,
            "CustomerNumberRecognizer",
            [
                Pattern("number after a cue", rf"(?<![\p{{L}}]){_NUMBER_CUES}s?{words_gap(5)}{COPULA}{_ID_VALUE}", FOUND_SCORE),
                Pattern("number after a bare word", rf"(?<![\p{{L}}])(?i:customer|kunde|account|konto|contract|vertrag|meter|zähler|member|mitglied)[ \t]*(?i:[:#]|nr\.?|no\.?)?[ \t]*{_ID_VALUE}", 0.5),
                Pattern("number after 'customer ... number'", rf"(?<![\p{{L}}])(?i:kunde|kundin|customer|client|mitglied|member)[^.!?\n\d]{{0,30}}?(?i:nummer|number|nr\.?|no\.?|#|id)[ \t:]*{_ID_VALUE}", FOUND_SCORE),
                Pattern("number after a cue, further on", rf"(?<![\p{{L}}]){_NUMBER_CUES}[^.!?\n\d]{{0,60}}?(?i:\bis|\bist|\blautet|\bwar|\bwas|:)[ \t]*{_ID_VALUE}", FOUND_SCORE),
                Pattern("number before its cue", rf"(?<![\p{{L}}\d]){_ID_VALUE}[ \t]+(?i:is|was|ist|war)[ \t]+(?i:my|our|mein|meine|unsere|die|the)[ \t]+{_NUMBER_CUES}", FOUND_SCORE),
            ],
            supported_language,
        )

    def check(self, text, start, end):
        start, end = _trim(text, start, end)
        value = text[start:end]
        digits = sum(c.isdigit() for c in value)
        # Amounts and counts ("1.234,56", "1,500") are no numbers of a person; "12.345.678" may be.
        amount = r"\d{1,3}(?:[.,]\d{2,3})+"
        grouped_id = r"\d{1,3}(?:\.\d{3}){2,}"
        if digits < 3 or re.fullmatch(DATE, value) or (re.fullmatch(amount, value) and not re.fullmatch(grouped_id, value)):
            return None
        if re.fullmatch(r"(?:19|20)\d\d", value):
            return None  # a year ("customer since 2019")
        if re.fullmatch(r"[\d.,]+", value) and re.match(r"[ \t]*(?:€|EUR|euro|\$|%|USD|dollar|years|jahre|tage|days)", text[end:end + 8], re.IGNORECASE):
            return None
        return start, end

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        kept = []
        for result in results:
            value = text[result.start:result.end]
            if result.score < FOUND_SCORE and sum(c.isdigit() for c in value) < 5:
                continue  # "account 1000": after a bare word only longer numbers count
            result.score = FOUND_SCORE
            kept.append(result)
        return kept


# --- card expiry and security code -------------------------------------------------------------

_EXPIRY_VALUE = (
    rf"(?P<value>(?:0?[1-9]|1[0-2])[ \t]?[/.\-][ \t]?(?:20)?\d{{2}}(?![\d]|[./\-]\d)|(?<!\p{{L}})(?i:{MONTHS})\.?[ \t]+(?:20|['’])?\d{{2}}(?!\d)|20\d{{2}}[/\-](?:0[1-9]|1[0-2])(?![\d/\-]))"
)
_EXPIRY_MMYY = r"(?P<value>(?:0[1-9]|1[0-2])\d{2})(?![\d./\-])"
_EXPIRY_CUES = (
    r"(?i:expiry(?: date)?|expiration(?: date)?|expires?(?: on| in| at the end of)?|expiring|exp\.?(?: date)?|"
    r"valid (?:thru|through|until|till|to)|good thru|good through|valid date|"
    r"gültig bis(?: ende)?|gültigkeit(?:sdatum)?|ablaufdatum|ablauf|läuft(?: am| im| ende)?|verfallsdatum|"
    r"verfällt(?: am| im)?|verfall|mm/yy|mm/jj|mm/jjjj)"
)


class CardExpiryRecognizer(CueValueRecognizer):
    """A card's expiry date (MM/YY, MM/YYYY, "March 2027") after "expires", "valid thru",
    "gültig bis", "Ablaufdatum", or right after a card number."""

    needs_digit = True

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            CARD_EXPIRY,
            "CardExpiryRecognizer",
            [
                Pattern("expiry after a cue", rf"(?<![\p{{L}}]){_EXPIRY_CUES}{words_gap(3)}{COPULA}{_EXPIRY_VALUE}", FOUND_SCORE),
                Pattern("MMYY after a cue", rf"(?<![\p{{L}}]){_EXPIRY_CUES}[ \t]*:?[ \t]*{_EXPIRY_MMYY}", FOUND_SCORE),
                Pattern("expiry after a card number", rf"(?<!\d)(?:\d[ \t\-]?){{12,18}}\d[ \t]*[,;/|]?[ \t]*(?:(?i:exp\.?|ablauf|gültig bis|valid thru)[ \t:]*)?{_EXPIRY_VALUE}", FOUND_SCORE),
                Pattern("card expiring", rf"(?i:card|karte)[\p{{L}} \t]{{0,30}}?(?i:expires|expiring|läuft|gültig bis|valid until|ends)[ \t]+(?:(?i:in|on|am|im|ende)[ \t]+)?{_EXPIRY_VALUE}", FOUND_SCORE),
            ],
            supported_language,
        )


_CVV_CUES = (
    r"(?i:(?:cvv2?|cvc2?|cv2|cvn|csc|cid|ccv|csv|cv)(?:[ \t]*[/(\-][ \t]*(?:cvv2?|cvc2?|cv2|code|nummer|number|nr\.?|zahl|ziffer|wert)\)?)*|"
    r"card verification (?:value|code|number)|card security (?:code|number)|card code|"
    r"security (?:code|number|digits)|sicherheits(?:code|nummer|zahl)|prüfziffer[n]?|prüfnummer|prüfcode|prüfzahl|"
    r"kartenprüf(?:nummer|ziffer|code|zahl)|karten-prüfnummer|verification (?:code|number|value) on the back|"
    r"(?:number|digits|code) on the back|(?:nummer|zahl|ziffern|zahlen|code) (?:hinten |auf der rückseite)|"
    r"(?:3|three|drei)[ \t\-]*(?:digit|stellige[rn]?)[ \t]+(?:code|number|nummer|zahl|ziffer|security code)|"
    r"(?:the )?(?:3|three|4|four)[ \t\-]*(?:digits|numbers|digit number|digit code)(?: on the back)?|(?:3|drei)[ \t\-]*(?:ziffern|zahlen|stellige zahl)(?: hinten| auf der rückseite)?|die (?:3|drei) (?:ziffern|zahlen)(?: auf der rückseite)?|"
    r"code on the back|code auf der rückseite|nummer auf der rückseite|zahl auf der rückseite)"
)


class CvvRecognizer(CueValueRecognizer):
    """The 3 or 4 digits after "CVV", "CVC", "security code", "Prüfziffer", "die drei Ziffern"."""

    needs_digit = True

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            CVV,
            "CvvRecognizer",
            [
                Pattern("digits before a CVV cue", rf"(?<![\d.,/:])(?P<value>\d{{3,4}})[ \t]*(?:\([ \t]*|(?i:is|was|ist|war|als|as|=|-)[ \t]+)?(?i:(?:the|my|die|der|meine|mein)[ \t]+)?(?:{_CVV_CUES}|(?i:on the back|hinten auf der karte|auf der rückseite))", FOUND_SCORE),
                Pattern("digits after 'code' in a card message", rf"(?i:(?:card|karte|visa|mastercard|amex|kreditkarte|debit)\p{{L}}*[^\n]{{0,80}}?\b(?:code|sicherheits\p{{L}}*|prüf\p{{L}}*))(?:[ \t]+[\p{{L}}'’\-]+){{0,4}}?{COPULA}(?P<value>\d{{3,4}})(?![\d]|[.,/:]\d)", FOUND_SCORE),
                Pattern("digits after a CVV cue, further on", rf"(?<![\p{{L}}]){_CVV_CUES}[^.!?\n\d]{{0,60}}?(?i:\bis|\bist|\blautet|\bwar|\bwas|:)[ \t]*(?P<value>\d{{3,4}})(?![\d]|[.,/:]\d)", FOUND_SCORE),
                Pattern("digits after an expiry date", rf"(?<![\p{{L}}]){_EXPIRY_CUES}[ \t:]*(?:0?[1-9]|1[0-2])[ \t]?[/.\-][ \t]?(?:20)?\d{{2}}[ \t]*[,;/|]?[ \t]*(?:(?i:and|und|,)[ \t]*)?(?P<value>\d{{3,4}})(?![\d]|[.,/:]\d)", FOUND_SCORE),
                Pattern("digits after a CVV cue", rf"(?<![\p{{L}}]){_CVV_CUES}{words_gap(5)}{COPULA}(?:\(?[ \t]*)(?P<value>\d{{3,4}})(?![\d]|[.,/:]\d)", FOUND_SCORE),
                Pattern("CVV after card number and expiry", rf"(?<!\d)(?:\d[ \t\-]?){{12,18}}\d[ \t]*[,;/|]?[ \t]*(?:(?i:exp\.?|ablauf|gültig bis|valid thru)[ \t:]*)?(?:0?[1-9]|1[0-2])[ \t]?[/.\-][ \t]?(?:20)?\d{{2}}[ \t]*[,;/|]?[ \t]*(?P<value>\d{{3,4}})(?!\d)", FOUND_SCORE),
            ],
            supported_language,
        )


# --- phone numbers and IBANs that the checked recognizers reject ---------------------------------

_PHONE_CUES = (
    r"(?i:phone(?:[ \t]*(?:number|no\.?|#))?|telephone|tel\.?|mobile(?:[ \t]*number)?|cell(?:[ \t]*phone)?|cellphone|"
    r"handy(?:nummer)?|telefon(?:nummer)?|rufnummer|mobil(?:nummer|funknummer)?|festnetz(?:nummer)?|whatsapp|"
    r"fax|call me(?: at| on| under)?|text me(?: at| on)?|reach me(?: at| on| under)?|"
    r"my number is|meine nummer(?: ist| lautet)?|(?:an|zurück)rufen(?: unter)?|erreichbar(?: unter)?|ruf(?:en sie)? mich unter an)"
)
_PHONE_VALUE = r"(?P<value>(?:\+|00)?\(?\d[\d \t()/.\-]{4,20}\d)"


class ContextPhoneRecognizer(CueValueRecognizer):
    """A phone-shaped number (7 to 15 digits) right after "phone", "Tel.", "Handy", "call me at",
    for numbers the phonenumbers check rejects (made-up area codes, missing prefixes)."""

    needs_digit = True

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(PHONE, "ContextPhoneRecognizer",
                         [Pattern("phone after a cue", rf"(?<![\p{{L}}]){_PHONE_CUES}{words_gap(3)}{COPULA}{_PHONE_VALUE}(?![\d])", FOUND_SCORE)],
                         supported_language)

    def check(self, text, start, end):
        start, end = _trim(text, start, end, ".,;:-/( \t")
        value = text[start:end]
        digits = sum(c.isdigit() for c in value)
        if not 6 <= digits <= 15 or re.fullmatch(DATE, value) or re.fullmatch(r"\d{1,2}:\d{2}.*", value):
            return None
        return start, end


class ContextIbanRecognizer(CueValueRecognizer):
    """An IBAN-shaped value right after "IBAN" (or "account number"), also when its checksum is wrong:
    a mistyped IBAN is still someone's account number. Without a cue, an IBAN in any grouping
    ("DE89 37040044 0532013000") when its checksum is right."""

    needs_digit = True

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(IBAN, "ContextIbanRecognizer", [
            Pattern("IBAN-shaped after a cue",
                    r"(?<![\p{L}])(?i:iban|konto(?:nummer)?|account(?: number)?|bankverbindung|bank details)(?:[ \t]+[\p{L}'’\-]+){0,3}?(?i:[ \t]*(?:[:=]|\bis\b|\bist\b|\blautet\b|\bwas\b|\bwar\b))*[ \t]*"
                    r"(?P<value>(?i:[a-z]{2}[ \t]?\d{2}(?:[ \t\-]?[a-z0-9]){10,30}))(?![a-z0-9])", 0.9),
            Pattern("IBAN in any grouping", r"(?<![\p{L}\d])(?P<value>[A-Z]{2}[ \t]?\d{2}(?:[ \t\-]?[A-Z0-9]){10,30})(?![\p{L}\d])", 0.91),
        ], supported_language)

    def check(self, text, start, end):
        value = re.sub(r"[\s\-]", "", text[start:end])
        if not 15 <= len(value) <= 34 or sum(c.isdigit() for c in value) < 10:
            return None
        return start, end

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        results = []
        for result in self.raw_results(text):
            if result.score > 0.9:  # found without a cue: only with a valid checksum
                value = re.sub(r"[\s\-]", "", text[result.start:result.end])
                # the value may run into a following word group; shorten it to the valid IBAN
                end = None
                for length in range(min(len(value), 34), 14, -1):
                    if stdnum_iban.is_valid(value[:length]):
                        end = length
                        break
                if end is None:
                    continue
                # map the compact length back onto the text
                count, stop = 0, result.start
                while count < end and stop < result.end:
                    if not text[stop].isspace() and text[stop] != "-":
                        count += 1
                    stop += 1
                result.end = stop
            results.append(result)
        return EntityRecognizer.remove_duplicates(results)


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
    ]
