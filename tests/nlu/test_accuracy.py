"""The trained model recognises intents in messages it never saw (tests/nlu_heldout)."""
from __future__ import annotations

import pytest

from tests.nlu import evaluate


@pytest.fixture(scope="module")
def heldout_outcomes():
    agent = evaluate.load_agent()
    outcomes = evaluate.classify(agent, [(text, intent, language) for language in evaluate.HELDOUT
                                         for text, intent in evaluate.heldout_examples(language)])
    return outcomes


def test_heldout_sets_cover_every_intent_with_ten_per_language(heldout_outcomes):
    from rasa.shared.utils.io import read_yaml_file

    domain_intents = set(read_yaml_file(str(evaluate.ROOT / "bot" / "domain" / "core.yml"))["intents"])
    for language in evaluate.HELDOUT:
        counts = {}
        for outcome in heldout_outcomes:
            if outcome.language == language:
                counts[outcome.expected] = counts.get(outcome.expected, 0) + 1
        assert set(counts) == domain_intents
        assert min(counts.values()) >= 10


@pytest.mark.parametrize("language", sorted(evaluate.HELDOUT))
def test_heldout_intent_accuracy(heldout_outcomes, language):
    # Strict: a clarifying question where a direct answer was possible counts as a miss.
    subset = [o for o in heldout_outcomes if o.language == language]
    assert evaluate.accuracy(subset, answered=True) >= evaluate.MIN_ACCURACY
