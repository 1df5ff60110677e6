"""The redaction of customer messages: every kind of personal data, both languages, no network.

All personal data here is invented. Checksums are computed or checked with python-stdnum, or taken
from published specimen documents (Erika Mustermann's ID card and passport, ICAO 9303's Utopia
passport), not with the code under test.
"""
from __future__ import annotations

import dataclasses
import logging
import socket
from concurrent.futures import ThreadPoolExecutor

import pytest
import tldextract
from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.de import idnr
from stdnum.iso7064 import mod_11_10

from handoff.redaction import Redacted, Redactor
from handoff.redaction.recognizers import icao_check_digit
from handoff.redaction.redactor import (
    Finding,
    apply,
    drop_inside,
    normalise_language,
    notice_code_spans,
    resolve_overlaps,
)

LANGUAGES = ("en", "de")


def make_tax_id(first_ten: str) -> str:
    """A German Steuer-ID with its check digit computed by stdnum (ISO 7064 Mod 11,10)."""
    number = first_ten + mod_11_10.calc_check_digit(first_ten)
    assert idnr.is_valid(number)
    return number


TAX_ID = make_tax_id("4715803927")  # one digit (7) twice, the others once
TAX_ID_GROUPED = f"{TAX_ID[:2]} {TAX_ID[2:5]} {TAX_ID[5:8]} {TAX_ID[8:]}"
TAX_ID_BAD = TAX_ID[:-1] + str((int(TAX_ID[-1]) + 1) % 10)
SSN = "512-34-6789"

IBAN_DE = "DE89 3704 0044 0532 0130 00"
IBAN_AT = "AT61 1904 3002 3457 3201"
IBAN_GB = "GB82 WEST 1234 5698 7654 32"
IBAN_BAD = "DE89 3704 0044 0532 0130 01"

CARDS = ["4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111", "5555 5555 5555 4444",
         "3782 822463 10005", "2223 0031 2200 3222"]
CARD_BAD = "4111 1111 1111 1112"

# Specimen documents: the 9-character number printed on the document has no check digit;
# the machine-readable zone appends the ICAO check digit (specimen MRZ: T220001293, C01X00T478).
ID_CARD = "T22000129"
ID_CARD_MRZ = "T220001293"
ID_CARD_2021 = "LZ6311T47"
PASSPORT = "C01X00T47"
PASSPORT_MRZ = "C01X00T478"

NOTICE_CODES = ["K7QX-4MPD-9TRA", "H4TZ-8WQN-3KRB", "M2VP-6CEY-8GHS"]


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor()


def test_test_data_checksums_are_what_the_tests_claim():
    for number in [IBAN_DE, IBAN_AT, IBAN_GB]:
        assert stdnum_iban.is_valid(number)
    assert not stdnum_iban.is_valid(IBAN_BAD)
    for card in CARDS:
        assert luhn.is_valid(card.replace(" ", "").replace("-", ""))
    assert not luhn.is_valid(CARD_BAD.replace(" ", ""))
    assert idnr.is_valid(TAX_ID_GROUPED) and not idnr.is_valid(TAX_ID_BAD)


# --- one kind per sentence ---------------------------------------------------------------------

SINGLE_KIND = [
    ("en", "Please write to jane.doe@example.com about my account.", "Please write to <EMAIL> about my account.", "EMAIL"),
    ("de", "Bitte schreiben Sie an max.mustermann@example.de, danke.", "Bitte schreiben Sie an <EMAIL>, danke.", "EMAIL"),
    ("en", "My number is +44 20 7946 0958, call after six.", "My number is <PHONE>, call after six.", "PHONE"),
    ("de", "Meine Nummer ist +49 30 1234567, bitte abends.", "Meine Nummer ist <PHONE>, bitte abends.", "PHONE"),
    ("en", "I paid with 4111 1111 1111 1111 last week.", "I paid with <CARD> last week.", "CARD"),
    ("de", "Ich habe mit der Karte 5555 5555 5555 4444 bezahlt.", "Ich habe mit der Karte <CARD> bezahlt.", "CARD"),
    ("en", f"Refund to {IBAN_GB} please.", "Refund to <IBAN> please.", "IBAN"),
    ("de", f"Meine IBAN lautet {IBAN_DE}.", "Meine IBAN lautet <IBAN>.", "IBAN"),
    ("de", f"Meine Steuer-ID ist {TAX_ID}.", "Meine Steuer-ID ist <TAX_ID>.", "TAX_ID"),
    ("en", f"My German tax ID is {TAX_ID_GROUPED}.", "My German tax ID is <TAX_ID>.", "TAX_ID"),
    ("en", f"Was my SSN {SSN} in the breach?", "Was my SSN <TAX_ID> in the breach?", "TAX_ID"),
    ("de", f"Meine Personalausweisnummer ist {ID_CARD}.", "Meine Personalausweisnummer ist <ID_DOCUMENT>.", "ID_DOCUMENT"),
    ("en", f"My passport number is {PASSPORT}.", "My passport number is <ID_DOCUMENT>.", "ID_DOCUMENT"),
    ("en", "The login came from 203.0.113.7 yesterday.", "The login came from <IP_ADDRESS> yesterday.", "IP_ADDRESS"),
    ("de", "Die Anmeldung kam von 2001:db8::1 heute.", "Die Anmeldung kam von <IP_ADDRESS> heute.", "IP_ADDRESS"),
]


@pytest.mark.parametrize("language, text, expected, kind", SINGLE_KIND)
def test_each_kind_is_replaced_by_its_placeholder(redactor, language, text, expected, kind):
    assert redactor.redact(text, language) == Redacted(expected, (kind,))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("text, kind", [(case[1], case[3]) for case in SINGLE_KIND])
def test_detection_does_not_depend_on_the_language(redactor, language, text, kind):
    assert redactor.redact(text, language).kinds == (kind,)


# --- spaced and grouped variants ---------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "phone",
    ["+49 30 1234567", "030/1234567", "0171 2345678", "(030) 123 4567", "+49 (0)30 1234567", "0171-234 56 78",
     "+44 20 7946 0958", "(212) 555-0123", "+1 212 555 0123", "+33 1 23 45 67 89"],
)
def test_phone_number_forms(redactor, language, phone):
    assert redactor.redact(f"Tel. {phone} - bis 18 Uhr", language) == Redacted("Tel. <PHONE> - bis 18 Uhr", ("PHONE",))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("card", CARDS)
def test_card_forms(redactor, language, card):
    assert redactor.redact(f"Card: {card}.", language) == Redacted("Card: <CARD>.", ("CARD",))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "number", [IBAN_DE, IBAN_DE.replace(" ", ""), IBAN_DE.lower(), IBAN_DE.replace(" ", "-"), IBAN_AT, IBAN_GB]
)
def test_iban_forms(redactor, language, number):
    assert redactor.redact(f"IBAN: {number}, danke", language) == Redacted("IBAN: <IBAN>, danke", ("IBAN",))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("number", [TAX_ID, TAX_ID_GROUPED])
def test_german_tax_id_forms(redactor, language, number):
    # A Steuer-ID counts on its checksum alone, no context word needed.
    assert redactor.redact(f"Nummer {number} bitte prüfen", language) == Redacted("Nummer <TAX_ID> bitte prüfen", ("TAX_ID",))


@pytest.mark.parametrize(
    "text",
    [f"SSN {SSN}", "my SSN is 512 34 6789", "social security number 512.34.6789", "SSN: 512346789"],
)
def test_ssn_forms(redactor, text):
    assert redactor.redact(text, "en").kinds == ("TAX_ID",)
    assert "6789" not in redactor.redact(text, "en").text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "text",
    [
        f"Personalausweis {ID_CARD}",
        f"Ausweisnummer: {ID_CARD_2021}",
        f"Mein Reisepass hat die Nummer {PASSPORT}",
        f"passport no. {PASSPORT.lower()}",
        f"ID card {ID_CARD_2021}",
        f"Pass-Nr. {PASSPORT}",
        f"{ID_CARD} ist die Nummer meines Ausweises",
    ],
)
def test_id_document_numbers_with_context(redactor, language, text):
    result = redactor.redact(text, language)
    assert result.kinds == ("ID_DOCUMENT",)
    assert "<ID_DOCUMENT>" in result.text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("mrz", [ID_CARD_MRZ, PASSPORT_MRZ, "LZ6311T475"])
def test_id_document_number_with_check_digit_needs_no_context(redactor, language, mrz):
    assert redactor.redact(f"Nummer {mrz}.", language) == Redacted("Nummer <ID_DOCUMENT>.", ("ID_DOCUMENT",))


def test_icao_check_digit_matches_published_specimens():
    # ICAO Doc 9303 Utopia specimen: L898902C3 -> 6, birth date 740812 -> 2, expiry 120415 -> 9.
    assert icao_check_digit("L898902C3") == 6
    assert icao_check_digit("740812") == 2
    assert icao_check_digit("120415") == 9
    # German specimens (Mustermann): ID card T22000129 -> 3, passport C01X00T47 -> 8.
    assert icao_check_digit(ID_CARD) == 3
    assert icao_check_digit(PASSPORT) == 8


def test_old_ten_digit_id_card_number_needs_context(redactor):
    # Pre-2010 ID card: 10 digits, the last one the ICAO check digit of the first nine.
    number = "122000129" + str(icao_check_digit("122000129"))
    assert redactor.redact(f"alter Personalausweis {number}", "de").kinds == ("ID_DOCUMENT",)
    # A wrong check digit right after the cue is a typo in someone's ID number: still redacted.
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert redactor.redact(f"alter Personalausweis {wrong}", "de").kinds == ("ID_DOCUMENT",)
    # Without a document word ten digits are no ID number.
    assert "ID_DOCUMENT" not in redactor.redact(f"Rechnung {number} vom Mai", "de").kinds


# --- invalid checksums and missing context -----------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_card_number_failing_luhn_is_left_alone(redactor, language):
    text = f"Meine Kartennummer {CARD_BAD} wurde abgelehnt."
    assert redactor.redact(text, language) == Redacted(text, ())


@pytest.mark.parametrize("language", LANGUAGES)
def test_iban_failing_mod97_is_not_an_iban(redactor, language):
    text = f"Referenz {IBAN_BAD} und {IBAN_DE.replace('DE89', 'DE88')}"
    assert "IBAN" not in redactor.redact(text, language).kinds


@pytest.mark.parametrize("language", LANGUAGES)
def test_mistyped_iban_after_the_word_iban_is_still_redacted(redactor, language):
    # A typo in one digit leaves someone's account number readable: the cue decides here.
    result = redactor.redact(f"Meine IBAN ist {IBAN_BAD}, Konto {IBAN_DE.replace('DE89', 'DE88').replace(' ', '')}.", language)
    assert result == Redacted("Meine IBAN ist <IBAN>, Konto <IBAN>.", ("IBAN", "IBAN"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_tax_id_failing_checksum_needs_its_cue(redactor, language):
    # Without a word like "Steuer-ID" eleven digits with a wrong check digit are no tax ID ...
    assert "TAX_ID" not in redactor.redact(f"Vorgang {TAX_ID_BAD} erledigt", language).kinds
    # ... but right after one they are a mistyped tax ID, still personal data.
    assert redactor.redact(f"Steuer-ID {TAX_ID_BAD}", language) == Redacted("Steuer-ID <TAX_ID>", ("TAX_ID",))


@pytest.mark.parametrize("language", LANGUAGES)
def test_id_document_number_with_wrong_check_digit_needs_its_cue(redactor, language):
    wrong = PASSPORT_MRZ[:-1] + "9"
    assert redactor.redact(f"Gutschein {wrong}", language) == Redacted(f"Gutschein {wrong}", ())
    assert redactor.redact(f"Reisepass {wrong}", language) == Redacted("Reisepass <ID_DOCUMENT>", ("ID_DOCUMENT",))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("number", [ID_CARD, ID_CARD_2021, PASSPORT])
def test_nine_character_document_number_without_context_is_left_alone(redactor, language, number):
    text = f"Ich habe den Gutschein {number} eingelöst."
    assert redactor.redact(text, language) == Redacted(text, ())


def test_ssn_with_spaces_needs_context(redactor):
    # Without a word like SSN the shape is too common (in German text it is a phone number).
    assert "TAX_ID" not in redactor.redact("Reference 512 34 6789 from the letter", "en").kinds
    assert "TAX_ID" not in redactor.redact("Ticket 512346789 bitte", "de").kinds


def test_never_issued_ssn_is_not_redacted(redactor):
    for number in ["000-12-3456", "666-12-3456", "512-00-6789", "512-34-0000", "123-45-6789"]:
        assert "TAX_ID" not in redactor.redact(f"SSN {number}", "en").kinds


def test_email_with_unknown_top_level_domain_is_not_an_email(redactor):
    # Presidio checks the domain against the (bundled) public suffix list.
    assert redactor.redact("intern: admin@server.local", "en").kinds == ()


def test_every_recognizer_is_registered_for_both_languages(redactor):
    recognizers = redactor._engine.registry.recognizers
    by_language = {lang: sorted(type(r).__name__ for r in recognizers if r.supported_language == lang) for lang in LANGUAGES}
    assert by_language["en"] == by_language["de"]
    assert len(by_language["en"]) == 22
    assert {r.supported_language for r in recognizers} == set(LANGUAGES)


# --- what must survive -------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("code", NOTICE_CODES + ["K7QX4MPD9TRA", "h4tz-8wqn-3krb", "Z9Z9-Z9Z9-Z9Z9", "AB23-CD45-EF67"])
def test_notice_codes_pass_through(redactor, language, code):
    text = f"Mein Code ist {code}, ist das richtig?"
    assert redactor.redact(text, language) == Redacted(text, ())


@pytest.mark.parametrize("language", LANGUAGES)
def test_notice_codes_survive_next_to_personal_data(redactor, language):
    text = (
        f"Codes {NOTICE_CODES[0]} und {NOTICE_CODES[1]}; Mail a.b@example.org, {NOTICE_CODES[2]}, "
        f"Tel 0171 2345678 ({NOTICE_CODES[0].replace('-', '')}) IBAN {IBAN_DE}"
    )
    result = redactor.redact(text, language)
    for code in NOTICE_CODES:
        assert code in result.text
    assert NOTICE_CODES[0].replace("-", "") in result.text
    assert result.kinds == ("EMAIL", "PHONE", "IBAN")


def test_findings_inside_a_notice_code_are_dropped():
    # A safety net: no recognizer is known to fire inside a code, but none may redact one.
    text = "Code K7QX-4MPD-9TRA und K7QX4MPD9TRA, Telefon 0171 2345678"
    spans = notice_code_spans(text)
    assert [text[s:e] for s, e in spans] == ["K7QX-4MPD-9TRA", "K7QX4MPD9TRA"]
    inside, straddling, outside = Finding(10, 18, "PHONE", 0.4), Finding(20, 30, "PHONE", 0.4), Finding(48, 60, "PHONE", 0.4)
    assert drop_inside([inside, straddling, outside], spans) == [straddling, outside]
    # Codes without any letter, or with letters outside the code alphabet, are not codes.
    assert notice_code_spans("2345-6789-2345 KLOU-4MPD-9TRA") == []


ORDINARY_NUMBERS = [
    "Ich habe 12,50 € bezahlt, insgesamt 1.234,56 €.",
    "I paid $1,299.00 and EUR 49.99.",
    "Der Brief kam am 18.11.2026 um 20:00 Uhr.",
    "The letter is dated 2026-11-18.",
    "Am 18.11.26 und am 18. 11. 2026.",
    "On 11/18/2026 at 8:00 pm, and 18-11-2026.",
    "Das war im Jahr 2026, Bestellung 4711.",
    "Order 4711, invoice 2026-0042, 3 parcels.",
    "Von 18.11.2026 bis 20.11.2026, 20:00-22:00 Uhr.",
    "Version 1.2.3 of the app, 3 items, 100 % sure.",
    "Timestamp 2026-11-18T20:00:00Z.",
    "Sperr-Notruf 116 116 habe ich angerufen.",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("text", ORDINARY_NUMBERS)
def test_ordinary_numbers_dates_and_times_are_left_alone(redactor, language, text):
    assert redactor.redact(text, language) == Redacted(text, ())


@pytest.mark.parametrize("language", LANGUAGES)
def test_script_tags_are_left_as_they_are(redactor, language):
    text = "<script>alert('hi')</script> Meine Mail: max@example.de <b>danke</b>"
    expected = "<script>alert('hi')</script> Meine Mail: <EMAIL> <b>danke</b>"
    assert redactor.redact(text, language) == Redacted(expected, ("EMAIL",))


@pytest.mark.parametrize("language", LANGUAGES)
def test_email_inside_angle_brackets(redactor, language):
    text = "Max Mustermann <max.mustermann@example.de> schrieb:"
    assert redactor.redact(text, language) == Redacted("<PERSON> <<EMAIL>> schrieb:", ("PERSON", "EMAIL"))


# --- several kinds, edge cases -----------------------------------------------------------------


def test_several_kinds_in_order_of_appearance_en(redactor):
    text = (
        f"Hi, it's Jane. Reach me at jane.doe@example.com or +1 212 555 0123. My card 4111-1111-1111-1111 "
        f"was charged, refund to {IBAN_GB}. SSN {SSN}, passport {PASSPORT}, IP 198.51.100.23."
    )
    result = redactor.redact(text, "en")
    assert result.kinds == ("PERSON", "EMAIL", "PHONE", "CARD", "IBAN", "TAX_ID", "ID_DOCUMENT", "IP_ADDRESS")
    assert result.text == (
        "Hi, it's <PERSON>. Reach me at <EMAIL> or <PHONE>. My card <CARD> was charged, refund to <IBAN>. "
        "SSN <TAX_ID>, passport <ID_DOCUMENT>, IP <IP_ADDRESS>."
    )


def test_several_kinds_in_order_of_appearance_de(redactor):
    text = (
        f"Guten Tag, IBAN {IBAN_DE}, Steuer-ID {TAX_ID_GROUPED}, Ausweis {ID_CARD}. "
        f"Erreichbar unter 030/1234567 oder max@example.de. Code {NOTICE_CODES[1]}, am 18.11.2026 12,50 € bezahlt."
    )
    result = redactor.redact(text, "de")
    assert result.kinds == ("IBAN", "TAX_ID", "ID_DOCUMENT", "PHONE", "EMAIL")
    assert result.text == (
        "Guten Tag, IBAN <IBAN>, Steuer-ID <TAX_ID>, Ausweis <ID_DOCUMENT>. "
        f"Erreichbar unter <PHONE> oder <EMAIL>. Code {NOTICE_CODES[1]}, am 18.11.2026 12,50 € bezahlt."
    )


def test_same_kind_twice_is_listed_twice(redactor):
    assert redactor.redact("a@example.com, b@example.com", "en") == Redacted("<EMAIL>, <EMAIL>", ("EMAIL", "EMAIL"))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("text", ["", " ", "\n\t  \n"])
def test_empty_and_whitespace(redactor, language, text):
    assert redactor.redact(text, language) == Redacted(text, ())


@pytest.mark.parametrize("language", LANGUAGES)
def test_text_without_personal_data_is_unchanged(redactor, language):
    text = "Hallo! Was ist passiert, und bin ich betroffen? Muss ich mein Passwort ändern? Danke :-)"
    assert redactor.redact(text, language) == Redacted(text, ())


def test_long_message(redactor):
    sentence = (
        f"Ich schreibe wegen des Briefes vom 18.11.2026 (Code {NOTICE_CODES[0]}). "
        f"Mail max@example.de, Tel. 0171 2345678, IBAN {IBAN_DE}. "
    )
    text = (sentence * 20)[:2000]
    assert len(text) == 2000
    result = redactor.redact(text, "de")
    full = text.count(sentence)
    assert result.kinds[: 3 * full] == ("EMAIL", "PHONE", "IBAN") * full
    for secret in ["max@example.de", "0171 2345678", IBAN_DE]:
        assert secret not in result.text
    assert result.text.count(NOTICE_CODES[0]) == text.count(NOTICE_CODES[0])


def test_unknown_language_is_treated_as_english(redactor):
    text = f"Écrivez à jean@example.fr, carte {CARDS[0]}"
    assert redactor.redact(text, "fr") == redactor.redact(text, "en") == Redacted("Écrivez à <EMAIL>, carte <CARD>", ("EMAIL", "CARD"))
    assert normalise_language("de-AT") == normalise_language("DE") == "de"
    assert normalise_language("") == normalise_language("es") == "en"


def test_text_must_be_a_string(redactor):
    with pytest.raises(TypeError):
        redactor.redact(None, "en")  # type: ignore[arg-type]


def test_result_is_frozen(redactor):
    result = redactor.redact("a@example.com", "en")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.text = "x"  # type: ignore[misc]
    assert isinstance(result.kinds, tuple)


# --- overlap resolution ------------------------------------------------------------------------


def test_overlap_keeps_the_longest_finding():
    found = [Finding(5, 20, "IBAN", 1.0), Finding(9, 13, "PHONE", 0.4), Finding(30, 35, "EMAIL", 1.0)]
    assert resolve_overlaps(found) == [Finding(5, 20, "IBAN", 1.0), Finding(30, 35, "EMAIL", 1.0)]


def test_overlap_of_equal_length_keeps_the_higher_score():
    found = [Finding(0, 10, "PHONE", 0.4), Finding(0, 10, "ID_DOCUMENT", 0.85)]
    assert resolve_overlaps(found) == [Finding(0, 10, "ID_DOCUMENT", 0.85)]


def test_partial_overlap_covers_both_spans():
    # Nothing of the shorter finding may stay visible.
    found = [Finding(10, 30, "CARD", 1.0), Finding(25, 35, "PHONE", 0.4)]
    assert resolve_overlaps(found) == [Finding(10, 35, "CARD", 1.0)]


def test_replacement_from_the_end_keeps_offsets_valid():
    text = "a@b.de and 0171 2345678 end"
    result = apply(text, [Finding(0, 6, "EMAIL", 1.0), Finding(11, 23, "PHONE", 0.4)])
    assert result == Redacted("<EMAIL> and <PHONE> end", ("EMAIL", "PHONE"))


# --- no network, no logging of text, threads ---------------------------------------------------


class NetworkTrap:
    """Record and refuse every attempt to resolve a host name or open a connection."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.attempts: list[str] = []

        def refuse(name):
            def blocked(*args, **kwargs):
                self.attempts.append(name)
                raise OSError(f"network access attempted: {name}")

            return blocked

        monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
        monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
        monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
        monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))


def test_no_network_access_when_building_or_redacting(monkeypatch):
    trap = NetworkTrap(monkeypatch)
    # tldextract's default extractor (what Presidio's EmailRecognizer calls) may also be satisfied
    # by a disk cache from an earlier run, which the trap would not notice: it must not be used at all.
    def default_extractor_used(*args, **kwargs):
        raise AssertionError("tldextract's default (downloading) extractor was used")

    monkeypatch.setattr(tldextract, "extract", default_extractor_used)
    monkeypatch.setattr(tldextract.tldextract, "TLD_EXTRACTOR", default_extractor_used)
    redactor = Redactor()  # a fresh one: its suffix list is loaded with the trap in place
    for language in LANGUAGES:
        result = redactor.redact("Mails: max@example.de, jane@mail.example.co.uk, x@beispiel.berlin", language)
        assert result.kinds == ("EMAIL", "EMAIL", "EMAIL")
    assert trap.attempts == []


def test_the_network_trap_catches_tldextract_default_download(monkeypatch):
    # Proves the trap above would notice: tldextract's default settings try to download the list.
    trap = NetworkTrap(monkeypatch)
    logging.getLogger("tldextract").disabled = True
    try:
        default = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=tldextract.tldextract.PUBLIC_SUFFIX_LIST_URLS)
        assert default("max@example.de").fqdn == "example.de"  # after the failed download: the snapshot
    finally:
        logging.getLogger("tldextract").disabled = False
    assert trap.attempts


def test_message_text_is_never_logged_above_debug(redactor, caplog):
    caplog.set_level(logging.DEBUG)
    secrets = ["max@example.de", "0171 2345678", IBAN_DE, CARDS[0], TAX_ID, ID_CARD, "203.0.113.7"]
    text = "Hallo " + ", ".join(secrets) + f", Personalausweis {ID_CARD}, IBAN {IBAN_DE.lower()}, x {IBAN_BAD}"
    for language in LANGUAGES:
        redactor.redact(text, language)
    assert [r for r in caplog.records if r.levelno > logging.DEBUG] == []
    for record in caplog.records:
        message = record.getMessage()
        assert not any(secret in message for secret in secrets), record.name


def test_concurrent_use_gives_the_same_results(redactor):
    texts = [case[1] for case in SINGLE_KIND] + ORDINARY_NUMBERS
    expected = [redactor.redact(t, "de") for t in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(5):
            assert list(pool.map(lambda t: redactor.redact(t, "de"), texts)) == expected


# --- personal data found by the words around it ------------------------------------------------
# (text, language, values that must be gone, kinds expected). All names, dates and numbers invented.

CONTEXT_CASES = [
    # names
    ("My name is John Miller and I got your letter.", "en", ["John Miller"], ("PERSON",)),
    ("Hi, I'm Sarah, was my card affected?", "en", ["Sarah"], ("PERSON",)),
    ("I am Olamide Adeyemi, a customer since 2015.", "en", ["Olamide Adeyemi"], ("PERSON",)),
    ("my name is john, please help", "en", ["john"], ("PERSON",)),
    ("Thanks for the help.\nRegards, John Miller", "en", ["John Miller"], ("PERSON",)),
    ("Is my data affected? Kind regards\nEmily O'Brien", "en", ["Emily O'Brien"], ("PERSON",)),
    ("Please call Mrs. Henderson back.", "en", ["Henderson"], ("PERSON",)),
    ("Ich heiße Petra Schulze und bin besorgt.", "de", ["Petra Schulze"], ("PERSON",)),
    ("Mein Name ist Klaus-Dieter von Hohenberg.", "de", ["Klaus-Dieter von Hohenberg"], ("PERSON",)),
    ("Hallo, ich bin Anna und habe eine Frage.", "de", ["Anna"], ("PERSON",)),
    ("Was soll ich tun? Gruß Petra Schulze", "de", ["Petra Schulze"], ("PERSON",)),
    ("Danke für die Hilfe!\nLG Anna", "de", ["Anna"], ("PERSON",)),
    ("Mit freundlichen Grüßen\nHans-Jürgen Weber", "de", ["Hans-Jürgen Weber"], ("PERSON",)),
    ("Bitte rufen Sie Frau Öztürk an.", "de", ["Öztürk"], ("PERSON",)),
    # dates of birth
    ("I was born on 12.03.1985, is that leaked?", "en", ["12.03.1985"], ("DATE_OF_BIRTH",)),
    ("DOB: 03/12/1985", "en", ["03/12/1985"], ("DATE_OF_BIRTH",)),
    ("My date of birth is March 12th, 1985.", "en", ["March 12th, 1985"], ("DATE_OF_BIRTH",)),
    ("born 4 July 1979 in Leeds", "en", ["4 July 1979"], ("DATE_OF_BIRTH",)),
    ("My birthday is 1985-03-12.", "en", ["1985-03-12"], ("DATE_OF_BIRTH",)),
    ("Ich bin am 12.3.85 geboren.", "de", ["12.3.85"], ("DATE_OF_BIRTH",)),
    ("Geburtsdatum: 12. März 1985", "de", ["12. März 1985"], ("DATE_OF_BIRTH",)),
    ("geb. 01.02.1960, wohnhaft in Köln", "de", ["01.02.1960"], ("DATE_OF_BIRTH",)),
    ("Mein Geburtstag ist der 3. Mai 1990.", "de", ["3. Mai 1990"], ("DATE_OF_BIRTH",)),
    # addresses
    ("I live at 221B Baker Street, London NW1 6XE.", "en", ["221B Baker Street", "NW1 6XE"], ("ADDRESS",)),
    ("Send it to 1600 Pennsylvania Ave NW, Washington, DC 20500", "en", ["1600 Pennsylvania Ave", "20500"], ("ADDRESS",)),
    ("My address is 42 Oak Lane, Springfield, IL 62704.", "en", ["42 Oak Lane", "62704"], ("ADDRESS",)),
    ("Ich wohne in der Hauptstraße 5, 10115 Berlin.", "de", ["Hauptstraße 5", "10115 Berlin"], ("ADDRESS",)),
    ("Meine Adresse: Berliner Str. 12a, 80331 München", "de", ["Berliner Str. 12a", "80331 München"], ("ADDRESS",)),
    ("Anschrift: Am Markt 3, 04109 Leipzig", "de", ["Am Markt 3", "04109 Leipzig"], ("ADDRESS",)),
    ("Ich wohne Unter den Linden 77 in Berlin.", "de", ["Unter den Linden 77"], ("ADDRESS",)),
    # passwords and PINs
    ("my password was Sommer2024! - do I need to change it?", "en", ["Sommer2024!"], ("PASSWORD",)),
    ("The password for the portal is 'correct horse'.", "en", ["correct horse"], ("PASSWORD",)),
    ("my password is sunshine", "en", ["sunshine"], ("PASSWORD",)),
    ("My PIN is 4711.", "en", ["4711"], ("PASSWORD",)),
    ("Mein Passwort ist Hund123, ist das betroffen?", "de", ["Hund123"], ("PASSWORD",)),
    ("Passwort: Ki7!mZ9q", "de", ["Ki7!mZ9q"], ("PASSWORD",)),
    ("PIN 4711 habe ich nie geändert.", "de", ["4711"], ("PASSWORD",)),
    ("Meine Geheimzahl lautet 0815.", "de", ["0815"], ("PASSWORD",)),
    # customer, contract, account, meter numbers
    ("My customer number is 12345678.", "en", ["12345678"], ("CUSTOMER_NUMBER",)),
    ("contract no. CT-2020-55812, account number 0099887766", "en", ["CT-2020-55812", "0099887766"], ("CUSTOMER_NUMBER", "CUSTOMER_NUMBER")),
    ("meter number 1ESY1160123456", "en", ["1ESY1160123456"], ("CUSTOMER_NUMBER",)),
    ("Meine Kundennummer lautet K-4711-0815.", "de", ["K-4711-0815"], ("CUSTOMER_NUMBER",)),
    ("Vertragsnummer: 7788 9911 22", "de", ["7788 9911 22"], ("CUSTOMER_NUMBER",)),
    ("Zählernummer 1APA0012345678, Kd.-Nr. 556677", "de", ["1APA0012345678", "556677"], ("CUSTOMER_NUMBER", "CUSTOMER_NUMBER")),
    # card expiry and security code
    ("Card expires 08/27, CVV 123.", "en", ["08/27", "123"], ("CARD_EXPIRY", "CVV")),
    ("expiry date: 11/2028 and the security code is 4321", "en", ["11/2028", "4321"], ("CARD_EXPIRY", "CVV")),
    ("Karte gültig bis 03/26, Prüfziffer 987", "de", ["03/26", "987"], ("CARD_EXPIRY", "CVV")),
    ("Ablaufdatum 09/2029, die drei Ziffern auf der Rückseite sind 456", "de", ["09/2029", "456"], ("CARD_EXPIRY", "CVV")),
    # obfuscated e-mail addresses
    ("write to max (at) web.de", "en", ["max (at) web.de"], ("EMAIL",)),
    ("jane.doe at example dot com", "en", ["jane.doe at example dot com"], ("EMAIL",)),
    ("Mail: anna[at]firma[dot]de", "de", ["anna[at]firma[dot]de"], ("EMAIL",)),
    ("Schreiben Sie an peter.meier @ gmx.net bitte", "de", ["peter.meier @ gmx.net"], ("EMAIL",)),
    # health (GDPR Art. 9)
    ("I have type 2 diabetes and take insulin.", "en", ["diabetes", "insulin"], ("HEALTH", "HEALTH")),
    ("I'm pregnant and worried about my data.", "en", ["pregnant"], ("HEALTH",)),
    ("My son has epilepsy and ADHD.", "en", ["epilepsy", "ADHD"], ("HEALTH", "HEALTH")),
    ("Ich bin in Chemotherapie wegen Brustkrebs.", "de", ["Chemotherapie", "Brustkrebs"], ("HEALTH", "HEALTH")),
    ("Ich bin schwanger und habe Depressionen.", "de", ["schwanger", "Depressionen"], ("HEALTH", "HEALTH")),
    ("Meine Mutter hat Alzheimer, sie ist HIV-positiv.", "de", ["Alzheimer", "HIV-positiv"], ("HEALTH", "HEALTH")),
    # more name forms: relatives, sender lines, a known first name with a surname, capitals
    ("My mother, Dorothy Evans, got a letter.", "en", ["Dorothy Evans"], ("PERSON",)),
    ("The account is registered to Chidi Okafor.", "en", ["Chidi Okafor"], ("PERSON",)),
    ("My name is JOHN SMITH", "en", ["JOHN SMITH"], ("PERSON",)),
    ("Hi, I'm Xiomara, my card was used.", "en", ["Xiomara"], ("PERSON",)),
    ("Thanks a lot :)\nOlamide Adeyemi :)", "en", ["Olamide Adeyemi"], ("PERSON",)),
    ("Sincerely,\n\nJohn", "en", ["John"], ("PERSON",)),
    ("Ich schreibe für meine Mutter Gertrud Hoffmann.", "de", ["Gertrud Hoffmann"], ("PERSON",)),
    ("Im Auftrag meines Vaters Horst Krüger", "de", ["Horst Krüger"], ("PERSON",)),
    ("Konto von Max Mustermann", "de", ["Max Mustermann"], ("PERSON",)),
    ("Moin, Schulze hier.", "de", ["Schulze"], ("PERSON",)),
    ("Sehr geehrter Herr Dr. med. Kranz", "de", ["Kranz"], ("PERSON",)),
    ("Hochachtungsvoll\nErika Musterfrau", "de", ["Erika Musterfrau"], ("PERSON",)),
    ("Beste Grüße aus Köln, Markus", "de", ["Markus"], ("PERSON",)),
    ("MfG, K. Schmidt", "de", ["K. Schmidt"], ("PERSON",)),
    # more password, PIN and code forms
    ("I changed my password to Tulip#7 yesterday.", "en", ["Tulip#7"], ("PASSWORD",)),
    ("my credentials are admin / Adm1n!pw", "en", ["Adm1n!pw"], ("PASSWORD",)),
    ("1234 is my PIN", "en", ["1234"], ("PASSWORD",)),
    ("SMS code 482913", "en", ["482913"], ("PASSWORD",)),
    ("Das Passwort war leider überall dasselbe: Hase2019", "de", ["Hase2019"], ("PASSWORD",)),
    ("Passwort ist mein Hundename Bello2019", "de", ["Bello2019"], ("PASSWORD",)),
    ("Blume2020 war mein Passwort", "de", ["Blume2020"], ("PASSWORD",)),
    ("Die PIN meiner EC-Karte ist 5678.", "de", ["5678"], ("PASSWORD",)),
    # more number, card and IBAN forms
    ("Die Kundennummer, die auf dem Brief steht, ist 4455667.", "de", ["4455667"], ("CUSTOMER_NUMBER",)),
    ("Kundennummer:\n5566770", "de", ["5566770"], ("CUSTOMER_NUMBER",)),
    ("Stromzähler Nummer 1EMH0012345678", "de", ["1EMH0012345678"], ("CUSTOMER_NUMBER",)),
    ("Ich bin Kunde mit der Nummer 123456, Kundennummer K 123 457, Vertrag 12.345.678", "de", ["123456", "K 123 457", "12.345.678"], ("CUSTOMER_NUMBER",) * 3),
    ("12345678 ist meine Kundennummer", "de", ["12345678"], ("CUSTOMER_NUMBER",)),
    ("card 4111 1111 1111 1111, exp 12/27, 999", "en", ["4111 1111 1111 1111", "12/27", "999"], ("CARD", "CARD_EXPIRY", "CVV")),
    ("my CVV, which is on the back of the card, is 321", "en", ["321"], ("CVV",)),
    ("Kartenprüfnummer (CVC): 456", "de", ["456"], ("CVV",)),
    ("CVV (3 Ziffern): 852", "de", ["852"], ("CVV",)),
    ("Überweisung an DE89 37040044 0532013000 bitte", "de", ["DE89 37040044 0532013000"], ("IBAN",)),
    ("Tel. 0123 4567890, Handy 0150 12345678", "de", ["0123 4567890", "0150 12345678"], ("PHONE", "PHONE")),
    # more health forms
    ("I was diagnosed with Lyme disease last year.", "en", ["Lyme disease"], ("HEALTH",)),
    ("I have Long-COVID and I'm deaf.", "en", ["Long-COVID", "deaf"], ("HEALTH", "HEALTH")),
    ("Ich bin seit März krankgeschrieben, Bandscheibenvorfall.", "de", ["krankgeschrieben", "Bandscheibenvorfall"], ("HEALTH", "HEALTH")),
    ("Ich leide an Neurodermitis.", "de", ["Neurodermitis"], ("HEALTH",)),
]


@pytest.mark.parametrize("text, language, values, kinds", CONTEXT_CASES)
def test_personal_data_found_by_its_context(redactor, text, language, values, kinds):
    result = redactor.redact(text, language)
    for value in values:
        assert value not in result.text, result.text
    assert result.kinds == kinds, result.text


@pytest.mark.parametrize("text, language, values, kinds", CONTEXT_CASES)
def test_context_detection_does_not_depend_on_the_language(redactor, text, language, values, kinds):
    other = "de" if language == "en" else "en"
    assert redactor.redact(text, other) == redactor.redact(text, language)


def test_only_the_value_is_replaced_the_cue_stays(redactor):
    assert redactor.redact("My name is John Miller.", "en").text == "My name is <PERSON>."
    assert redactor.redact("Mein Passwort ist Hund123, ist das betroffen?", "de").text == "Mein Passwort ist <PASSWORD>, ist das betroffen?"
    assert redactor.redact("Kundennummer: 12345678", "de").text == "Kundennummer: <CUSTOMER_NUMBER>"
    assert redactor.redact("geboren am 12.03.1985", "de").text == "geboren am <DATE_OF_BIRTH>"
    assert redactor.redact("Card expires 08/27, CVV 123.", "en").text == "Card expires <CARD_EXPIRY>, CVV <CVV>."


# Ordinary messages, close to the cases above, that must stay exactly as they are.
HARD_NEGATIVES = [
    ("The breach happened on 12.03.2024, right?", "en"),
    ("I was charged 1,299.00 EUR on 03/12/2025.", "en"),
    ("Where do I find my customer number?", "en"),
    ("My customer number is on the letter, isn't it?", "en"),
    ("What is a CVV?", "en"),
    ("Is health data affected?", "en"),
    ("I live in Berlin.", "en"),
    ("Does Art. 34 GDPR apply here?", "en"),
    ("I'm worried. I'm Very Angry about this!", "en"),
    ("I'm sure my password is safe, is it?", "en"),
    ("My password is weak, should I change it?", "en"),
    ("My password was changed yesterday.", "en"),
    ("Do I need a new PIN?", "en"),
    ("My card expired last year, does that matter?", "en"),
    ("When was the date of birth field added? In 2019.", "en"),
    ("Thanks for your quick answer!", "en"),
    ("I logged in at example.com yesterday.", "en"),
    ("I have been a customer since 2015 and paid 1000 euros.", "en"),
    ("Which data categories were involved, e.g. names or addresses?", "en"),
    ("I read 3 pages of the notice on 18 November 2026.", "en"),
    ("Der Vorfall war am 12.03.2024, oder?", "de"),
    ("Wo finde ich meine Kundennummer?", "de"),
    ("Was ist eine Prüfziffer?", "de"),
    ("Sind Gesundheitsdaten betroffen?", "de"),
    ("Ich wohne in Berlin.", "de"),
    ("Gilt Art. 34 DSGVO hier?", "de"),
    ("Ich bin Kunde bei Ihnen seit 2015.", "de"),
    ("Ich bin Rentner und kenne mich nicht aus.", "de"),
    ("Muss ich mein Passwort ändern?", "de"),
    ("Mein Passwort ist sicher, oder?", "de"),
    ("Mein Passwort wurde schon geändert.", "de"),
    ("Brauche ich eine neue PIN?", "de"),
    ("Vielen Dank für Ihre Hilfe!", "de"),
    ("Viele Grüße aus Hamburg", "de"),
    ("Ist mein Geburtsdatum betroffen? Der Brief kam am 18.11.2026.", "de"),
    ("Der Artikel 5 Absatz 2 ist gemeint, Seite 3.", "de"),
    ("Ich habe am 18.11.2026 um 20:00 Uhr 12,50 € bezahlt.", "de"),
    ("Er sucht nach seiner Kundenkarte.", "de"),
    ("Ich war im Jahr 2026 dreimal beim Arzt.", "de"),
    ("Sehr geehrte Damen und Herren, was ist passiert?", "de"),
    ("I'm frank with you: what happened?", "en"),
    ("Will the bank refund me? May I ask why?", "en"),
    ("Mark the date: 18.11.2026.", "en"),
    ("I live in New York and work at Goldman Sachs.", "en"),
    ("I'm Furious! This is Unacceptable.", "en"),
    ("Should my password have 12 characters and 2FA?", "en"),
    ("I reset my password on 18.11.2026 after the COVID-19 news.", "en"),
    ("Could the malware infection spread to my phone?", "en"),
    ("Die Deutsche Bank und Sparkasse Köln sind betroffen?", "de"),
    ("Ich bin Koch und Rentner.", "de"),
    ("Mein Passwort für das GMX-Konto ist sicher.", "de"),
    ("Das Passwort muss 12 Zeichen haben, auch Sonderzeichen wie ! oder ?.", "de"),
    ("Ich war im Urlaub und habe 3 Mails bekommen.", "de"),
    ("Ich habe mein Passwort auf einer falschen Seite eingegeben", "de"),
    ("I forgot my password and can't log in to change it", "en"),
    ("PASSWORD RESET IS BROKEN!!!", "en"),
    ("Als Kunde habe ich 1.234,56 € bezahlt.", "de"),
    ("My account was charged 1,500 twice, customer since 2015.", "en"),
    ("My name and address were in the letter, is my name on the list?", "en"),
    ("Mein Name und meine Adresse sind betroffen?", "de"),
    ("An agent's browser: an HTTP session with the login cookie, and the agent socket.", "en"),
    ("Tested like features: logins, cookies, CSRF, origins.", "en"),
    ("Auf Seite 2 steht Art. 34 DSGVO, Absatz 3.", "de"),
]


@pytest.mark.parametrize("text, language", HARD_NEGATIVES)
def test_ordinary_messages_close_to_personal_data_stay_unchanged(redactor, text, language):
    assert redactor.redact(text, language) == Redacted(text, ())


def test_every_placeholder_kind_has_readable_labels_in_the_contract():
    import json
    from pathlib import Path

    from handoff.redaction.recognizers import KINDS

    contract = json.loads((Path(__file__).resolve().parents[3] / "data" / "contract.json").read_text(encoding="utf-8"))
    labels = contract["redaction_kinds"]
    for kind in KINDS:
        assert set(labels[kind]) == {"en", "de"} and all(labels[kind].values()), kind


def test_health_deny_list_is_a_presidio_deny_list_with_inflections():
    from handoff.redaction.contextual import HealthConditionRecognizer
    from handoff.redaction.wordlists import HEALTH_TERMS

    recognizer = HealthConditionRecognizer("de")
    assert recognizer.deny_list == HEALTH_TERMS
    assert len(HEALTH_TERMS) > 300
    for form in ["schwanger", "schwangere", "schwangeren", "depression", "depressionen", "depressiv", "depressiver"]:
        assert form in HEALTH_TERMS


def test_a_name_found_once_is_replaced_everywhere_in_the_message(redactor):
    text = "My name is Anna Weber. Is Anna Weber's card affected? Weber is on the letter."
    result = redactor.redact(text, "en")
    assert "Anna" not in result.text and "Weber" not in result.text, result.text
    assert set(result.kinds) == {"PERSON"}


def test_health_deny_list_trie_matches_the_same_words_as_a_plain_alternation():
    import regex

    from handoff.redaction.contextual import trie_regex
    from handoff.redaction.wordlists import HEALTH_TERMS

    trie = regex.compile(r"(?:^|(?<=\W))(" + trie_regex(HEALTH_TERMS) + r")(?:(?=\W)|$)", regex.IGNORECASE)
    plain = regex.compile(r"(?:^|(?<=\W))(" + "|".join(regex.escape(t) for t in HEALTH_TERMS) + r")(?:(?=\W)|$)", regex.IGNORECASE)
    for term in HEALTH_TERMS[::7] + ["diabetic", "diabetes", "schwangere", "depressionen"]:
        text = f"x {term} y"
        assert trie.search(text).group(1) == plain.search(text).group(1) == term


@pytest.mark.parametrize("language", LANGUAGES)
def test_typical_message_is_redacted_within_a_few_milliseconds(redactor, language):
    # The hot path: one message per customer turn. Generous bound (shared CI machines).
    import time

    text = "Hallo, ich bin Anna Weber, geboren am 12.03.1985. Mein Passwort war Sommer2024! Kundennummer 4711-0815."
    started = time.process_time()
    for _ in range(20):
        redactor.redact(text, language)
    assert (time.process_time() - started) / 20 < 0.05


@pytest.mark.parametrize("text, expected", [
    ("Ist meine IBAN DE89 3704 0044 0532 0130 00 betroffen?", "Ist meine IBAN <IBAN> betroffen?"),
    ("My IBAN DE89 3704 0044 0532 0130 00 was it leaked?", "My IBAN <IBAN> was it leaked?"),
    ("IBAN DE89 3704 0044 0532 0130 01 betroffen", "IBAN <IBAN> betroffen"),  # mistyped: still redacted
])
def test_the_words_after_an_iban_stay(redactor, text, expected):
    assert redactor.redact(text, "de").text == expected


def test_skipping_digit_only_kinds_for_texts_without_digits_changes_nothing(redactor):
    """The shortcut (``recognizers.NEEDS_A_DIGIT``) must redact every text of the privacy corpus
    exactly as the full analysis does."""
    import yaml

    from tests.conftest import ROOT

    corpus = ROOT / "benchmarks" / "privacy_corpus"
    texts = [(item["text"], item["lang"]) for name in ("pii.yml", "ordinary.yml")
             for item in yaml.safe_load((corpus / name).read_text(encoding="utf-8"))]
    without_digits = [(text, language) for text, language in texts if not any(c.isdigit() for c in text)]
    assert len(without_digits) > 300  # the shortcut really applies to these
    fast = [redactor.redact(text, language).text for text, language in without_digits]
    full = Redactor.__new__(Redactor)
    full.__dict__.update(redactor.__dict__, _entities_without_digits=redactor._entities)  # noqa: SLF001
    assert [full.redact(text, language).text for text, language in without_digits] == fast
