"""The gate's per-message outcomes of the blind set (``bot/nlu_evaluation.py``, ``bot/evaluate_model.py``):
opaque ids that pair the same message across two evaluations and carry no text, and product code that
runs without the tests folder. Messages here are made up; the blind set is never read."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bot import nlu_evaluation
from bot.evaluate_model import summary

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = [("Was ist passiert?", "what_happened", "de"), ("what happened?", "what_happened", "en"),
            ("what happened?", "what_happened", "en"), ("what happened?", "what_happened", "de")]


def test_the_same_message_of_the_same_set_gets_the_same_id_and_no_text_shows(tmp_path):
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "en.yml").write_text("- text: what happened?\n  intent: what_happened\n", encoding="utf-8")
    key = nlu_evaluation.set_key(folder)
    ids = nlu_evaluation.message_ids(MESSAGES, key)
    assert ids == nlu_evaluation.message_ids(MESSAGES, nlu_evaluation.set_key(folder))
    # A repeat is told apart, the same text in another language is another message.
    assert ids[2] == f"{ids[1]}#2" and len(set(ids)) == 4 and ids[3] != ids[1]
    assert all("happen" not in message_id and "passiert" not in message_id for message_id in ids)
    # An edited set gets other ids: an old evaluation no longer pairs with a new one.
    (folder / "en.yml").write_text("- text: what happened now?\n  intent: what_happened\n", encoding="utf-8")
    changed = nlu_evaluation.set_key(folder)
    assert nlu_evaluation.message_ids(MESSAGES, changed)[0] != ids[0]
    assert nlu_evaluation.set_version(changed) != nlu_evaluation.set_version(key)


def test_figures_of_outcomes():
    outcomes = [nlu_evaluation.Outcome("en", "greet", "greet", "greet", 0.9),
                nlu_evaluation.Outcome("en", "greet", "thanks", "thanks", 0.8),  # confidently wrong
                nlu_evaluation.Outcome("en", "thanks", "thanks", "nlu_fallback", 0.3)]
    assert summary(outcomes) == {"languages": {"en": {"n": 3, "accuracy": 0.3333, "confidently_wrong": 0.3333}},
                                 "intents": {"en": {"greet": {"n": 2, "recall": 0.5}, "thanks": {"n": 1, "recall": 0.0}}}}


def test_the_gate_evaluation_imports_nothing_from_tests():
    code = ("import json, sys, bot.evaluate_model; "
            "print(json.dumps(sorted(m for m in sys.modules if m == 'tests' or m.startswith('tests.'))))")
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(loaded.stdout) == []
