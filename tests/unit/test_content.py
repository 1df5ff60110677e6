"""Incident notices, advice and phrases: schema errors that name file and field, and the
plain-language check."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from actions.content import check, readability
from actions.content.loader import ContentError, load_incident
from tests.conftest import INCIDENTS


def notice(incident_id: str = "kiebitz-2026-09") -> dict:
    path = INCIDENTS[incident_id] / f"{incident_id}.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict, name: str = "kiebitz-2026-09") -> Path:
    path = tmp_path / f"{name}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("incident_id", sorted(INCIDENTS))
def test_shipped_and_test_incidents_are_valid(incident_id):
    incident = load_incident(INCIDENTS[incident_id] / f"{incident_id}.yml")
    assert incident.id == incident_id


@pytest.mark.parametrize("change, message", [
    (lambda d: d["what_happened"]["summary"].pop("de"), "what_happened.summary.de: field required"),
    (lambda d: d["data_categories"].update(shoe_size=d["data_categories"]["name"]),
     "data_categories: unknown data categories ['shoe_size']"),
    (lambda d: d["data_categories"]["name"].update(status="leaked"),
     "data_categories.name.status: value is not a valid enumeration member"),
    (lambda d: d["when"].update(discovered="2026-08-01", started="2026-09-01"),
     "when: started (2026-09-01) is after discovered (2026-08-01)"),
    (lambda d: d.pop("contacts"), "contacts: field required"),
    (lambda d: d["what_happened"].update(cause={"en": "x", "de": "  "}), "what_happened.cause.de: must not be empty"),
    (lambda d: d.update(colour="red"), "colour: extra fields not permitted"),
    (lambda d: d["data_purposes"].pop("health"), "data_purposes: lacks an entry for ['health']"),
])
def test_broken_notices_name_file_and_field(tmp_path, change, message):
    data = notice()
    change(data)
    path = write(tmp_path, data)
    with pytest.raises(ContentError) as error:
        load_incident(path)
    assert f"{path}: {message}" in str(error.value)


def test_id_must_match_file_name(tmp_path):
    path = write(tmp_path, notice(), name="other-id")
    with pytest.raises(ContentError, match="id: is 'kiebitz-2026-09', must equal the file name 'other-id'"):
        load_incident(path)


@pytest.mark.parametrize("content, message", [
    (b"\xff\xfe not utf-8", "is not UTF-8 text"),
    (b"id: [unclosed", "is not valid YAML"),
    (b"- a list", "must hold a mapping of fields"),
])
def test_unreadable_files_give_clear_errors(tmp_path, content, message):
    path = tmp_path / "kiebitz-2026-09.yml"
    path.write_bytes(content)
    with pytest.raises(ContentError, match=message):
        load_incident(path)


def test_shipped_content_passes_the_check(capsys):
    paths = [INCIDENTS[key] / f"{key}.yml" for key in sorted(INCIDENTS)]
    assert check.main([str(path) for path in paths]) == 0
    assert "content OK" in capsys.readouterr().out


def test_jargon_is_reported_with_the_plain_substitute(tmp_path):
    data = notice()
    data["what_happened"]["summary"]["en"] = "Your credentials were compromised."
    report = check.run([write(tmp_path, data)])
    assert any("what_happened.summary.en: jargon 'compromised': say 'stolen / seen by someone else'" in line
               for line in report.problems)
    assert any("jargon 'credentials'" in line for line in report.problems)


def test_explained_terms_pass_unexplained_ones_do_not():
    terms = check.load_jargon()["en"]
    assert readability.jargon_in("Beware of phishing.", terms)
    assert not readability.jargon_in("Beware of phishing: fake emails that ask for your password.", terms)


def test_hard_text_fails_reading_ease_and_sentence_length(tmp_path):
    data = notice()
    data["consequences"]["de"] = (
        "Die unverzügliche Durchsetzung sämtlicher erforderlicher Schutzvorkehrungen gegenüber "
        "missbräuchlicher Verwendung Ihrer übermittelten Informationen erfordert gegebenenfalls "
        "Ihrerseits entsprechende Überprüfungsmaßnahmen hinsichtlich verdächtiger Kontobewegungen "
        "beziehungsweise unerwarteter Korrespondenz unbekannter Absender innerhalb der kommenden "
        "Wochen sowie anschließende Benachrichtigung unserer Kundenbetreuung beziehungsweise "
        "Bevollmächtigten hinsichtlich aller festgestellten Unregelmäßigkeiten und Auffälligkeiten.")
    report = check.run([write(tmp_path, data)])
    problems = [line for line in report.problems if "consequences.de" in line]
    assert any("Amstad reading ease" in line for line in problems)
    assert any("sentences average" in line for line in problems)


def test_missing_german_response_is_reported(tmp_path, monkeypatch):
    (tmp_path / "responses.yml").write_text(
        "responses:\n  utter_hello:\n  - text: Hello there.\n", encoding="utf-8")
    monkeypatch.setattr(check, "DOMAIN_DIR", tmp_path)
    report = check.Report()
    check.response_texts(report)
    assert any("responses.utter_hello: no German variation" in line for line in report.problems)


def test_phrase_placeholders_must_match_across_languages(tmp_path, monkeypatch):
    phrases = yaml.safe_load(check.PHRASES_FILE.read_text(encoding="utf-8"))
    phrases["phrases"]["when_started"]["de"] = "Es begann am {datum}."
    path = tmp_path / "phrases.yml"
    path.write_text(yaml.safe_dump(phrases, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(check, "PHRASES_FILE", path)
    report = check.Report()
    check.phrase_texts(report)
    assert any("phrases.when_started: placeholders differ" in line for line in report.problems)


@pytest.mark.parametrize("text, language, count", [
    ("information", "en", 4), ("beautiful", "en", 3), ("the", "en", 1), ("readability", "en", 5),
    ("Datenschutz", "de", 3), ("Entschädigung", "de", 4), ("Passwort", "de", 2),
])
def test_syllable_counts_match_known_values(text, language, count):
    assert readability.syllables(text, language) == count


def test_reading_ease_matches_the_published_formulas():
    # 6 words, 1 sentence, 6 syllables: 206.835 - 1.015*6 - 84.6*1 and 180 - 6 - 58.5*1
    assert readability.reading_ease("The cat sat on the mat.", "en") == pytest.approx(116.15, abs=0.1)
    assert readability.reading_ease("Der Hund sah die Katze an.", "de") == pytest.approx(
        180 - 6 - 58.5 * 7 / 6, abs=0.1)
