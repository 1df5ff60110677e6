"""Personal data recognised by the word next to it, in the forms people type in a chat: mistyped
tax and ID numbers, foreign document numbers, misread notice codes, TAN procedures, compact and
partial birth dates, relatives' names. Each form has hard negatives beside it.

All personal data here is invented; check digits are made wrong on purpose where a test says so.
"""
from __future__ import annotations

import pytest
from stdnum.de import idnr
from stdnum.iso7064 import mod_11_10

from contract import notice_code
from handoff.redaction import Redactor

LANGUAGES = ("en", "de")

TAX_ID = "4715803927" + mod_11_10.calc_check_digit("4715803927")
TAX_ID_TYPO = TAX_ID[:-1] + str((int(TAX_ID[-1]) + 3) % 10)


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor()


def test_test_data_is_what_the_tests_claim():
    assert idnr.is_valid(TAX_ID) and not idnr.is_valid(TAX_ID_TYPO)
    assert notice_code.find("K0QX-1MPD-9TRA") is None  # 0 and 1 are outside the code alphabet
    assert notice_code.find("K7QX-4MPD-9TRA") == "K7QX4MPD9TRA"


def redacts(redactor: Redactor, text: str, language: str, value: str, kind: str) -> None:
    result = redactor.redact(text, language)
    assert value not in result.text, result.text
    assert kind in result.kinds, result


def unchanged(redactor: Redactor, text: str, language: str) -> None:
    assert redactor.redact(text, language).text == text


# --- tax and social-security numbers -----------------------------------------------------------

TAX_POSITIVE = [
    (f"Meine Steuer-ID ist {TAX_ID_TYPO[:2]} {TAX_ID_TYPO[2:5]} {TAX_ID_TYPO[5:8]} {TAX_ID_TYPO[8:]}, bitte löschen.",
     f"{TAX_ID_TYPO[:2]} {TAX_ID_TYPO[2:5]} {TAX_ID_TYPO[5:8]} {TAX_ID_TYPO[8:]}"),
    (f"steueridentifikationsnummer {TAX_ID_TYPO}", TAX_ID_TYPO),
    (f"my tax ID: {TAX_ID_TYPO}", TAX_ID_TYPO),
    (f"{TAX_ID_TYPO} ist meine Steuer-ID", TAX_ID_TYPO),
    ("Steuernummer 21/815/08150", "21/815/08150"),
    ("SV-Nummer 65 170839 J 003", "65 170839 J 003"),
    ("NI number AB 12 34 56 C", "AB 12 34 56 C"),
    ("AHV-Nummer 756.1234.5678.97", "756.1234.5678.97"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("text, value", TAX_POSITIVE)
def test_tax_and_social_security_numbers_after_their_cue(redactor, language, text, value):
    redacts(redactor, text, language, value, "TAX_ID")


TAX_NEGATIVE = [
    "Die Steuer-ID steht auf dem Bescheid vom 12.03.2025.",
    "What is a tax ID? I paid 1.234,56 € in 2026.",
    "Steuernummer? Die habe ich nicht, Artikel 15 DSGVO.",
    "Your tax number is not needed, the breach was on 18.11.2026.",
    "SSN 000-12-3456",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("text", TAX_NEGATIVE)
def test_tax_cues_without_a_number_leave_the_text_alone(redactor, language, text):
    unchanged(redactor, text, language)


# --- ID card, passport, driving licence --------------------------------------------------------

DOCUMENT_POSITIVE = [
    ("Ausweisnummer l01x00t47", "l01x00t47"),
    ("passport number 123456789", "123456789"),
    ("my passport no. is 987654321, expires 2031-05-01", "987654321"),
    ("Führerscheinnummer B072RRE2I55", "B072RRE2I55"),
    ("driving licence MORGA657054SM9IJ", "MORGA657054SM9IJ"),
    ("Mein Pass hat die Nummer P1234567.", "P1234567"),
    ("ID card number: AB 123 4567", "AB 123 4567"),
    ("X1234567 ist meine Passnummer", "X1234567"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("text, value", DOCUMENT_POSITIVE)
def test_document_numbers_of_any_country_after_their_cue(redactor, language, text, value):
    redacts(redactor, text, language, value, "ID_DOCUMENT")


DOCUMENT_NEGATIVE = [
    "Mein Ausweis läuft am 12.03.2027 ab.",
    "Mein Personalausweis ist seit 2019 abgelaufen, er kostet 37 Euro.",
    "Do I need my passport? The app version 2.3.1 asks for it.",
    "Der Führerschein ist Klasse B, seit 2005, Artikel 9 DSGVO.",
    "Passport photos cost 15 GBP at 3 shops.",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("text", DOCUMENT_NEGATIVE)
def test_document_words_without_a_number_leave_the_text_alone(redactor, language, text):
    unchanged(redactor, text, language)


# --- notice codes the contract does not accept --------------------------------------------------

CODE_POSITIVE = [
    ("My code is K0QX-1MPD-9TRA", "K0QX-1MPD-9TRA"),  # 0 and 1 read for O and I
    ("Code aus dem Brief: NB-2025-0815", "NB-2025-0815"),
    ("reference code ABC123", "ABC123"),
    ("the code from the letter is x7-22q-91p", "x7-22q-91p"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("text, value", CODE_POSITIVE)
def test_misread_notice_codes_are_stored_as_notice_codes(redactor, language, text, value):
    redacts(redactor, text, language, value, "NOTICE_CODE")


CODE_NEGATIVE = [
    "notice code K7QX-4MPD-9TRA please",  # a valid code stays for the bot
    "error code 0x80070005 in version 2.3.1",
    "Fehlercode E-1234 bei Version 4.2",
    "Rechnung 2026 Juni, Artikel 5 DSGVO, 3,5 kWh",
    "Where do I find the code? The letter came on 2026-11-18.",
    "Gutscheincode SOMMER2026 gilt nicht",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("text", CODE_NEGATIVE)
def test_other_codes_and_valid_notice_codes_are_left_alone(redactor, language, text):
    unchanged(redactor, text, language)


def test_digits_after_the_word_code_are_a_pin_not_a_notice_code(redactor):
    assert "NOTICE_CODE" not in redactor.redact("The SMS code 482913 arrived", "en").kinds


# --- passwords, PINs and TANs -------------------------------------------------------------------

SECRET_POSITIVE = [
    ("Mein Mailpasswort ist Sonne2020", "Sonne2020"),
    ("mein pasword war hallo123", "hallo123"),
    ("my PIN's 4821", "4821"),
    ("Die pushTAN lautet 482913", "482913"),
    ("photoTAN: 55123401", "55123401"),
    ("Bitte meine SMS-TAN 918273 sperren", "918273"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("text, value", SECRET_POSITIVE)
def test_passwords_pins_and_tans_in_chat_forms(redactor, language, text, value):
    redacts(redactor, text, language, value, "PASSWORD")


SECRET_NEGATIVE = [
    "I need to change my password.",
    "The password must have 12 characters.",
    "Ich habe mein Passwort geändert, die PIN auch.",
    "Die TAN-Liste ist seit 2019 abgeschafft.",
    "The Titan 2026 update costs 49.99 EUR.",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("text", SECRET_NEGATIVE)
def test_secret_words_without_a_secret_leave_the_text_alone(redactor, language, text):
    unchanged(redactor, text, language)


# --- dates of birth -----------------------------------------------------------------------------

BIRTH_POSITIVE = [
    ("geb. 12.03.85", "12.03.85"),
    ("Geburtsdatum 12031985", "12031985"),
    ("I was born in March 1985", "March 1985"),
    ("DOB 3 May 90", "3 May 90"),
    ("geb 3. Mai 85", "3. Mai 85"),
    ("Max Muster (*12.03.1985)", "12.03.1985"),
    ("ich bin 1985 geboren", "1985"),
    ("bday 03/1985", "03/1985"),
    ("Geb.-Dat.: 1.4.1979", "1.4.1979"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("text, value", BIRTH_POSITIVE)
def test_dates_of_birth_in_chat_forms(redactor, language, text, value):
    redacts(redactor, text, language, value, "DATE_OF_BIRTH")


BIRTH_NEGATIVE = [
    "Der Brief kam am 18.11.2026, Artikel 15 DSGVO, 2 * 3 = 6.",
    "The breach happened on 12 March 2026, version 3.2.",
    "Seit 2026 neu: 3,5 kWh * 12 Monate = 42 kWh.",
    "Ich habe am 12031985 nichts bezahlt? Nein: Rechnung 12031985.",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("text", BIRTH_NEGATIVE)
def test_dates_without_a_birth_cue_leave_the_text_alone(redactor, language, text):
    unchanged(redactor, text, language)


# --- relatives' names ---------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "text, value",
    [
        ("my wife Ankea got the same letter.", "Ankea"),
        ("My son Jaxon, 12, has an account too.", "Jaxon"),
        ("Meine Tochter Fenjaline hat auch einen Brief bekommen.", "Fenjaline"),
    ],
)
def test_a_relatives_unusual_name_after_the_relative(redactor, language, text, value):
    redacts(redactor, text, language, value, "PERSON")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "text",
    [
        "Ich glaube, dass mein Mann Zugriff hatte.",
        "Hat mein Mann Bescheid bekommen?",
        "My colleague Support wrote.",
        "Mein Sohn Lebensversicherung hat er nicht.",
    ],
)
def test_nouns_after_a_relative_are_no_names(redactor, language, text):
    unchanged(redactor, text, language)


# --- names typed the way people chat ------------------------------------------------------------

NAME_POSITIVE = [
    ("en", "hi im anke schulz and i got the letter", "anke schulz"),
    ("en", "i am anke miller", "anke miller"),
    ("en", "Hi its Tariq. use the mail", "Tariq"),
    ("en", "hey its Jamal again, no one answered", "Jamal"),
    ("de", "hey bin Leonie, kann mir wer helfen", "Leonie"),
    ("de", "Ausweis weg, Name Dragan Petrović, bitte Auskunft", "Dragan Petrović"),
    ("en", "Ring me between 9 and 12 please. G. Hoffmann", "G. Hoffmann"),
]


@pytest.mark.parametrize("language, text, value", NAME_POSITIVE)
def test_names_in_phone_typing_and_signatures(redactor, language, text, value):
    redacts(redactor, text, language, value, "PERSON")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "text",
    [
        "Ich habe im anhang den Brief, im moment nichts, im Januar 2026.",
        "im not sure, im frank with you",
        "its Content was strange. its Terms are unclear.",
        "Is the trash bin 2 collected? I put it in the bin.",
        "Der Name Ihrer Firma ist bekannt. Name und Adresse wurden geleakt.",
        "Please fix it. Version 2.",
        "Please help me. Best Regards",
    ],
)
def test_chat_words_that_look_like_name_cues(redactor, language, text):
    unchanged(redactor, text, language)


# --- a secret given after a question about it --------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "text, value, kind",
    [
        ("Speichern Sie die Kartenprüfnummer? Meine ist 827, hab sie angegeben", "827", "CVV"),
        ("Do you store the CVV? Because mine is 305 and I'm scared", "305", "CVV"),
        ("My PIN? Mine is 4821.", "4821", "PASSWORD"),
        ("Meine PIN lautet 4 8 2 1", "4 8 2 1", "PASSWORD"),
    ],
)
def test_secret_after_mine_is_or_spaced(redactor, language, text, value, kind):
    redacts(redactor, text, language, value, kind)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "text",
    [
        "Name: unbekannt, die CVV hat 3 Ziffern, meine ist die gleiche wie immer.",
        "Your CVV has 3 digits. Mine is 3 years old, 2026.",
        "Im Brief stand: PIN ändern. Die PIN hat 4 Stellen.",
    ],
)
def test_mine_is_without_a_secret(redactor, language, text):
    unchanged(redactor, text, language)


def test_idnr_is_the_tax_id_not_an_id_card(redactor):
    assert redactor.redact(f"IdNr {TAX_ID_TYPO}", "de").kinds == ("TAX_ID",)


# --- addresses: Austrian and Swiss forms, lower case, UK postcodes ------------------------------

ADDRESS_POSITIVE = [
    ("Ich wohne Mariahilfer Straße 45/2/14, 1060 Wien", "Mariahilfer Straße 45/2/14, 1060 Wien"),
    ("meine adresse: hauptstr. 5, 10115 berlin", "hauptstr. 5, 10115 berlin"),
    ("Bahnhofstrasse 12, 8001 Zürich", "Bahnhofstrasse 12, 8001 Zürich"),
    ("Wohnung in der Gartengasse 3 Top 7, 1050 Wien", "Gartengasse 3 Top 7, 1050 Wien"),
    ("I live at 12 baker street, london", "12 baker street, london"),
    ("Meine neue Anschrift ist Am Anger 7a in 99084 Erfurt", "Am Anger 7a in 99084 Erfurt"),
    ("Flat 3, 42 Oak Road, Leeds LS6 2AB", "42 Oak Road, Leeds LS6 2AB"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("text, value", ADDRESS_POSITIVE)
def test_addresses_whole_with_flat_postcode_and_city(redactor, language, text, value):
    result = redactor.redact(text, language)
    assert "ADDRESS" in result.kinds
    # Nothing of the address is left: not the flat, the postcode or the city.
    assert not any(part in result.text for part in value.replace(",", " ").split() if len(part) > 2), result.text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "text",
    [
        "We moved to 3 different places in 2026 and I live at home 5 days a week.",
        "meine adresse ist gleich geblieben seit 2019, ich wohne im 3. Stock",
        "Adresse: siehe oben, 3 mal geschickt, Top 5 Fragen",
        "my address is on file since 2020, 42 kWh used",
        "Ich wohne in der Nähe, 5 min vom Bahnhof, Tür 3 war offen",
        "Ich habe 3 Wege versucht, Artikel 15 Absatz 3, 5 kWh, Straße 2026 gesperrt",
    ],
)
def test_address_words_without_an_address(redactor, language, text):
    unchanged(redactor, text, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_person_named_by_a_condition_is_health_data(redactor, language):
    redacts(redactor, "Mein Sohn ist Autist und hat ADHS", language, "Autist", "HEALTH")
    unchanged(redactor, "Der Artist hat 2026 gespielt, der Autor auch.", language)
