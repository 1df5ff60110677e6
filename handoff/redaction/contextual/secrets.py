"""Passwords and PINs, card expiry dates and security codes (CVV), found next to their cues."""
from __future__ import annotations


import regex as re
from presidio_analyzer import EntityRecognizer, Pattern, RecognizerResult

from handoff.redaction.wordlists import (
    NOT_PASSWORD_WORDS,
)


from handoff.redaction.contextual.base import (
    CARD_EXPIRY,
    COPULA,
    CVV,
    DATE,
    FOUND_SCORE,
    MONTHS,
    PASSWORD,
    CueValueRecognizer,
    _trim,
    words_gap,
)


# --- passwords and PINs ------------------------------------------------------------------------

_PASSWORD_CUES = (
    r"(?i:pass?wor[dt]|passwrd|passwort|pa(?:ß|ss)wort|kennwort|kenwort|passcode|pass code|pass phrase|passphrase|pw|pwd|passwd|pass(?=[ \t]*:)|"
    r"login code|log-in code|zugangscode|zugangspasswort|master password|masterpasswort|"
    r"banking password|online-banking-passwort|wlan-passwort|wifi password|wi-fi password|wlan-schlüssel|wlan-key|"
    r"wifi key|wi-fi key|network key|netzwerkschlüssel|security answer|answer to (?:my|the) security question|"
    r"antwort auf (?:meine|die) sicherheitsfrage|sicherheitsfrage|security question|geheimfrage|"
    r"(?:(?:my|the|mein|das|meine|die)[ \t]+)?(?:sign-in|log-in|login|anmelde)[ \t\-]?(?:password|passwort|kennwort|pin|daten|details|credentials))"
)
_PIN_CUES = (
    r"(?i:pin|pin-?code|pin-?nummer|pin number|pin code|kartenpin|karten-pin|geheimzahl|geheimnummer|"
    r"tan(?:[ \t\-]?(?:nummer|nr\.?|code))?|transaktionsnummer|freigabe-?code|one-time code|one time code|otp|verification code|bestätigungscode|sms[ \t\-]?code|"
    r"2fa[ \t\-]?code|authenticator code|verifizierungscode|code (?:from|in) the (?:sms|text)|code aus der sms|login[ \t\-]?code|"
    r"einmalcode|zugangsnummer|sicherheitspin|security pin|unlock code|entsperrcode|puk|code to unlock|geheimcode|sperrcode|"
    r"(?:unlock|door|alarm|access|entry|safe|garage|gate|phone|tür|haustür|alarmanlagen|zugangs|tresor|handy|entsperr)[ \t\-]?code)"
)
# A PIN cue at a word start, or a TAN procedure written as one word ("pushTAN", "mTAN", "iTAN").
_PIN_CUE = rf"(?:(?<![\p{{L}}]){_PIN_CUES}|(?<=\p{{L}})(?i:tan)(?<=(?:^|[^\p{{L}}])(?i:(?:push|photo|foto|chip|app|sms|mobile|m|i|e)tan))(?![\p{{L}}]))"
# A cue at a word start, or the end of a German compound ("Mailpasswort", "WLAN-Kennwort").
_PASSWORD_CUE = rf"(?:(?<![\p{{L}}]){_PASSWORD_CUES}|(?<=\p{{L}})(?i:passwort|kennwort)(?![\p{{L}}]))"
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
                Pattern("quoted password", rf"{_PASSWORD_CUE}s?{gap}{COPULA}{_QUOTED}", FOUND_SCORE),
                Pattern("password with copula",
                        rf"{_PASSWORD_CUE}s?{gap}(?P<copula>(?i:[ \t]*(?:[:=]|['’]s\b|\bis\b|\bwas\b|\bist\b|\bwar\b|\blautet(?:e)?\b|\bhei[sß]t\b|\bwas set to\b|\bused to be\b|\bset to\b|\bis still\b|\bwar bisher\b|\bwar immer\b|\bto\b|\bauf\b|\bnow\b|\bjetzt\b)))[ \t]*(?i:(?:still|noch|immer noch|auch|also|simply|einfach|just|nur|früher|damals|bisher|immer|mal|formerly|previously|always|probably|wahrscheinlich|vermutlich|leider|unfortunately|actually|eigentlich|halt|ja|literally|wirklich|tatsächlich|basically|sadly)[ \t]+)*{_TOKEN}",
                        FOUND_SCORE),
                Pattern("password without copula", rf"{_PASSWORD_CUE}(?:[ \t]*[:=,(])?[ \t]+{_TOKEN}", 0.5),
                Pattern("password-like word near its cue", rf"{_PASSWORD_CUE}s?(?:[ \t]+[^\s.?!]+){{0,6}}?[ \t]+[\"'„“‚‘»«`(]?(?P<value>(?=[^\s\"“”„]*?(?:\d|[!@#$%^&*+=_?~§]))(?=[^\s\"“”„]*?\p{{L}}[^\s\"“”„]*?\p{{L}})[^\s\"“”„]{{6,64}})", FOUND_SCORE),
                Pattern("password before its cue", rf"(?<![\p{{L}}\d])(?P<value>[^\s\"“”„]{{4,64}})[ \t]+(?i:was|is|war|ist|as|als)[ \t]+(?i:(?:my|mein|meine|the|das|unser|our|mein altes|my old)[ \t]+)?{_PASSWORD_CUES}", FOUND_SCORE),
                Pattern("PIN digits", rf"{_PIN_CUE}[^.!?\n\d]{{0,60}}?(?i:\bis|\bist|\blautet|\bwar|\bwas|:)[ \t]*(?P<value>\d{{4,8}})(?![\d]|[.,/:]\d)", FOUND_SCORE),
                Pattern("PIN digits", rf"(?<![\p{{L}}])(?i:mine|meine|meiner|meins)(?<={_PIN_CUE}[^\n]{{0,80}}?(?i:mine|meine|meiner|meins))[ \t]+(?i:is|was|ist|war|lautet)[ \t:]*(?P<value>\d{{4,8}})(?![\d]|[.,/:]\d)", FOUND_SCORE),
                Pattern("PIN digits", rf"(?<![\d.,/])(?P<value>\d{{4,8}})[ \t]+(?i:is|was|ist|war|als|as)[ \t]+(?i:(?:my|mein|meine|the|die|das|our|unsere)[ \t]+)?(?:\p{{L}}+[ \t]+)?{_PIN_CUES}", FOUND_SCORE),
                Pattern("password with copula", rf"{_PASSWORD_CUE}s?(?:[ \t]+[\p{{L}}'’\-]+){{1,5}}[ \t]*(?P<copula>[:=])[ \t]*{_TOKEN}", FOUND_SCORE),
                Pattern("quoted password", rf"(?i:zugangsdaten|login details|login data|credentials|anmeldedaten|login|log-in|user(?:name)?/password|benutzer(?:name)?/passwort)(?![\p{{L}}])(?i:[ \t]+(?:are|were|sind|waren|is|ist|was|war))?[ \t]*:?[ \t]*[^\s/,;]+[ \t]*(?:/|\||,?[ \t]*(?i:pw|pass|passwort|password|kennwort)[ \t]*:?)[ \t]*(?P<value>[^\s\"“”„]{{3,64}})", FOUND_SCORE),
                Pattern("PIN digits",
                        rf"{_PIN_CUE}s?(?:['’]s)?(?:[ \t]+(?!(?i:in|on|since|until|from|at|seit|im|am|bis|vom|von|um|ab)\b)[\p{{L}}'’\-]+){{0,5}}?{COPULA}[,(]?[ \t]*(?P<value>\d{{4,8}}|\d{{3}}[ \t]\d{{3}}|\d(?:[ \t]\d){{3,7}})(?![\d.,/:]\d)",
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
                Pattern("digits after 'mine is'", rf"(?<![\p{{L}}])(?i:mine|meine|meiner|meins)(?<=(?<![\p{{L}}]){_CVV_CUES}[^\n]{{0,80}}?(?i:mine|meine|meiner|meins))[ \t]+(?i:is|was|ist|war|lautet)[ \t:]*(?P<value>\d{{3,4}})(?![\d]|[.,/:]\d)", FOUND_SCORE),
                Pattern("digits after a CVV cue, further on", rf"(?<![\p{{L}}]){_CVV_CUES}[^.!?\n\d]{{0,60}}?(?i:\bis|\bist|\blautet|\bwar|\bwas|:)[ \t]*(?P<value>\d{{3,4}})(?![\d]|[.,/:]\d)", FOUND_SCORE),
                Pattern("digits after an expiry date", rf"(?<![\p{{L}}]){_EXPIRY_CUES}[ \t:]*(?:0?[1-9]|1[0-2])[ \t]?[/.\-][ \t]?(?:20)?\d{{2}}[ \t]*[,;/|]?[ \t]*(?:(?i:and|und|,)[ \t]*)?(?P<value>\d{{3,4}})(?![\d]|[.,/:]\d)", FOUND_SCORE),
                Pattern("digits after a CVV cue", rf"(?<![\p{{L}}]){_CVV_CUES}{words_gap(5)}{COPULA}(?:\(?[ \t]*)(?P<value>\d{{3,4}})(?![\d]|[.,/:]\d)", FOUND_SCORE),
                Pattern("CVV after card number and expiry", rf"(?<!\d)(?:\d[ \t\-]?){{12,18}}\d[ \t]*[,;/|]?[ \t]*(?:(?i:exp\.?|ablauf|gültig bis|valid thru)[ \t:]*)?(?:0?[1-9]|1[0-2])[ \t]?[/.\-][ \t]?(?:20)?\d{{2}}[ \t]*[,;/|]?[ \t]*(?P<value>\d{{3,4}})(?!\d)", FOUND_SCORE),
            ],
            supported_language,
        )


