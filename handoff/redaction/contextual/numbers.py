"""Customer, contract, account and meter numbers; phone numbers and IBANs right after their cue
that the checked recognizers reject."""
from __future__ import annotations


import regex as re
from stdnum import iban as stdnum_iban
from presidio_analyzer import EntityRecognizer, Pattern



from handoff.redaction.contextual.base import (
    COPULA,
    CUSTOMER_NUMBER,
    DATE,
    FOUND_SCORE,
    IBAN,
    PHONE,
    CueValueRecognizer,
    _trim,
    words_gap,
)


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
            # The value may run into the following words ("DE89 ... 00 betroffen"): shorten it to the
            # longest prefix that is a valid IBAN; without one (a mistyped IBAN after its cue) drop
            # the trailing words that hold no digit. Without a cue only a valid IBAN counts.
            value = re.sub(r"[\s\-]", "", text[result.start:result.end])
            end = next((length for length in range(min(len(value), 34), 14, -1)
                        if stdnum_iban.is_valid(value[:length])), None)
            if end is not None:
                count, stop = 0, result.start
                while count < end and stop < result.end:
                    if not text[stop].isspace() and text[stop] != "-":
                        count += 1
                    stop += 1
                result.end = stop
            elif result.score > 0.9:
                continue
            else:
                tail = re.search(r"(?:[ \t\-]+[^\d\s\-]+)+$", text[result.start:result.end])
                if tail:
                    result.end = result.start + tail.start()
            results.append(result)
        return EntityRecognizer.remove_duplicates(results)


