"""Per-intent floors on a blind set: messages written by someone who never saw the training data.

The folder defaults to ``tests/nlu_blind/`` (``en.yml``, ``de.yml``: YAML lists of ``{text, intent}``,
added by the team lead); ``NLU_BLIND_DIR=/path`` points the test at another folder of the same shape,
e.g. the validation set (``tests/nlu_validation/``). Without the folder the test is skipped on a
developer's machine and fails in CI (``CI`` set), so a missing blind set never passes silently there.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.nlu import evaluate

BLIND_DIR = Path(os.environ.get("NLU_BLIND_DIR") or evaluate.BLIND_DIR)
# Measured on 2026-12-02 (python -m tests.nlu.evaluate --set tests/nlu_blind), before and after 83
# training examples in customers' voices for the weakest intents (data/nlu/*/weak_intents.yml, judged on
# the held-out and validation sets only): answered right EN 0.871 -> 0.857, DE 0.857 -> 0.855;
# confidently wrong EN 3.9 -> 3.5 %, DE 5.1 -> 4.5 %. Below their floor after: DE frustration 0.68 (was
# 0.77), DE report_fraud 0.86 (0.86), DE what_should_i_do 0.65 (0.65), EN compensation_or_legal 0.87
# (0.83); met since: DE what_data_affected 0.85 (0.65), DE confidently wrong.
# 2026-12-03, after 16 more examples (data protection officer asked for by name, EN and DE): answered
# right EN 0.863, DE 0.861; confidently wrong EN 3.7 %, DE 4.3 %; below their floor: DE delete_my_data
# 0.81 (was 0.95), DE report_fraud 0.86, EN compensation_or_legal 0.87; DE frustration and DE
# what_should_i_do met again without data of their own. Trainings that differ by 13 to 20 examples move a
# language by up to 0.03 and single intents by up to 0.2 (about 20 messages each: one message is 0.05),
# so a floor met by one message is not met yet. The language-wide floors have held through three
# trainings and are strict; the per-intent floors are not strict, so the day they are met shows as XPASS
# in the report; then remove the mark (issue 11 stays open until then).
# 2026-12-03, tried and not kept: 94 examples for DE delete_my_data, DE report_fraud and EN
# compensation_or_legal (commit 15792a3, reverted). Blind: DE 0.879, EN 0.855, both floors met,
# DE delete_my_data 1.00, EN compensation_or_legal 0.91; but the learning loop's good training on top of
# them (three what_data_affected examples) failed two test stories the active model passes ("what is
# the name of the person in charge of privacy there" -> what_data_affected 0.64; "Was unternehmen Sie
# jetzt?" -> what_should_i_do), so the activation gate rightly blocked it and test_learning_loop failed.
# Next: make those neighbours robust (contact_dpo_or_complaint vs what_data_affected, how_fixed vs
# what_should_i_do) before adding data elsewhere, and run test_learning_loop with every data change.
# 2026-12-03 evening, tried and not kept: those 94 examples plus 44 for the neighbours (DPO described
# without its title, what the company is doing, "Kennwort"; a helper wrote them from the intents'
# descriptions; of its 48, two close to test stories and two within 0.85 of test messages dropped).
# Validation DE 0.942 / 2.4 %, EN 0.933 / 1.9 % (active model: 0.913 / 3.8 %, 0.942 / 1.9 %), all test
# stories pass; but with the learning loop's three examples on top, two other stories fail
# (what_should_i_do read as a two-question message, a fraud-prevention question as fallback). DIET at
# 80 epochs moves boundaries whenever a data change reshuffles its batches; 160 epochs (config.yml) did
# not stop it. The blind set was not measured for these tries.


@pytest.fixture(scope="module")
def blind_outcomes():
    if not BLIND_DIR.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{BLIND_DIR} is missing; CI must measure on the blind set")
        pytest.skip(f"{BLIND_DIR} is absent (the team lead adds it)")
    messages = evaluate.set_messages(BLIND_DIR)
    assert messages, f"{BLIND_DIR} holds no messages"
    outcomes = evaluate.classify(evaluate.load_agent(), messages)
    print(evaluate.report(f"Blind set {BLIND_DIR}", outcomes))
    return outcomes


def _languages():
    return sorted(path.stem for path in BLIND_DIR.glob("*.yml")) if BLIND_DIR.is_dir() else ["en", "de"]


@pytest.mark.parametrize("language", _languages())
def test_blind_accuracy(blind_outcomes, language):
    subset = [o for o in blind_outcomes if o.language == language]
    assert evaluate.accuracy(subset, answered=True) >= evaluate.MIN_ACCURACY


@pytest.mark.parametrize("language", _languages())
def test_blind_confidently_wrong(blind_outcomes, language):
    # A wrong answer given with confidence >= 0.7; a clarifying question is never confident.
    subset = [o for o in blind_outcomes if o.language == language]
    assert evaluate.confidently_wrong(subset) <= evaluate.MAX_CONFIDENTLY_WRONG


@pytest.mark.xfail(strict=False, reason="issue 11: the per-intent blind floors are not met yet")
@pytest.mark.parametrize("language", _languages())
def test_blind_recall_per_intent(blind_outcomes, language):
    # >= 0.9 for the intents that hand off (request_human, compensation_or_legal, delete_my_data,
    # report_fraud), >= 0.7 for every other intent.
    subset = [o for o in blind_outcomes if o.language == language]
    misses = [f"{intent}: {recall:.2f} of {count} < {evaluate.floor_of(intent)}"
              for intent, (count, recall) in evaluate.recall_by_intent(subset).items()
              if recall < evaluate.floor_of(intent)]
    assert not misses, "; ".join(misses)
