"""The gate before activation: may a newly trained model replace the active one?

Input: the evaluations of both models (``bot/evaluate_model.py``: figures per language and intent on
the blind test set and the validation set; the validation set's messages with their predictions) and
the result of the test stories. Output: :func:`decide`'s report, a JSON-able dict.

Blocked when
* a floor of issue 11 (``tests/nlu/evaluate.py``: recall >= 0.9 for the handoff intents, >= 0.7 for
  the others, accuracy >= 0.85 and confidently wrong <= 5 % per language) is missed on the blind set
  by the new model **and met by the active model** (a regression below a floor). A floor both miss is
  a known shortfall: listed, not blocking, since the model serving today misses some floors too and
  blocking on them would block every training until issue 11 is closed. Without an active model to
  compare with, every missed floor blocks;
* an intent's blind recall (per language) dropped by more than ``margin`` below the active model's;
* a test story failed.

The default margin, 0.15, is three messages of twenty (the blind set holds about twenty messages per
intent and language, one message being 0.05): trainings that differed by 13 to 20 examples moved
single intents by up to 0.2 (tests/nlu/test_blind_floors.py), mostly by 0.05-0.1, while examples
that wreck an intent drop it by far more. Lower margins block on noise; set ``GATE_MARGIN`` to change.

The report names intents; the messages it shows come from the validation set only (``changed``): the
blind set's messages are never read here, they would be unblinded by the page.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional

FALLBACK = "nlu_fallback"
DEFAULT_MARGIN = 0.15
# Issue 11's floors (the same numbers as tests/nlu/evaluate.py, which runs in the bot's environment).
CRITICAL_INTENTS = ("request_human", "compensation_or_legal", "delete_my_data", "report_fraud")
CRITICAL_RECALL = 0.9
MIN_RECALL = 0.7
MIN_ACCURACY = 0.85
MAX_CONFIDENTLY_WRONG = 0.05
EPSILON = 1e-9  # figures are rounded to 4 places: 0.7 must meet a 0.7 floor


def floor_of(intent: str) -> float:
    """The blind recall ``intent`` must reach."""
    return CRITICAL_RECALL if intent in CRITICAL_INTENTS else MIN_RECALL


def _floors(evaluation: Optional[Dict]) -> Dict[tuple, Dict[str, Any]]:
    """``{(kind, language, intent): {"value", "floor"}}`` of every floor the evaluation misses."""
    missed: Dict[tuple, Dict[str, Any]] = {}
    if not evaluation:
        return missed
    blind = evaluation["sets"]["blind"]
    for language, figures in blind["languages"].items():
        if figures["accuracy"] + EPSILON < MIN_ACCURACY:
            missed[("accuracy", language, None)] = {"value": figures["accuracy"], "floor": MIN_ACCURACY}
        if figures["confidently_wrong"] > MAX_CONFIDENTLY_WRONG + EPSILON:
            missed[("confidently_wrong", language, None)] = {"value": figures["confidently_wrong"],
                                                             "floor": MAX_CONFIDENTLY_WRONG}
    for language, intents in blind["intents"].items():
        for intent, figures in intents.items():
            if figures["recall"] + EPSILON < floor_of(intent):
                missed[("recall", language, intent)] = {"value": figures["recall"], "floor": floor_of(intent)}
    return missed


def _intents(new: Dict, active: Optional[Dict]) -> List[Dict[str, Any]]:
    """Per language and intent: blind messages, recall of both models, the change, the floor."""
    rows = []
    old_intents = active["sets"]["blind"]["intents"] if active else {}
    for language, intents in sorted(new["sets"]["blind"]["intents"].items()):
        for intent, figures in sorted(intents.items()):
            before = (old_intents.get(language) or {}).get(intent)
            rows.append({"language": language, "intent": intent, "n": figures["n"], "new": figures["recall"],
                         "active": before["recall"] if before else None,
                         "change": round(figures["recall"] - before["recall"], 4) if before else None,
                         "floor": floor_of(intent)})
    return rows


def changed_messages(new: Dict, active: Optional[Dict]) -> List[Dict[str, Any]]:
    """Validation messages whose answered intent differs between the models: ``{"language", "text",
    "expected", "before", "after", "better"}`` (``better``: True fixed, False broken, None neither)."""
    if not active:
        return []
    before = {(m["language"], m["text"]): m for m in active["sets"]["validation"].get("messages", [])}
    changed = []
    for message in new["sets"]["validation"].get("messages", []):
        old = before.get((message["language"], message["text"]))
        if old is None or old["answered"] == message["answered"]:
            continue
        was_right = _right(message["expected"], old["answered"])
        is_right = _right(message["expected"], message["answered"])
        changed.append({"language": message["language"], "text": message["text"], "expected": message["expected"],
                        "before": old["answered"], "after": message["answered"],
                        "better": True if is_right and not was_right else False if was_right and not is_right
                        else None})
    changed.sort(key=lambda m: (m["better"] is not False, m["expected"], m["language"], m["text"]))
    return changed


def _right(expected: str, answered: str) -> bool:
    return set(expected.split("+")) <= set(answered.split("+"))


def decide(new: Dict, active: Optional[Dict], stories: Dict[str, Any],
           margin: float = DEFAULT_MARGIN) -> Dict[str, Any]:
    """The gate's report: ``{"decision": "passed"|"blocked", "margin", "reasons", "known_shortfalls",
    "intents", "languages", "changed", "stories", "compared"}``.

    ``reasons`` and ``known_shortfalls`` are lists of ``{"kind", "language", "intent", "new", "active",
    "floor"?, "change"?}`` (kind: ``floor_recall``, ``floor_accuracy``, ``floor_confidently_wrong``,
    ``worse``, ``story``); ``stories`` is ``{"passed": bool, "failed": [story names]}``.
    """
    reasons: List[Dict[str, Any]] = []
    shortfalls: List[Dict[str, Any]] = []
    new_missed, old_missed = _floors(new), _floors(active)
    for (kind, language, intent), figures in sorted(new_missed.items(), key=lambda item: str(item[0])):
        entry = {"kind": f"floor_{kind}", "language": language, "intent": intent, "new": figures["value"],
                 "floor": figures["floor"], "active": _value(active, kind, language, intent)}
        (shortfalls if active and (kind, language, intent) in old_missed else reasons).append(entry)
    intents = _intents(new, active)
    for row in intents:
        if row["change"] is not None and row["change"] < -margin - EPSILON:
            reasons.append({"kind": "worse", "language": row["language"], "intent": row["intent"],
                            "new": row["new"], "active": row["active"], "change": row["change"]})
    for name in stories.get("failed", []):
        reasons.append({"kind": "story", "language": None, "intent": None, "story": name})
    if not stories.get("passed", False) and not stories.get("failed"):
        reasons.append({"kind": "story", "language": None, "intent": None, "story": stories.get("error", "")})
    languages = [{"language": language, **figures,
                  "active": (active["sets"]["blind"]["languages"].get(language) if active else None)}
                 for language, figures in sorted(new["sets"]["blind"]["languages"].items())]
    return {"decision": "blocked" if reasons else "passed", "margin": margin, "reasons": reasons,
            "known_shortfalls": shortfalls, "intents": intents, "languages": languages,
            "changed": changed_messages(new, active), "stories": stories, "compared": active is not None}


def _value(evaluation: Optional[Dict], kind: str, language: str, intent: Optional[str]) -> Optional[float]:
    if not evaluation:
        return None
    blind = evaluation["sets"]["blind"]
    if kind == "recall":
        return ((blind["intents"].get(language) or {}).get(intent) or {}).get("recall")
    return (blind["languages"].get(language) or {}).get(kind)
