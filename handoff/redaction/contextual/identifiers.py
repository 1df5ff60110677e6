"""Official numbers written next to the word that names them, whatever their check digit says: tax
and social-security numbers, ID card, passport and driving-licence numbers, and notice codes typed
in a shape the contract does not accept.

The checked recognizers in ``recognizers.py`` find a Steuer-ID or a German document number on its
own when the checksum is right. A customer who mistypes one digit still gives away personal data
when "Steuer-ID" or "Reisepass" stands next to it, and foreign numbers (a UK passport, a Swiss AHV
number, an Austrian SV number) have other shapes; here the cue decides, the shape only has to be
plausible (enough digits, not a date, not an amount).
"""
from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern
from stdnum.us import ssn as stdnum_ssn

from contract import notice_code
from handoff.redaction.contextual.base import (
    COPULA,
    DATE,
    FOUND_SCORE,
    ID_DOCUMENT,
    NOTICE_CODE,
    TAX_ID,
    CueValueRecognizer,
    _trim,
    words_gap,
)

# --- tax and social-security numbers -----------------------------------------------------------

_TAX_CUES = (
    r"(?i:steuer[ \t\-]?id(?:entifikationsnummer|[ \t\-]?nummer|[ \t\-]?nr\.?)?|steuerliche[nr]?[ \t]+identifikationsnummer|"
    r"identifikationsnummer|id-?nr\.?|idnr\.?|steuer[ \t\-]?ident(?:nummer)?|steuer[ \t\-]?(?:nummer|nr\.?)|st\.?[ \t\-]?nr\.?|"
    r"tax[ \t\-]?(?:id|identification|identifier|number|no\.?|reference|ref\.?|code)(?:[ \t]+(?:number|no\.?))?|"
    r"tin|taxpayer[ \t\-]+(?:id|identification|number)(?:[ \t]+number)?|utr|unique taxpayer reference|"
    r"ssn|social[ \t\-]?security(?:[ \t\-]?(?:number|no\.?|#))?|"
    r"sozialversicherungs[ \t\-]?(?:nummer|nr\.?)|sv[ \t\-]?(?:nummer|nr\.?)|svnr\.?|rentenversicherungs[ \t\-]?(?:nummer|nr\.?)|"
    r"ahv[ \t\-]?(?:nummer|nr\.?|number|no\.?)?|avs|ahv13|national[ \t\-]insurance(?:[ \t]+(?:number|no\.?))?|ni[ \t\-]?(?:number|no\.?)|nino)"
)
# Digits, grouped with spaces, dots, slashes or dashes, optionally with the letters of a UK National
# Insurance number (AB 12 34 56 C) or a German SV number (65 170839 J 003).
_TAX_VALUE = (
    r"(?P<value>(?:[A-Za-z]{1,3}[ \t]?)?\d(?:\d|[ \t./\-](?=\d)){5,18}(?:[ \t]?[A-Za-z](?![\p{L}])(?:[ \t]?\d{2,3}(?!\d))?)?)(?![\p{L}\d])"
)


def _plausible_number(value: str, min_digits: int, max_digits: int) -> bool:
    digits = sum(c.isdigit() for c in value)
    return min_digits <= digits <= max_digits and not re.fullmatch(DATE, value)


class TaxIdAfterCueRecognizer(CueValueRecognizer):
    """8 to 13 digits (any grouping) right after or before "Steuer-ID", "Steuernummer", "tax ID",
    "SSN", "Sozialversicherungsnummer", "AHV-Nummer", "National Insurance number"; also with a
    wrong check digit (a typo does not make a tax number anonymous)."""

    needs_digit = True

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(TAX_ID, "TaxIdAfterCueRecognizer", [
            Pattern("number after a tax cue", rf"(?<![\p{{L}}]){_TAX_CUES}s?{words_gap(3)}{COPULA}[(]?{_TAX_VALUE}", FOUND_SCORE),
            Pattern("number before a tax cue", rf"(?<![\p{{L}}\d]){_TAX_VALUE}[ \t]+(?i:is|was|ist|war|=)[ \t]+(?i:(?:my|our|his|her|mein|meine|seine|ihre|die|the)[ \t]+)?{_TAX_CUES}(?![\p{{L}}])", FOUND_SCORE),
        ], supported_language)

    def check(self, text, start, end):
        start, end = _trim(text, start, end, ".,;:-/ \t")
        value = text[start:end]
        # A UK National Insurance number has 6 digits between its letters; bare numbers need 8.
        fewest = 6 if re.match(r"[A-Za-z]{2}", value) else 8
        compact = re.sub(r"\D", "", value)
        if len(compact) == 9 and re.fullmatch(r"\d{3}[ .\-]?\d{2}[ .\-]?\d{4}", value) and (
                not stdnum_ssn.is_valid(compact) or compact == "123456789"):
            return None  # a never-issued or published sample SSN (stdnum's rules, as Presidio's)
        return (start, end) if _plausible_number(value, fewest, 13) else None


# --- ID card, passport, driving licence --------------------------------------------------------

_DOCUMENT_CUES = (
    r"(?i:(?:personal)?ausweis(?:es)?(?:[ \t\-]?(?:nummer|nr\.?|no\.?|id))?|perso(?:[ \t\-]?(?:nummer|nr\.?))?|"
    r"reisepass(?:es)?(?:[ \t\-]?(?:nummer|nr\.?))?|pass[ \t\-]?(?:nummer|nr\.?|no\.?)|(?:mein(?:em|en)?|im|der|den|dem)[ \t]+pass(?:es)?|"
    r"f(?:ü|ue|u)hrerschein(?:s|es)?(?:[ \t\-]?(?:nummer|nr\.?))?|fahrerlaubnis(?:[ \t\-]?nummer)?|"
    r"dokumente?n?[ \t\-]?(?:nummer|nr\.?)|identit(?:ä|ae)tskarte(?:n[ \t\-]?nummer)?|id[ \t\-]?(?:karte|card)(?:[ \t\-]?(?:nummer|number|no\.?|nr\.?))?|"
    r"id[ \t\-]?(?:nummer|number|no\.?)|id[ \t\-]nr\.?|identity[ \t\-](?:card|document)(?:[ \t]+(?:number|no\.?))?|"
    r"passport(?:[ \t]+(?:number|no\.?|#))?|driv(?:ing|er['’]?s)[ \t\-]+licen[cs]e(?:[ \t]+(?:number|no\.?|#))?|"
    r"licen[cs]e[ \t]+(?:number|no\.?|#)|dl[ \t]*(?:number|no\.?|#)|national[ \t]+id(?:[ \t]+(?:card|number|no\.?))?|"
    r"residence[ \t]+permit(?:[ \t]+(?:number|no\.?))?|aufenthalts(?:titel|erlaubnis|karte)(?:[ \t\-]?nummer)?|"
    r"document[ \t]+(?:number|no\.?)|travel[ \t]+document(?:[ \t]+number)?)"
)
# 6 to 20 letters and digits with at least one digit; groups joined by a space or dash only when the
# next group holds a digit early ("MORGA 657054 SM9IJ"), so the value never runs into the next word.
_DOCUMENT_VALUE = r"(?P<value>(?=[A-Za-z]*\d|[A-Z]{1,3}[ \t]\d)[A-Za-z0-9](?:[A-Za-z0-9]|[ \t\-](?=[A-Za-z]{0,4}\d)){5,24})(?![\p{L}\d])"


class DocumentNumberAfterCueRecognizer(CueValueRecognizer):
    """An ID card, passport, driving-licence or residence-permit number of any country right after
    (or right before) its cue: "Ausweisnummer L01X00T47", "passport no. 123456789",
    "Führerscheinnummer B072RRE2I55", "driving licence MORGA657054SM9IJ"."""

    needs_digit = True

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(ID_DOCUMENT, "DocumentNumberAfterCueRecognizer", [
            Pattern("number after a document cue", rf"(?<![\p{{L}}]){_DOCUMENT_CUES}{words_gap(4)}{COPULA}[(]?{_DOCUMENT_VALUE}", FOUND_SCORE),
            Pattern("number before a document cue", rf"(?<![\p{{L}}\d]){_DOCUMENT_VALUE}[ \t]+(?i:is|was|ist|war|=)[ \t]+(?i:(?:my|our|his|her|the|mein|meine|die|seine|ihre)[ \t]+)?{_DOCUMENT_CUES}(?![\p{{L}}])", FOUND_SCORE),
        ], supported_language)

    def check(self, text, start, end):
        start, end = _trim(text, start, end, ".,;:- \t")
        value = text[start:end]
        compact = re.sub(r"[ \t\-]", "", value)
        if not 6 <= len(compact) <= 20 or not _plausible_number(value, 1, 20) or re.fullmatch(r"(?:19|20)\d\d", compact):
            return None
        return start, end


# --- notice codes in a shape the contract does not accept --------------------------------------

_CODE_CUES = (
    r"(?<!(?i:error|fehler|status|promo|rabatt|gutschein|discount|voucher|coupon|zip|postal|post|area|country|source|http|qr|bar|"
    r"tan|sms|pin|otp|login|zugangs|verification|bestätigungs|sicherheits|security|unlock|entsperr|access|door|alarm)[ \t\-])"
    r"(?i:notice[ \t\-]?code|letter[ \t\-]?code|reference[ \t\-]?code|ref(?:erence)?[ \t\-]?(?:no\.?|number)|breach[ \t\-]?code|incident[ \t\-]?code|"
    r"code (?:from|in|on|printed (?:on|in)) (?:the|my|your|this)[ \t]+(?:letter|notice|notification|e-?mail|mail)|"
    r"code aus (?:dem|ihrem|meinem|diesem) (?:brief|schreiben|anschreiben)|code im (?:brief|schreiben)|"
    r"brief[ \t\-]?code|benachrichtigungs[ \t\-]?code|mitteilungs[ \t\-]?code|hinweis[ \t\-]?code|referenz[ \t\-]?code|code|kennung)"
)
_CODE_VALUE = r"(?P<value>(?=[A-Za-z0-9 \t\-]*\d)[A-Za-z0-9](?:[A-Za-z0-9]|[ \t]*-[ \t]*(?=[A-Za-z0-9])|[ \t](?=[A-Za-z]{0,3}\d)){4,19})(?![\p{L}\d])"
# Three groups of four letters or digits, the contract's shape but with characters its alphabet
# leaves out (0/O, 1/I/L, U): a misread code from the letter.
_CODE_SHAPE = r"(?<![A-Za-z0-9\-])(?P<value>(?=[A-Za-z0-9\-]*\d)(?=[A-Za-z0-9\-]*[A-Za-z])[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4})(?![A-Za-z0-9]|-[A-Za-z0-9])"


class NoticeCodeLookalikeRecognizer(CueValueRecognizer):
    """A notice code the contract does not accept (wrong characters, wrong length, mistyped):
    three dashed groups of four letters and digits, or a code-like value right after "notice
    code", "Code aus dem Brief", "reference code". It links the chat to one person's notice, so it
    is stored as ``NOTICE_CODE`` like a valid one; a valid code is left for the bot (the redactor
    drops findings inside one)."""

    needs_digit = True

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(NOTICE_CODE, "NoticeCodeLookalikeRecognizer", [
            Pattern("code shape", _CODE_SHAPE, FOUND_SCORE),
            Pattern("code after a cue", rf"(?<![\p{{L}}]){_CODE_CUES}{words_gap(3)}{COPULA}[\"'„“‚‘»«(]?{_CODE_VALUE}", FOUND_SCORE),
        ], supported_language)

    def check(self, text, start, end):
        start, end = _trim(text, start, end, ".,;:- \t")
        value = text[start:end]
        compact = re.sub(r"[ \t\-]", "", value)
        if len(compact) < 6 or any(True for _ in notice_code.find_all(value)) or not _plausible_number(value, 1, 20):
            return None
        if compact.isdigit() and "-" not in value:
            return None  # plain digits after "code" are a PIN, a TAN or an order number, not a notice code
        return start, end
