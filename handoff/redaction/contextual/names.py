"""Person names given in context: after a cue, in a greeting, or as a signature."""
from __future__ import annotations

from typing import Optional

import regex as re
from presidio_analyzer import EntityRecognizer, Pattern, RecognizerResult

from handoff.redaction.wordlists import (
    AMBIGUOUS_FIRST_NAMES,
    FIRST_NAMES,
    SURNAMES,
    NOT_NAME_WORDS,
    NOT_PASSWORD_WORDS,
)


from handoff.redaction.contextual.base import (
    FOUND_SCORE,
    FULL_NAME,
    NAME_INITIAL,
    NAME_PARTICLE,
    NAME_WORD,
    PERSON,
    CueValueRecognizer,
)


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
    r"name(?<=(?:^|[,;(\n])[ \t]*name)(?=[ \t]+\p{Lu})|geb\.|geborene|geborener|née|nee|maiden name|mädchenname|ich bin's|ich bins|it's me|"
    r"ansprechpartner(?:in)?:|kontaktperson:|contact person:|contact:|kontakt:|i\.[ \t]?a\.|i\.[ \t]?v\.|familie|family)"
)
# Cues after which only a known first name (or two capitalised words) is a name.
_NAME_CUES_WEAK = (
    r"(?i:addressed to|adressiert an|gerichtet an|written to|letter to|brief an|i'm|i’m|i am|this is|it's|it’s|it is|its|"
    r"bin(?<=(?:^|[\n.!?,]|hi|hey|hallo|moin|servus|huhu)[ \t]*bin)|here is|ich bin|hier ist|hier sind|named|called|namens|"
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
_ENGLISH_WEAK_CUES = ("i'm", "i’m", "i am", "this is", "it's", "it’s", "it is", "its")
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
    Pattern("weak", rf"(?<![\p{{L}}])(?P<cue>{_NAME_CUES_WEAK})[ \t]+(?:(?i:der|die)[ \t]+)?(?P<value>{FULL_NAME}|\p{{Ll}}+(?:[ \t]+\p{{Ll}}+)?)", FOUND_SCORE),
    # "im anke" / "i m anke" typed on a phone: only a known first name in lower case counts.
    Pattern("weak", r"(?<![\p{L}])(?P<cue>(?i:im|i m|iam))[ \t]+(?P<value>\p{Ll}+(?:[ \t]+\p{Ll}+)?)", FOUND_SCORE),
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
    Pattern("closing", rf"[.!?][ \t]+(?P<value>{NAME_INITIAL}[ \t]*{NAME_WORD})[ \t]*\Z", FOUND_SCORE),
    # A known first name and a surname anywhere: "my husband's account (Peter Schmidt)".
    Pattern("full name", rf"(?<![\p{{L}}])(?P<value>{NAME_WORD}[ \t]+(?:{NAME_PARTICLE}[ \t]+){{0,2}}{NAME_WORD}(?:[ \t]+{NAME_WORD})?)", FOUND_SCORE),
]


# After a relative ("my wife", "meine Tochter") one capitalised word is a name when the sentence
# goes on as it would after a name; German nouns ("mein Mann Zugriff hatte") are told by ending.
_KIN_CUE = re.compile(r"(?:my|our|mein|meine|meinem|meiner|meines|meinen|unser|unsere|unseren|unserem|unserer)[ \t]+\p{L}")
_GERMAN_NOUN_ENDING = re.compile(r"(?:ung|heit|keit|schaft|tion|ment|ität|nis|tum|ismus|ei|ik|ur|ag|ang|iff|ff|ss|ß|gang|konto|karte|daten|er|in|arzt|walt)$")
_AFTER_KIN_NAME = (r"[ \t]*(?:[,.!?;:)]|$|\n|(?:and|und|has|had|is|was|got|gets|hat|hatte|ist|war|bekam|bekommt|"
                   r"also|auch|received|uses|nutzt|called|rief|wrote|schrieb|too)\b)")

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
            elif _KIN_CUE.search(cue) and len(kept) == 1 and word[1:].islower() and first not in NOT_PASSWORD_WORDS \
                    and not _GERMAN_NOUN_ENDING.search(first) and re.match(_AFTER_KIN_NAME, after):
                known = True  # "my wife Anke,", "meine Tochter Fenja hat": a relative's name follows
            elif (cue in _ENGLISH_WEAK_CUES and len(kept) == 1 and first not in NOT_PASSWORD_WORDS
                  and re.match(r"[ \t]*(?:[,.!]|$|\n|(?:and|from|here|speaking|again)\b)", after)
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
                # "im anke schulz": a lower-case surname stays with the name when it reads like one.
                second = kept[1].group().strip(".,").lower() if len(kept) > 1 else ""
                surname_like = second in SURNAMES or _SURNAME_ENDING.search(second) is not None
                kept = kept[:2] if surname_like and second not in NOT_NAME_WORDS else kept[:1]
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


