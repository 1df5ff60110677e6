"""The trained model recognises intents in messages it never saw (tests/nlu_heldout)."""
from __future__ import annotations

import pytest

from tests.nlu import evaluate

# The held-out sets lost every message that repeated a training example (tests/nlu/test_overlap.py);
# what is left still covers each intent. The blind set (test_blind_floors.py) is the real measure.
MIN_PER_INTENT = 2


@pytest.fixture(scope="module")
def heldout_outcomes():
    agent = evaluate.load_agent()
    return evaluate.classify(agent, evaluate.heldout_messages())


def test_heldout_sets_cover_every_intent_in_both_languages(heldout_outcomes):
    from rasa.shared.utils.io import read_yaml_file

    domain_intents = {intent for intent in read_yaml_file(str(evaluate.ROOT / "bot" / "domain" / "core.yml"))["intents"]
                      if evaluate.MULTI_SEPARATOR not in intent}
    for language in evaluate.HELDOUT:
        counts = {}
        for outcome in heldout_outcomes:
            if outcome.language == language:
                counts[outcome.expected] = counts.get(outcome.expected, 0) + 1
        assert set(counts) == domain_intents
        assert min(counts.values()) >= MIN_PER_INTENT


@pytest.mark.parametrize("language", sorted(evaluate.HELDOUT))
def test_heldout_intent_accuracy(heldout_outcomes, language):
    # Strict: a clarifying question where a direct answer was possible counts as a miss.
    subset = [o for o in heldout_outcomes if o.language == language]
    assert evaluate.accuracy(subset, answered=True) >= evaluate.MIN_ACCURACY
