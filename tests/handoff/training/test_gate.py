"""The gate's decision on evaluations shaped like ``bot/evaluate_model.py``'s output. ``data/evaluation.json``
is what it wrote for the model trained from this repo's data on 2026-12-02 (blind set: figures per intent
only; validation set: figures and messages). Its blind set predates the per-message outcomes, so
:func:`paired` gives it synthetic ones matching its figures (per intent and language, round(recall * n)
answered right, and as many confidently wrong as its share); changed models flip some of those outcomes,
as a retraining would, and their figures are recomputed from the outcomes."""
from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path
from typing import List, Optional

import pytest
import yaml

from handoff.training import gate
from tests.conftest import ROOT

REAL = json.loads((Path(__file__).parent / "data" / "evaluation.json").read_text(encoding="utf-8"))
PASSED_STORIES = {"passed": True, "failed": []}


def refigure(evaluation: dict) -> dict:
    """The blind set's figures recomputed from its outcomes (as ``bot/evaluate_model.summary`` does)."""
    blind = evaluation["sets"]["blind"]
    for language in {o["language"] for o in blind["outcomes"]}:
        subset = [o for o in blind["outcomes"] if o["language"] == language]
        blind["languages"][language] = {"n": len(subset),
                                        "accuracy": round(sum(o["right"] for o in subset) / len(subset), 4),
                                        "confidently_wrong": round(sum(o["confidently_wrong"] for o in subset)
                                                                   / len(subset), 4)}
        for intent in {o["expected"] for o in subset}:
            group = [o for o in subset if o["expected"] == intent]
            blind["intents"][language][intent] = {"n": len(group),
                                                  "recall": round(sum(o["right"] for o in group) / len(group), 4)}
    return evaluation


def paired(evaluation: dict) -> dict:
    """``evaluation`` with synthetic per-message outcomes of its blind set (see the module docstring)."""
    result = copy.deepcopy(evaluation)
    blind = result["sets"]["blind"]
    outcomes: List[dict] = []
    for language, intents in sorted(blind["intents"].items()):
        rows = []
        for intent, figures in sorted(intents.items()):
            right = round(figures["recall"] * figures["n"])
            rows.append([{"id": f"{language}-{intent}-{index}", "language": language, "expected": intent,
                          "answered": intent if index < right else "out_of_scope", "right": index < right,
                          "confidently_wrong": False} for index in range(figures["n"])])
        wrong = [o for o in itertools.chain.from_iterable(itertools.zip_longest(*rows)) if o and not o["right"]]
        total = sum(len(row) for row in rows)
        for outcome in wrong[:round(blind["languages"][language]["confidently_wrong"] * total)]:
            outcome["confidently_wrong"] = True
        outcomes += [o for row in rows for o in row]
    blind["outcomes"], blind["version"] = outcomes, "v1"
    return refigure(result)


ACTIVE = paired(REAL)


def change(evaluation: dict, language: str, intent: Optional[str], worse: int = 0, better: int = 0,
           confidently: bool = False) -> dict:
    """``evaluation`` with ``worse`` right answers of ``intent`` (every intent in turn when None) in
    ``language`` turned wrong (``confidently`` wrong if asked) and ``better`` wrong ones turned right;
    the validation messages of a worse intent are answered ``out_of_scope``."""
    changed = copy.deepcopy(evaluation)
    outcomes = [o for o in changed["sets"]["blind"]["outcomes"] if o["language"] == language
                and (intent is None or o["expected"] == intent)]
    if intent is None:  # one message of each intent in turn, so no single intent row moves much
        by_intent = {}
        for outcome in outcomes:
            by_intent.setdefault(outcome["expected"], []).append(outcome)
        outcomes = [o for o in itertools.chain.from_iterable(itertools.zip_longest(*by_intent.values())) if o]
    to_worse, to_better = [o for o in outcomes if o["right"]][:worse], [o for o in outcomes if not o["right"]][:better]
    for outcome in to_worse:
        outcome.update(right=False, answered="out_of_scope", confidently_wrong=confidently)
    for outcome in to_better:
        outcome.update(right=True, answered=outcome["expected"], confidently_wrong=False)
    if worse and intent:
        for message in changed["sets"]["validation"]["messages"]:
            if message["expected"] == intent and message["language"] == language:
                message["answered"] = "out_of_scope"
    return refigure(changed)


def kinds(items: List[dict]) -> set:
    return {(item["kind"], item["language"], item["intent"]) for item in items}


def test_the_paired_p_value_is_the_exact_binomial_tail():
    # The values scipy.stats.binomtest(b, b + c, 0.5, alternative="greater") gives.
    assert gate.paired_p(3, 1) == 0.3125
    assert gate.paired_p(12, 0) == 0.000244140625
    assert gate.paired_p(7, 3) == 0.171875
    assert gate.paired_p(0, 0) == 1.0 and gate.paired_p(0, 5) == 1.0


def test_the_synthetic_outcomes_match_the_real_figures():
    for language, intents in REAL["sets"]["blind"]["intents"].items():
        for intent, figures in intents.items():
            assert abs(ACTIVE["sets"]["blind"]["intents"][language][intent]["recall"] - figures["recall"]) < 0.001
        for measure in ("accuracy", "confidently_wrong"):
            assert abs(ACTIVE["sets"]["blind"]["languages"][language][measure]
                       - REAL["sets"]["blind"]["languages"][language][measure]) < 0.003


def test_the_same_model_passes_and_its_missed_floors_are_known_shortfalls():
    report = gate.decide(ACTIVE, ACTIVE, PASSED_STORIES)
    assert report["decision"] == "passed" and report["reasons"] == [] and report["changed"] == []
    # The model in use misses some of issue 11's floors: listed, not blocking.
    missed = kinds(report["known_shortfalls"])
    assert ("floor_recall", "de", "what_data_affected") in missed
    assert ("floor_confidently_wrong", "de", None) in missed
    assert all(item["new"] == item["active"] and item["why"] == "known" for item in report["known_shortfalls"])
    assert all((row["worse"], row["better"]) == (0, 0) for row in report["intents"])


def test_noise_like_changes_pass_and_list_the_floors_crossed_by_a_message_as_within_noise():
    # What a retraining on three more examples did: rows moved both ways by a message or three, floors the
    # model in use meets by one message missed by one message.
    noisy = change(ACTIVE, "en", "goodbye", worse=3, better=1)  # 0.83 -> 0.67, floor 0.7
    noisy = change(noisy, "de", "request_human", worse=1)  # 0.9 -> 0.85, floor 0.9
    noisy = change(noisy, "de", "delete_my_data", worse=2)  # 0.95 -> 0.86, floor 0.9
    noisy = change(noisy, "de", "frustration", worse=3, better=1)
    noisy = change(noisy, "en", "greet", worse=2)  # 0.9 -> 0.7: worse by more than the margin
    noisy = change(noisy, "de", "what_should_i_do", better=3)
    noisy = change(noisy, "de", None, worse=3)  # accuracy 0.852 -> below 0.85
    report = gate.decide(noisy, ACTIVE, PASSED_STORIES)
    assert report["decision"] == "passed", report["reasons"]
    noise = {item_key: item for item in report["known_shortfalls"] if item["why"] == "within_noise"
             for item_key in [(item["kind"], item["language"], item["intent"])]}
    assert {("floor_recall", "en", "goodbye"), ("floor_recall", "de", "request_human"),
            ("floor_recall", "de", "delete_my_data"), ("floor_accuracy", "de", None),
            ("worse", "en", "greet")} <= set(noise)
    goodbye = noise[("floor_recall", "en", "goodbye")]
    assert (goodbye["worse"], goodbye["better"], goodbye["significant"]) == (3, 1, False) and goodbye["p"] == 0.3125
    assert not noise[("floor_accuracy", "de", None)]["significant"]


def test_a_wrecked_intent_blocks_and_the_report_names_it_with_its_counts_and_validation_messages():
    # Examples of another intent moved in: 12 of the 18 messages the model in use answered right go wrong.
    report = gate.decide(change(ACTIVE, "en", "change_password", worse=12), ACTIVE, PASSED_STORIES)
    assert report["decision"] == "blocked"
    # Twelve messages are also a significant loss for English as a whole (0.87 -> 0.85).
    assert kinds(report["reasons"]) == {("worse", "en", "change_password"), ("floor_recall", "en", "change_password"),
                                        ("floor_accuracy", "en", None)}
    worse = next(item for item in report["reasons"] if item["kind"] == "worse")
    assert (worse["new"], worse["active"], worse["change"]) == (0.3, 0.9, -0.6)
    assert (worse["worse"], worse["better"], worse["significant"]) == (12, 0, True) and worse["p"] < 0.001
    broken = [message for message in report["changed"] if message["better"] is False]
    assert broken and {m["expected"] for m in broken} == {"change_password"}
    assert {m["after"] for m in broken} == {"out_of_scope"} and {m["language"] for m in broken} == {"en"}


def test_a_significant_drop_of_a_languages_accuracy_blocks():
    # One message worse in each of 20 English intents (no intent row crosses the margin), 3 better.
    dropped = change(change(ACTIVE, "en", None, worse=20), "en", "what_should_i_do", better=3)
    report = gate.decide(dropped, ACTIVE, PASSED_STORIES)
    assert report["decision"] == "blocked"
    [accuracy] = [item for item in report["reasons"] if item["kind"] == "floor_accuracy"]
    assert accuracy["language"] == "en" and accuracy["new"] < 0.85 <= accuracy["active"]
    assert (accuracy["worse"], accuracy["better"], accuracy["significant"]) == (20, 3, True)
    assert {item["kind"] for item in report["reasons"]} == {"floor_accuracy"}


def test_a_known_shortfall_that_got_significantly_worse_blocks():
    # DE confidently wrong misses its floor already; eight more confident mistakes are no noise.
    report = gate.decide(change(ACTIVE, "de", None, worse=8, confidently=True), ACTIVE, PASSED_STORIES)
    assert ("floor_confidently_wrong", "de", None) in kinds(report["reasons"])
    two_more = gate.decide(change(ACTIVE, "de", None, worse=2, confidently=True), ACTIVE, PASSED_STORIES)
    assert ("floor_confidently_wrong", "de", None) in kinds(two_more["known_shortfalls"])
    assert two_more["decision"] == "passed"


def test_a_drop_beyond_the_margin_blocks_only_when_significant_and_both_are_settable():
    # compensation_or_legal EN: 19 of 23 in use (below its 0.9 floor already: a known shortfall)
    four = change(ACTIVE, "en", "compensation_or_legal", worse=4)  # -0.17, p = 0.0625
    assert gate.decide(four, ACTIVE, PASSED_STORIES)["decision"] == "passed"
    assert gate.decide(four, ACTIVE, PASSED_STORIES, alpha=0.1)["decision"] == "blocked"
    five = change(ACTIVE, "en", "compensation_or_legal", worse=5)  # -0.22, p = 0.031
    # ... and its floor, missed already, is missed by more (a known shortfall that grew).
    assert kinds(gate.decide(five, ACTIVE, PASSED_STORIES)["reasons"]) == {("worse", "en", "compensation_or_legal"),
                                                                          ("floor_recall", "en", "compensation_or_legal")}
    assert kinds(gate.decide(five, ACTIVE, PASSED_STORIES, margin=0.25)["reasons"]) == {
        ("floor_recall", "en", "compensation_or_legal")}


def test_the_report_shows_validation_messages_only():
    # The recorded evaluation carries the validation set as it was then (before its refresh of 2026-12-02).
    validation = {(message["language"], message["text"]) for message in REAL["sets"]["validation"]["messages"]}
    blind = {(language, item["text"]) for language in ("en", "de") for item in
             yaml.safe_load((ROOT / "tests" / "nlu_blind" / f"{language}.yml").read_text(encoding="utf-8"))}
    report = gate.decide(change(change(ACTIVE, "de", "greet", worse=8), "en", "thanks", worse=10), ACTIVE,
                         PASSED_STORIES)
    assert report["changed"]
    shown = {(m["language"], m["text"]) for m in report["changed"]}
    assert shown <= validation
    assert len(shown & blind) == 0  # a count: a failure must not print blind messages
    assert "messages" not in REAL["sets"]["blind"]  # the evaluation never carries blind-set messages
    assert all(set(o) == {"id", "language", "expected", "answered", "right", "confidently_wrong"}
               for o in ACTIVE["sets"]["blind"]["outcomes"])


def test_without_paired_data_the_gate_refuses_to_compare():
    with pytest.raises(gate.NoPairedData):
        gate.decide(ACTIVE, REAL, PASSED_STORIES)  # an evaluation from before the outcomes were recorded
    other_set = copy.deepcopy(ACTIVE)
    other_set["sets"]["blind"]["version"] = "v2"
    with pytest.raises(gate.NoPairedData):
        gate.decide(ACTIVE, other_set, PASSED_STORIES)


def test_a_test_story_blocks_when_the_active_model_passes_it():
    failed = {"passed": False, "failed": ["refund question, German"]}
    report = gate.decide(ACTIVE, ACTIVE, failed, active_stories=PASSED_STORIES)
    assert report["decision"] == "blocked"
    assert report["reasons"] == [{"kind": "story", "language": None, "intent": None, "story": "refund question, German"}]
    both = gate.decide(ACTIVE, ACTIVE, failed, active_stories=failed)
    assert both["decision"] == "passed" and ("story", None, None) in kinds(both["known_shortfalls"])
    crashed = gate.decide(ACTIVE, ACTIVE, {"passed": False, "failed": [], "error": "rasa test exited with 1"},
                          active_stories=PASSED_STORIES)
    assert crashed["decision"] == "blocked"


def test_without_a_model_in_use_every_missed_floor_blocks():
    report = gate.decide(ACTIVE, None, PASSED_STORIES)
    assert report["decision"] == "blocked" and report["known_shortfalls"] == [] and not report["compared"]
    assert ("floor_recall", "de", "what_should_i_do") in kinds(report["reasons"])
    failed = gate.decide(ACTIVE, None, {"passed": False, "failed": ["greeting"]})
    assert ("story", None, None) in kinds(failed["reasons"])


def test_a_cached_evaluation_of_the_active_model_is_reused_only_when_it_pairs(tmp_path):
    from handoff.training import gating
    assert gating.pairs_with(ACTIVE, "v1")
    assert not gating.pairs_with(REAL, None)  # from before the outcomes were recorded: evaluated again
    assert not gating.pairs_with(ACTIVE, "v2")  # another version of the blind set: evaluated again
    # The active model's story results are reused while the stories are the same.
    (tmp_path / "test_a.yml").write_text("stories: []\n", encoding="utf-8")
    before = gating.stories_version(tmp_path)
    assert gating.stories_version(tmp_path) == before
    (tmp_path / "test_a.yml").write_text("stories: [] # changed\n", encoding="utf-8")
    assert gating.stories_version(tmp_path) != before
