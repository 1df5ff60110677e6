"""Answers from the incident notice, for both incidents and both languages."""
from __future__ import annotations

import pytest

from actions.notice import (
    ActionExplainOfficialContact,
    ActionTellContacts,
    ActionTellDataInvolved,
    ActionTellSupportOffer,
    ActionTellWhatHappened,
    ActionTellWhatWeDo,
    ActionTellWhen,
    ActionTellWhyWeHadData,
)
from tests.unit.conftest import MORE, make_tracker, payloads, run_action, texts


@pytest.mark.parametrize("language", ["en", "de"])
def test_what_happened_uses_the_notice_of_the_configured_incident(incident_id, language):
    messages, events = run_action(ActionTellWhatHappened(), make_tracker("what_happened", language))
    said = texts(messages)
    if incident_id == "kiebitz-2026-09":
        assert ("Shop" in said or "shop" in said) and "Rechnungen" not in said
    else:
        assert "Rechnungen" in said or "bill" in said
    assert events == []
    assert payloads(messages)[0] == '/what_happened{"detail":"more"}'  # "More detail" comes first
    more, _ = run_action(ActionTellWhatHappened(), make_tracker("what_happened", language, entities=MORE))
    assert "2026" in texts(more) and texts(more) not in said


def test_unknown_cause_is_said_plainly_and_a_person_offered(kiebitz):
    messages, _ = run_action(ActionTellWhatHappened(), make_tracker("what_happened", "en", entities=MORE))
    assert "We do not know yet how it happened" in texts(messages)
    assert "/request_human" in payloads(messages)
    messages, _ = run_action(ActionTellWhatHappened(), make_tracker("what_happened", "de", entities=MORE))
    assert "Wir wissen noch nicht, wie es passiert ist" in texts(messages)


def test_known_facts_come_without_the_unknown_disclaimer(nordlicht):
    messages, _ = run_action(ActionTellWhatHappened(), make_tracker("what_happened", "en", entities=MORE))
    assert "do not know yet" not in texts(messages)
    assert "/request_human" not in payloads(messages)


def test_dates_are_written_in_the_customers_language(nordlicht):
    english, _ = run_action(ActionTellWhen(), make_tracker("when_did_it_happen", "en"))
    german, _ = run_action(ActionTellWhen(), make_tracker("when_did_it_happen", "de"))
    assert "It started on 8 October 2026." in texts(english)
    assert "We told customers on 18 November 2026." in texts(english)
    assert "Es begann am 8. Oktober 2026." in texts(german)


def test_an_unknown_end_date_is_not_guessed(kiebitz):
    messages, _ = run_action(ActionTellWhen(), make_tracker("when_did_it_happen", "en"))
    said = texts(messages)
    assert "We do not know yet if it is over." in said and "It ended" not in said
    assert "/request_human" in payloads(messages)


@pytest.mark.parametrize("language", ["en", "de"])
def test_data_involved_lists_involved_not_involved_and_pending(kiebitz, language):
    messages, _ = run_action(ActionTellDataInvolved(), make_tracker("what_data_affected", language))
    first = texts(messages)
    involved_label = {"en": "health data", "de": "Gesundheitsdaten"}[language]
    not_involved = {"en": "Not involved:", "de": "Nicht betroffen:"}[language]
    pending = {"en": "We are still checking: phone number", "de": "Wir prüfen noch: Telefonnummer"}[language]
    assert involved_label in first and not_involved in first and pending in first
    messages, _ = run_action(ActionTellDataInvolved(), make_tracker("what_data_affected", language, entities=MORE))
    said = texts(messages)
    assert f"• {involved_label[:1].upper() + involved_label[1:]}:" in said
    # Encryption is explained only where it applies: the hashed passwords.
    encrypted_note = {"en": "scrambled form", "de": "verschlüsselt gespeichert"}[language]
    password_label = {"en": "Password", "de": "Passwort"}[language]
    password_line = next(line for line in said.splitlines() if line.startswith(f"• {password_label}:"))
    assert encrypted_note in password_line


def test_what_we_do_says_when_the_investigation_is_not_finished(kiebitz):
    messages, _ = run_action(ActionTellWhatWeDo(), make_tracker("how_fixed", "de", entities=MORE))
    assert "Wir wissen noch nicht" in texts(messages)
    assert "/request_human" in payloads(messages)


def test_why_we_had_data_covers_only_data_that_may_have_leaked(nordlicht):
    first, _ = run_action(ActionTellWhyWeHadData(), make_tracker("why_my_data", "en"))
    assert "bank account (IBAN)" in texts(first) and "health" not in texts(first).lower()
    messages, _ = run_action(ActionTellWhyWeHadData(), make_tracker("why_my_data", "en", entities=MORE))
    said = texts(messages)
    assert "Bank account (IBAN):" in said and "Date of birth:" in said
    assert "Health data:" not in said  # not involved at Nordlicht


def test_contacts_name_the_data_protection_officer_hotline_and_authority(kiebitz):
    messages, _ = run_action(ActionTellContacts(), make_tracker("contact_dpo_or_complaint", "en"))
    said = texts(messages)
    assert "data protection officer" in said and "@" in said
    assert "+49 40" in said and "https://" in said
    more, _ = run_action(ActionTellContacts(), make_tracker("contact_dpo_or_complaint", "en", entities=MORE))
    assert "complain to Hamburg Commissioner" in texts(more)


def test_suspicious_message_answer_says_what_we_never_ask_for(nordlicht):
    messages, _ = run_action(ActionExplainOfficialContact(), make_tracker("report_phishing", "en"))
    assert "never ask for your portal password" in texts(messages)
    assert "/report_fraud" in payloads(messages)
    messages, _ = run_action(ActionExplainOfficialContact(), make_tracker("report_phishing", "en", entities=MORE))
    assert "+49 30 0000 4400" in texts(messages) and "/report_fraud" in payloads(messages)


def test_support_offer_with_deadline(kiebitz):
    english, _ = run_action(ActionTellSupportOffer(), make_tracker("support_offer", "en", entities=MORE))
    german, _ = run_action(ActionTellSupportOffer(), make_tracker("support_offer", "de", entities=MORE))
    assert "Please sign up by 31 January 2027." in texts(english)
    assert "bis zum 31. Januar 2027" in texts(german)


def test_no_support_offer_is_said_honestly(nordlicht):
    messages, _ = run_action(ActionTellSupportOffer(), make_tracker("support_offer", "en"))
    assert "do not offer a protection service" in texts(messages)
    assert "/request_human" in payloads(messages)


def test_a_broken_notice_gets_an_apology_not_a_crash(monkeypatch, tmp_path):
    from actions import common, config

    broken = tmp_path / "broken-1.yml"
    broken.write_text("id: broken-1\ncompany: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("INCIDENT_ID", "broken-1")
    monkeypatch.setenv("INCIDENTS_DIR", str(tmp_path))
    config.settings.cache_clear()
    common.content.cache_clear()
    try:
        messages, events = run_action(ActionTellWhatHappened(), make_tracker("what_happened", "de"))
    finally:
        config.settings.cache_clear()
        common.content.cache_clear()
    assert "Entschuldigung" in texts(messages) and payloads(messages) == ["/request_human"]
    assert events == []


def test_a_comms_edit_shows_without_restart(monkeypatch, tmp_path):
    from actions import common, config
    from tests.conftest import INCIDENTS

    source = INCIDENTS["nordlicht-2026-11"] / "nordlicht-2026-11.yml"
    copy = tmp_path / "nordlicht-2026-11.yml"
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("INCIDENTS_DIR", str(tmp_path))
    monkeypatch.setenv("INCIDENT_ID", "nordlicht-2026-11")
    config.settings.cache_clear()
    common.content.cache_clear()
    try:
        before, _ = run_action(ActionTellWhen(), make_tracker("when_did_it_happen", "en"))
        copy.write_text(copy.read_text(encoding="utf-8").replace("started: 2026-10-08", "started: unknown"),
                        encoding="utf-8")
        after, _ = run_action(ActionTellWhen(), make_tracker("when_did_it_happen", "en"))
    finally:
        config.settings.cache_clear()
        common.content.cache_clear()
    assert "It started on 8 October 2026." in texts(before)
    assert "We do not know yet when it started." in texts(after)
