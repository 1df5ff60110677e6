"""The gate before activation: may a newly trained model replace the active one?

Input: the evaluations of both models (``bot/evaluate_model.py``: figures per language and intent on
the blind test set and the validation set; for the blind set one outcome per message under an opaque
id, for the validation set the messages with their predictions) and the results of the test stories
for both. Output: :func:`decide`'s report, a JSON-able dict.

Why paired statistics. The blind set holds about twenty messages per intent and language (one
message = 0.05), and retraining reshuffles DIET's batches: adding 3 examples of 4,798 moved 26 of 52
intent rows by up to 0.18 either way. Comparing two figures blocks on that noise. Both models answer
the *same* messages, so the gate counts, per row, the messages the new model got wrong that the active
model got right (``worse``, b) and the reverse (``better``, c), and asks whether b is larger than chance
would make it: an exact one-sided McNemar test (McNemar 1947, Psychometrika 12:153-157), i.e. the
binomial tail P(X >= b) for X ~ Binomial(b + c, 1/2). It is computed with ``math.comb`` rather than
``scipy.stats.binomtest``: the sum is exact and three lines long, and scipy (tens of MB) would enter the
front door's environment for nothing else (``tests/handoff/training/test_gate.py`` checks known values).

Blocked when
* an intent's blind recall (per language) dropped by more than ``margin`` below the active model's
  **and** the drop is significant (p < ``alpha``);
* a floor (``bot/nlu_floors.py``: recall per intent, answered right and confidently wrong per language)
  met by the active model is missed by the new one **and** the drop is significant; not significant,
  it is a shortfall "within noise": listed, not blocking;
* a floor both miss got significantly worse (a known shortfall must not grow unseen);
* without an active model (nothing to pair with), every missed floor;
* a test story failed that the active model passes (one both fail is listed as a known shortfall),
  or the stories could not run.
A floor both miss, not significantly worse, is a known shortfall: listed, not blocking.

No correction for testing ~50 rows: a row must also cross the margin or a floor, and with twenty
messages a significant drop already means a net loss of five or more (b=5, c=0: p = 0.031), beyond the
noise measured above (3-4). A wrecked intent (b=12, c=0: p = 0.0002) is far past both.

``GATE_MARGIN`` (default 0.15, three messages of twenty) and ``GATE_ALPHA`` (default 0.05, the usual
level) set the thresholds. The report names intents; the messages it shows come from the validation set
only (``changed``): the blind set's messages are never read here, they would be unblinded by the page.
"""
from __future__ import annotations

import math
from collections import defaultdict
from typing import Any, Dict, List, Optional, Tuple

from bot.nlu_floors import MAX_CONFIDENTLY_WRONG, MIN_ACCURACY, floor_of, matches

DEFAULT_MARGIN = 0.15
DEFAULT_ALPHA = 0.05
EPSILON = 1e-9  # figures are rounded to 4 places: 0.7 must meet a 0.7 floor


class NoPairedData(ValueError):
    """An evaluation of the active model carries no per-message outcomes of the blind set (made
    before they were recorded) or outcomes of another version of the set: evaluate it again."""


def paired_p(worse: int, better: int) -> float:
    """One-sided exact McNemar p-value: the chance of ``worse`` or more of ``worse + better``
    discordant messages going the new model's wrong way if neither model were better
    (binomial tail, p = 1/2). 1.0 without discordant messages."""
    total = worse + better
    if total == 0:
        return 1.0
    return sum(math.comb(total, k) for k in range(worse, total + 1)) / 2 ** total


def paired_outcomes(evaluation: Dict) -> Dict[str, Dict[str, Any]]:
    """``{id: outcome}`` of an evaluation's blind set. Raises NoPairedData without outcomes."""
    outcomes = evaluation["sets"]["blind"].get("outcomes")
    if not outcomes:
        raise NoPairedData("the evaluation has no per-message outcomes")
    return {outcome["id"]: outcome for outcome in outcomes}


def _counts(new: Dict, active: Dict) -> Dict[Tuple[str, str, Optional[str]], Dict[str, int]]:
    """Discordant pairs per ``(measure, language, intent)``: measure ``recall`` per intent,
    ``accuracy`` and ``confidently_wrong`` per language (intent None); ``worse``/``better`` counted
    from the user's side (for confidently wrong, worse = newly confidently wrong).

    Raises:
        NoPairedData: either lacks outcomes, or they are of different versions of the blind set.
    """
    if new["sets"]["blind"].get("version") != active["sets"]["blind"].get("version"):
        raise NoPairedData("the evaluations are of different versions of the blind set")
    old, now = paired_outcomes(active), paired_outcomes(new)
    counts: Dict[Tuple[str, str, Optional[str]], Dict[str, int]] = defaultdict(lambda: {"worse": 0, "better": 0})
    for message_id, after in now.items():
        before = old.get(message_id)
        if before is None:
            continue
        language = after["language"]
        for key, was_good, is_good in (
                (("recall", language, after["expected"]), before["right"], after["right"]),
                (("accuracy", language, None), before["right"], after["right"]),
                (("confidently_wrong", language, None), not before["confidently_wrong"],
                 not after["confidently_wrong"])):
            if was_good and not is_good:
                counts[key]["worse"] += 1
            elif is_good and not was_good:
                counts[key]["better"] += 1
    return counts


def _paired(counts: Dict, key: Tuple[str, str, Optional[str]], alpha: float) -> Dict[str, Any]:
    """``{"worse", "better", "p", "significant"}`` of one row (a row without changes: 0, 0, 1.0)."""
    found = counts.get(key) or {"worse": 0, "better": 0}
    p = paired_p(found["worse"], found["better"])
    return {"worse": found["worse"], "better": found["better"], "p": round(p, 4), "significant": p < alpha}


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


def _intents(new: Dict, active: Optional[Dict], counts: Dict, alpha: float) -> List[Dict[str, Any]]:
    """Per language and intent: blind messages, recall of both models, the change, the floor, and
    (compared with an active model) the paired counts ``worse``, ``better``, ``p``, ``significant``."""
    rows = []
    old_intents = active["sets"]["blind"]["intents"] if active else {}
    for language, intents in sorted(new["sets"]["blind"]["intents"].items()):
        for intent, figures in sorted(intents.items()):
            before = (old_intents.get(language) or {}).get(intent)
            rows.append({"language": language, "intent": intent, "n": figures["n"], "new": figures["recall"],
                         "active": before["recall"] if before else None,
                         "change": round(figures["recall"] - before["recall"], 4) if before else None,
                         "floor": floor_of(intent),
                         **(_paired(counts, ("recall", language, intent), alpha) if active else {})})
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
        was_right = matches(message["expected"], old["answered"])
        is_right = matches(message["expected"], message["answered"])
        changed.append({"language": message["language"], "text": message["text"], "expected": message["expected"],
                        "before": old["answered"], "after": message["answered"],
                        "better": True if is_right and not was_right else False if was_right and not is_right
                        else None})
    changed.sort(key=lambda m: (m["better"] is not False, m["expected"], m["language"], m["text"]))
    return changed


def decide(new: Dict, active: Optional[Dict], stories: Dict[str, Any], margin: float = DEFAULT_MARGIN,
           alpha: float = DEFAULT_ALPHA, active_stories: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """The gate's report (rules in the module docstring): ``{"decision": "passed"|"blocked", "margin",
    "alpha", "reasons", "known_shortfalls", "intents", "languages", "changed", "stories", "compared"}``.

    ``stories`` and ``active_stories`` (None: not run for the active model) are ``{"passed": bool,
    "failed": [story names], "error"?}``. ``reasons`` and ``known_shortfalls`` are lists of ``{"kind",
    "language", "intent", "new", "active", "floor"?, "change"?, "worse"?, "better"?, "p"?, "significant"?,
    "why"?}`` (kind: ``floor_recall``, ``floor_accuracy``, ``floor_confidently_wrong``, ``worse``,
    ``story``; ``worse``/``better``: blind messages the new model got wrong/right that the active model
    got right/wrong; ``why`` of a shortfall: ``known`` (both miss it) or ``within_noise`` (not significant)).

    Raises:
        NoPairedData: ``active`` is given but lacks per-message outcomes of the same blind set version.
    """
    reasons: List[Dict[str, Any]] = []
    shortfalls: List[Dict[str, Any]] = []
    counts = _counts(new, active) if active else {}
    new_missed, old_missed = _floors(new), _floors(active)
    for (kind, language, intent), figures in sorted(new_missed.items(), key=lambda item: str(item[0])):
        entry = {"kind": f"floor_{kind}", "language": language, "intent": intent, "new": figures["value"],
                 "floor": figures["floor"], "active": _value(active, kind, language, intent)}
        if not active:
            reasons.append(entry)
            continue
        entry.update(_paired(counts, (kind, language, intent), alpha))
        known = (kind, language, intent) in old_missed
        if entry["significant"]:
            reasons.append(entry)
        else:
            shortfalls.append({**entry, "why": "known" if known else "within_noise"})
    intents = _intents(new, active, counts, alpha)
    for row in intents:
        if row["change"] is not None and row["change"] < -margin - EPSILON:
            entry = {"kind": "worse", "language": row["language"], "intent": row["intent"], "new": row["new"],
                     "active": row["active"], "change": row["change"],
                     **{key: row[key] for key in ("worse", "better", "p", "significant")}}
            if row["significant"]:
                reasons.append(entry)
            else:
                shortfalls.append({**entry, "why": "within_noise"})
    _stories(stories, active_stories if active else None, reasons, shortfalls)
    languages = [{"language": language, **figures,
                  "active": (active["sets"]["blind"]["languages"].get(language) if active else None),
                  **({"accuracy_paired": _paired(counts, ("accuracy", language, None), alpha),
                      "confidently_wrong_paired": _paired(counts, ("confidently_wrong", language, None), alpha)}
                     if active else {})}
                 for language, figures in sorted(new["sets"]["blind"]["languages"].items())]
    return {"decision": "blocked" if reasons else "passed", "margin": margin, "alpha": alpha, "reasons": reasons,
            "known_shortfalls": shortfalls, "intents": intents, "languages": languages,
            "changed": changed_messages(new, active), "stories": stories, "active_stories": active_stories,
            "compared": active is not None}


def _stories(stories: Dict[str, Any], active_stories: Optional[Dict[str, Any]], reasons: List, shortfalls: List
             ) -> None:
    """A failed story blocks unless the active model fails it too (then a known shortfall); stories
    that could not run block."""
    if not stories.get("passed", False) and not stories.get("failed"):
        reasons.append({"kind": "story", "language": None, "intent": None, "story": stories.get("error", "")})
    usable = active_stories is not None and (active_stories.get("passed") or active_stories.get("failed"))
    failing_before = set(active_stories.get("failed") or []) if usable else set()
    for name in stories.get("failed", []):
        entry = {"kind": "story", "language": None, "intent": None, "story": name}
        if name in failing_before:
            shortfalls.append({**entry, "why": "known"})
        else:
            reasons.append(entry)


def _value(evaluation: Optional[Dict], kind: str, language: str, intent: Optional[str]) -> Optional[float]:
    if not evaluation:
        return None
    blind = evaluation["sets"]["blind"]
    if kind == "recall":
        return ((blind["intents"].get(language) or {}).get(intent) or {}).get("recall")
    return (blind["languages"].get(language) or {}).get(kind)
