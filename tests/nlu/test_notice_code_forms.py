"""A notice code is read as a code in every form the bot receives it.

Rasa gets the code as typed when a client talks to it directly, and the contract's stand-in
(``CODE-FROM-CHAT``, letters only) when the message comes through the front door, which keeps the
code itself out of Rasa. Both must be classified ``provide_notice_code`` without a clarifying
question, or the code is never checked and the wrong-code limit never counts. The messages are
written for this test (not copied from training data) and include letters-only codes, which the
alphabet allows.
"""
from __future__ import annotations

import pytest

from contract import notice_code
from tests.nlu import evaluate

TYPED = {
    "en": ["here it is: P7RW-3MXK-9DQA",
           "the letter I got has this code on it: k7qx 4mpd 9tra",
           "ABCD-EFGH-JKMN, is that one valid?",
           "sorry, I mistyped. It should read HJKM-NPQR-STVW"],
    "de": ["hier ist er: P7RW-3MXK-9DQA",
           "auf dem Schreiben steht k7qx 4mpd 9tra",
           "ABCD-EFGH-JKMN, stimmt der?",
           "Entschuldigung, vertippt. Richtig wäre HJKM-NPQR-STVW"],
}


def _received(text: str, through_front_door: bool) -> str:
    """What Rasa gets for ``text``: as typed, or with the front door's stand-in for the code."""
    return notice_code.replace(text, notice_code.stand_in()) if through_front_door else text


@pytest.fixture(scope="module")
def agent():
    return evaluate.load_agent()


# Known weakness (branch n11b): typed straight to Rasa, a letters-only code after an apology is still
# read as frustration; through the front door (the stand-in) it is a code. Not strict, so the day it
# passes shows as XPASS.
WEAK_DIRECT = {"Entschuldigung, vertippt. Richtig wäre HJKM-NPQR-STVW"}


def _cases():
    for language in sorted(TYPED):
        for text in TYPED[language]:
            for through_front_door in (False, True):
                marks = [pytest.mark.xfail(strict=False, reason="letters-only code after an apology, typed to Rasa")] \
                    if text in WEAK_DIRECT and not through_front_door else []
                yield pytest.param(language, text, through_front_door, marks=marks,
                                   id=f"{language}-{'front_door' if through_front_door else 'direct'}-{text[:20]}")


@pytest.mark.parametrize("language, text, through_front_door", list(_cases()))
def test_a_typed_code_is_answered_as_a_code(agent, language, text, through_front_door):
    assert any(True for _ in notice_code.find_all(text)), f"not a well-formed code: {text!r}"
    received = _received(text, through_front_door)
    [outcome] = evaluate.classify(agent, [(received, "provide_notice_code", language)])
    assert outcome.answered_right, f"{received!r} -> {outcome.answered}"
