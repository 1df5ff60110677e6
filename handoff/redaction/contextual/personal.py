"""Dates of birth and street addresses (German and English forms), found after their cues."""
from __future__ import annotations


import regex as re
from presidio_analyzer import Pattern



from handoff.redaction.contextual.base import (
    ADDRESS,
    DATE,
    DATE_OF_BIRTH,
    FOUND_SCORE,
    MONTHS,
    CueValueRecognizer,
    _trim,
)


# --- dates of birth ----------------------------------------------------------------------------

_DOB_CUES = (
    r"(?i:born|birth|birthday|birthdate|date of birth|dob|d\.o\.b\.?|b\.|b-?day|geboren|geb\.|geb(?=[ \t]+\d)|"
    r"geburtsdatum|geburtstag|geb\.?[ \t\-]?dat(?:um|\.)?|gebdat|geburtsjahr|jahrgang|jg\.|year of birth)"
)
# After a birth cue a date may also be compact (12031985), month and year only ("March 1985",
# "03/1985"), or have a two-digit year after a written month ("3. Mai 85", "May 3rd '90").
_DOB_DATE = (
    rf"(?:{DATE}(?:[ \t]+['’]?\d{{2}}(?![\d.:/]))?"
    r"|(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\d{2}(?!\d)"
    rf"|(?<!\p{{L}})(?i:{MONTHS})\.?[ \t]+(?:(?:19|20)\d{{2}}|['’]\d{{2}})(?!\d)"
    r"|(?:0?[1-9]|1[0-2])/(?:19|20)\d{2}(?![\d/]))"
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
                Pattern("date after a birth cue", rf"(?<![\p{{L}}]){_DOB_CUES}{_DOB_GAP}(?P<value>{_DOB_DATE})", FOUND_SCORE),
                Pattern("date after a birth star", rf"(?<![\p{{L}}\d*])\*[ \t]?(?P<value>{DATE})", FOUND_SCORE),
                Pattern("year before 'geboren'", r"(?<![\d./\-])(?P<value>(?:19|20)\d{2})[ \t]+(?i:geboren|born)\b", FOUND_SCORE),
                Pattern("date before 'geboren'", rf"(?P<value>{DATE})[ \t,]*(?:\([ \t]*)?(?i:geboren|born|geb\.|dob|d\.o\.b\.|geburtsdatum|date of birth)\b", FOUND_SCORE),
                Pattern("year of birth", r"(?i:born in|born|geboren|jahrgang|geburtsjahr|year of birth|baujahr)[ \t:]*(?:im jahr[ \t]+|in[ \t]+)?(?P<value>(?:19|20)\d{2})(?![\d./\-])", FOUND_SCORE),
            ],
            supported_language,
        )

    def check(self, text, start, end):
        years = re.findall(r"(?:19|20)\d{2}(?!\d)", text[start:end])
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
_HOUSE_NUMBER = r"(?!(?:19|20)\d\d(?!\d))\d{1,4}(?:[ \t]?[a-hA-H](?![\p{L}]))?(?:[ \t]?[-/–][ \t]?\d{1,4}[a-hA-H]?){0,3}(?![\d]|[.,]\d|[ \t]?(?:%|€|EUR|Euro|Uhr|h\b|x\b))"
_CITY = r"\p{Lu}[\p{L}.]+(?:-\p{Lu}?[\p{L}]+)*(?:[ \t]+(?:(?:am|an der|im|ob der|bei|vor der|in der|upon|on)[ \t]+)?\p{Lu}[\p{L}]+(?=[ \t]*(?:$|[,.;\n)])))?(?:[ \t]*\([\p{L} ]+\))?"
# Austrian and German flat details after the house number: "45/2/14", "3 Top 7", "5, Whg. 12".
_FLAT = r"(?:,?[ \t]*(?i:top|stiege|stg\.|tür|whg\.|wohnung)[ \t]*\d{1,4}(?!\d)){0,3}"
_DE_POSTCODE_CITY = rf"(?:{_FLAT},?[ \t]*(?:\n[ \t]*)?(?:in[ \t]+)?(?:D-|DE-|A-|CH-)?\d{{4,5}}[ \t]+{_CITY})"
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
    r"(?:,[ \t]*(?:\n[ \t]*)?\p{Lu}[\p{L}.\-]+(?:[ \t]+(?![A-Z]{1,2}\d)\p{Lu}[\p{L}.\-]+){0,2}"  # , Springfield
    r"(?:,?[ \t]+(?:[A-Z]{2}(?![\p{L}\d])))?"  # , IL
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
                Pattern("lower-case street after an address cue",
                        rf"(?<![\p{{L}}]){_ADDRESS_CUES}[ \t]+(?P<value>(?i:\p{{L}}[\p{{L}}\-]{{2,}}{_DE_SUFFIX}|(?:\p{{L}}[\p{{L}}\-]+[ \t]+){{1,3}}{_DE_STREET_WORD})[ \t]*{_HOUSE_NUMBER}{_FLAT}(?:,?[ \t]*(?:in[ \t]+)?\d{{4,5}}[ \t]+\p{{L}}+)?"
                        rf"|\d{{1,5}}[a-z]?[ \t]+(?:\p{{L}}[\p{{L}}'’.\-]*[ \t]+){{1,3}}(?i:{_EN_SUFFIX})(?![\p{{L}}])(?:,[ \t]*\p{{L}}+)?)", FOUND_SCORE),
                Pattern("postcode and city after an address cue",
                        rf"(?i:wohne in|wohnhaft in|live in|living in|adresse|anschrift|address|wohnort|plz|postcode|zip code|zip)[ \t:]*(?:is[ \t]+|ist[ \t]+|lautet[ \t]+)?(?P<value>(?:D-)?\d{{5}}[ \t]+{_CITY})", FOUND_SCORE),
                Pattern("post office box", r"(?P<value>(?i:p\.?[ \t]?o\.?[ \t]?box|postfach)[ \t]*\d{2,7})", FOUND_SCORE),
            ],
            supported_language,
        )

    def check(self, text, start, end):
        return _trim(text, start, end, ".,;: \t\n")


