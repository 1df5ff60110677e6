"""No test message repeats a training example: a copy measures memory, not understanding."""
from __future__ import annotations

from tests.nlu import overlap


def test_folding_ignores_case_umlauts_and_sharp_s():
    assert overlap.fold("Ist mein  SCHLÜSSEL groß?") == overlap.fold("ist mein schluessel gross?")


def test_annotations_are_removed_before_comparing():
    assert overlap.plain("my code is [K7QX-4MPD-9TRA](notice_code)") == "my code is K7QX-4MPD-9TRA"
    assert overlap.plain('[Deutsch]{"entity": "language", "value": "de"} bitte') == "Deutsch bitte"


def test_near_copies_are_found_and_different_wordings_are_not():
    training = [overlap.Message("Wann ist das passiert?", "train")]
    close = overlap.Message("wann ist das passiert", "test")
    different = overlap.Message("seit wann wissen Sie davon", "test")
    found = overlap.collisions([close, different], training)
    assert [message for message, _, _ in found] == [close]


def test_no_test_message_is_within_0_85_of_a_training_example():
    # Every test set of the suite: held-out, blind (when present), validation, the test stories' user texts.
    found = overlap.collisions(overlap.suite_messages(), overlap.training_examples())
    assert not found, overlap.describe(found)
