"""The studio's first-answer length check of one field (actions/content/first_answers.py): the first
answers are composed with the typed text in place of the field's, as ``make check-content`` composes
them, and each one that contains the field and has more than 60 words is named."""
from __future__ import annotations

import asyncio

import yaml

from actions.common import content
from actions.config import settings
from actions.content import first_answers, readability
from actions.notice import ActionTellWhatHappened
from tests.unit.conftest import make_tracker, run_action, texts

SUMMARY = "what_happened.summary"
# 80 words in 10 short sentences: every per-field rule but the first-answer length passes.
LONG_EN = " ".join(["Someone got into some of our customer accounts last week."] * 8)
LONG_DE = " ".join(["Fremde waren letzte Woche in einigen Konten unserer Kunden drin."] * 8)
SHORT_EN = "Someone got into some customer accounts in our shop. We have locked these accounts."


def _document() -> str:
    return f"incidents/{settings().incident_id}"


def test_a_summary_of_80_words_makes_the_first_answer_too_long(kiebitz):
    assert readability.word_count(LONG_EN) == 80
    found = first_answers.problems(_document(), SUMMARY, "en", LONG_EN)
    assert [problem["rule"] for problem in found] == ["first_answer_length"]
    assert found[0]["key"] == "check_first_answer_length"  # worded by the studio (data/content/ui.yml)
    assert found[0]["values"] == {"topic": "What happened", "words": "80", "limit": "60"}


def test_the_german_summary_names_the_german_question(kiebitz):
    found = first_answers.problems(_document(), SUMMARY, "de", LONG_DE)
    assert [problem["values"]["topic"] for problem in found] == ["Was ist passiert"]
    assert first_answers.problems(_document(), SUMMARY, "en", LONG_DE) != []  # the English answer too


def test_a_short_summary_passes(kiebitz):
    assert first_answers.problems(_document(), SUMMARY, "en", SHORT_EN) == []
    notice = yaml.safe_load(settings().incident_file.read_text(encoding="utf-8"))
    assert first_answers.problems(_document(), SUMMARY, "de", notice["what_happened"]["summary"]["de"]) == []


def test_a_frame_with_placeholders_is_found_in_the_answers_it_frames(kiebitz):
    long_frame = "It started on {date}. " + " ".join(["We are still looking at what happened then."] * 7)
    found = first_answers.problems("phrases", "phrases.when_started", "en", long_frame)
    assert [problem["values"]["topic"] for problem in found] == ["When it happened"]


def test_fields_outside_every_first_answer_never_get_it(kiebitz):
    # the notice's risks are read behind "More detail"; ui texts and language-less values are no answer
    assert first_answers.problems(_document(), "what_happened.cause", "en", LONG_EN) == []
    assert first_answers.problems("ui", "widget.title", "en", LONG_EN) == []
    assert first_answers.problems(_document(), "when.started", "", "2026-09-06") == []
    assert first_answers.problems(_document(), "no.such.field", "en", LONG_EN) == []
    assert first_answers.problems("incidents/another-incident", SUMMARY, "en", LONG_EN) == []


def test_the_typed_text_never_reaches_customers(kiebitz):
    async def check_and_answer():
        checking = asyncio.to_thread(first_answers.problems, _document(), SUMMARY, "en", LONG_EN)
        found, answer = await asyncio.gather(checking, asyncio.to_thread(
            run_action, ActionTellWhatHappened(), make_tracker("what_happened")))
        return found, answer

    found, answer = asyncio.run(check_and_answer())
    assert found and "Someone got into some of our customer accounts last week" not in texts(answer[0])
    assert content().incident.what_happened.summary.get("en").startswith("Someone logged into")
    assert "Someone logged into" in texts(run_action(ActionTellWhatHappened(), make_tracker("what_happened"))[0])
