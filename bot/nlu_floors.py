"""Issue 11's floors on a blind set, and what counts as a right answer: the one place of these rules.

Read by the bot's evaluation (``bot/nlu_evaluation.py``, ``tests/nlu/``; Rasa's environment) and by the
training gate (``handoff/training/gate.py``; the front door's environment), so this module imports
nothing but the standard library.

* *Answered right*: every part of the expected intent is among the parts of the intent the bot acted
  on (``a+b`` answers both ``a`` and ``b``).
* *Confidently wrong*: the bot acted on a wrong intent with confidence >= ``CONFIDENT``;
  ``nlu_fallback`` (a clarifying question) never counts as confident.
* Floors per language: answered right >= ``MIN_ACCURACY``, confidently wrong <= ``MAX_CONFIDENTLY_WRONG``;
  per intent: recall >= ``CRITICAL_RECALL`` for the intents that hand off, >= ``MIN_RECALL`` for the others.
"""
from __future__ import annotations

from typing import List

MIN_ACCURACY = 0.85
CONFIDENT = 0.7  # a wrong answer at or above this confidence is "confidently wrong"
MAX_CONFIDENTLY_WRONG = 0.05
# The intents that hand off must almost never be missed.
CRITICAL_INTENTS = ("request_human", "compensation_or_legal", "delete_my_data", "report_fraud")
CRITICAL_RECALL = 0.9
MIN_RECALL = 0.7
FALLBACK = "nlu_fallback"
MULTI_SEPARATOR = "+"


def parts(intent: str) -> List[str]:
    """The single intents of a (multi-)intent name: "a+b" -> ["a", "b"]."""
    return intent.split(MULTI_SEPARATOR)


def matches(expected: str, predicted: str) -> bool:
    """True when every part of ``expected`` is answered by ``predicted``."""
    return set(parts(expected)) <= set(parts(predicted))


def floor_of(intent: str) -> float:
    """The recall ``intent`` must reach on a blind set."""
    return CRITICAL_RECALL if intent in CRITICAL_INTENTS else MIN_RECALL
