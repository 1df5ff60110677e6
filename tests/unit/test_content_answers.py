"""The checks on what the customer reads once texts are joined: sentence ends, stray answer words,
first answers of at most 60 words (actions/content/composed.py, run by `make check-content`)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from actions.content import check, composed, readability
from tests.conftest import INCIDENTS


def shipped(incident_id: str = "nordlicht-2026-11") -> dict:
    path = INCIDENTS[incident_id] / f"{incident_id}.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / f"{data['id']}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def with_old_slips(data: dict) -> dict:
    """The shipped notice as it was before issue 10: "Yes." / "Ja." in front of the supplier text,
    hotline hours without a full stop, and a "what you can do" that made the first answer 69 words."""
    supplier = data["what_happened"]["supplier"]
    supplier["en"], supplier["de"] = "Yes. " + supplier["en"], "Ja. " + supplier["de"]
    hours = data["contacts"]["hotline"]["hours"]
    hours["en"], hours["de"] = hours["en"].rstrip("."), hours["de"].rstrip(".")
    data["what_you_can_do"]["en"] = data["what_you_can_do"]["en"].replace(
        " If something", " We will never ask you to pay to a new bank account. If something")
    return data


@pytest.mark.parametrize("text, ends", [
    ("Monday to Saturday, 8 am to 8 pm German time.", True),
    ("Monday to Saturday, 8 am to 8 pm German time", False),
    ("Here is what to do, most urgent first:", True),
    ('Choose "Forgot password."', True),
    ("All facts in one place: https://example.org/notice", True),
    ("Please type it like this: name@example.com", True),
    ("Montag bis Samstag, 8 bis 20 Uhr", False),
])
def test_sentence_ends(text, ends):
    assert composed.ends_sentence(text) is ends


def test_answer_words_alone_are_stray_but_not_inside_a_sentence():
    assert composed.stray_answer_words("Yes. A print firm prints our bills.") == ["Yes."]
    assert composed.stray_answer_words("Cause. Ja.\nEine Druckfirma druckt.") == ["Ja."]
    assert composed.stray_answer_words("No! We never ask for it.") == ["No!"]
    assert composed.stray_answer_words("Yes, it already happened. No one broke in.") == []
    assert composed.stray_answer_words("Okay. Is there anything else?") == []


def test_a_new_sentence_without_a_full_stop_is_found_where_texts_are_joined():
    assert composed.missing_stops("Our team works Monday to Saturday, 8 am to 8 pm German time We can", "en")
    assert composed.missing_stops("Unser Team arbeitet Montag bis Samstag, 8 bis 20 Uhr Oder Sie", "de")
    assert composed.missing_stops("German time. We can help. Call us on +49 30 0000 4400.", "en") == []
    # The polite "Sie"/"Ihr" are capitalised inside German sentences: no sentence starts there.
    assert composed.missing_stops("Rufen Sie uns an, wenn Ihr Konto seltsam aussieht.", "de") == []


def test_the_old_slipped_notice_fails_the_check(tmp_path):
    report = check.run([write(tmp_path, with_old_slips(shipped()))])
    problems = "\n".join(report.problems)
    assert "what_happened.supplier.en: stray 'Yes.'" in problems
    assert "what_happened.supplier.de: stray 'Ja.'" in problems
    # ... and where the actions join it into the cause answer
    assert "answer what_happened (more, en): stray 'Yes.'" in problems
    assert "contacts.hotline.hours.en: does not end a sentence" in problems
    # the front door's waiting message joins the hours to the next sentence
    assert "phrases.waiting_outside_hours.en with the hotline of nordlicht-2026-11: no full stop before " \
           "a new sentence: '...m to 8 pm German time Someone may still...'" in problems
    assert "phrases.waiting_nobody.de with the hotline of nordlicht-2026-11: no full stop" in problems
    assert "answer what_should_i_do (first, en): the first answer has 69 words" in problems


def test_the_fixed_notice_passes_the_same_checks(tmp_path):
    assert check.run([write(tmp_path, shipped())]).problems == []


def test_a_long_first_answer_is_reported_with_its_topic(tmp_path):
    data = shipped("kiebitz-2026-09")
    data["what_we_are_doing"]["containment"]["de"] += " Wir prüfen jede Anmeldung. Wir prüfen jede Bestellung." * 2
    problems = "\n".join(check.run([write(tmp_path, data)]).problems)
    assert "answer how_fixed (first, de): the first answer has 6" in problems
    assert "(first, en)" not in problems


@pytest.mark.parametrize("incident_id", sorted(INCIDENTS))
def test_every_first_answer_fits_and_more_detail_says_more(incident_id):
    answers = composed.compose(INCIDENTS[incident_id] / f"{incident_id}.yml")
    words = {(a.topic, a.variant, a.language): sum(readability.word_count(t) for t in a.texts) for a in answers}
    firsts = [key for key in words if key[1] == "first"]
    assert len(firsts) == 24  # 12 topics, 2 languages
    for topic, _, language in firsts:
        assert 0 < words[(topic, "first", language)] <= composed.MAX_FIRST_ANSWER_WORDS, (topic, language)
    # "More detail" adds what the first answer left out (the 9-bubble advice is now behind it).
    advice_first = next(a for a in answers if a.topic == "what_should_i_do" and a.variant == "first")
    advice_more = next(a for a in answers if a.topic == "what_should_i_do" and a.variant == "more")
    assert len(advice_first.messages) == 1 and words[("what_should_i_do", "more", "en")] > 200
    assert any(a.variant.startswith("group:") for a in answers)
    assert advice_more.texts[0] not in advice_first.texts[0]
