"""The same question asked again and again leads to the offer of a person (a button, no handoff)."""
from __future__ import annotations

import pytest
import yaml

from actions.advice import ActionAdvisePayment
from actions.common import ANSWER_ACTIONS
from actions.notice import ActionTellDataInvolved, ActionTellWhatHappened
from tests.conftest import ROOT
from tests.unit.conftest import make_tracker, payloads, run_action, texts, user_event

OFFER = "You have asked about this a few times"


def asked(*intents):
    """History: each intent asked once and answered."""
    events = [{"event": "session_started"}]
    for intent in intents:
        events += [user_event(intent), {"event": "action", "name": ANSWER_ACTIONS.get(intent.split("+")[-1], "utter_" + intent)},
                   {"event": "action", "name": "action_listen"}]
    return events


def test_answer_actions_match_the_rules():
    rules = []
    for path in (ROOT / "data" / "rules").glob("*.yml"):
        rules += yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]
    by_intent = {rule["steps"][0]["intent"]: rule["steps"][1]["action"] for rule in rules
                 if "intent" in rule["steps"][0] and "+" not in rule["steps"][0]["intent"]}
    for intent, action in ANSWER_ACTIONS.items():
        assert by_intent[intent] == action


def test_first_and_second_time_no_offer(kiebitz):
    messages, _ = run_action(ActionTellWhatHappened(),
                             make_tracker("what_happened", "en", history=asked("what_happened")))
    assert OFFER not in texts(messages)


def test_third_time_the_answer_offers_a_person(kiebitz):
    tracker = make_tracker("what_happened", "en", history=asked("what_happened", "greet", "what_happened"))
    messages, events = run_action(ActionTellWhatHappened(), tracker)
    assert OFFER in texts(messages)
    assert payloads(messages)[-1] == "/request_human"
    assert not any(message.get("custom") for message in messages)  # offered, not handed off


@pytest.mark.parametrize("language, words", [("en", OFFER), ("de", "schon ein paar Mal")])
def test_the_offer_speaks_the_conversation_language(kiebitz, language, words):
    tracker = make_tracker("payment_card_safety", language,
                           history=asked("payment_card_safety", "payment_card_safety"))
    messages, _ = run_action(ActionAdvisePayment(), tracker)
    assert words in texts(messages)


def test_a_topic_asked_inside_two_questions_counts(kiebitz):
    # what_happened+payment_card_safety, then the card twice: the card answer offers the person.
    tracker = make_tracker("payment_card_safety", "en",
                           history=asked("what_happened+payment_card_safety", "payment_card_safety"))
    messages, _ = run_action(ActionAdvisePayment(), tracker)
    assert OFFER in texts(messages)


def test_two_answers_to_one_message_offer_once(kiebitz):
    history = asked("what_happened", "what_happened")
    tracker = make_tracker("what_happened+what_data_affected", "en", history=history)
    first, _ = run_action(ActionTellWhatHappened(), tracker)
    second, _ = run_action(ActionTellDataInvolved(), tracker)
    assert OFFER not in texts(first) and OFFER in texts(second)


def test_an_earlier_session_does_not_count(kiebitz):
    history = asked("what_happened", "what_happened") + [{"event": "session_started"}]
    messages, _ = run_action(ActionTellWhatHappened(), make_tracker("what_happened", "en", history=history))
    assert OFFER not in texts(messages)


def test_more_detail_clicks_do_not_count_as_asking_again(kiebitz):
    more = [{"entity": "detail", "value": "more"}]
    history = asked("what_happened") + [user_event("what_happened", entities=more),
                                        {"event": "action", "name": "action_tell_what_happened"}]
    # asked once, "More detail" once: a second "More detail" is no repetition ...
    messages, _ = run_action(ActionTellWhatHappened(), make_tracker("what_happened", "en", history=history,
                                                                    entities=more))
    assert OFFER not in texts(messages)
    # ... nor is asking a second time; the third question is
    messages, _ = run_action(ActionTellWhatHappened(), make_tracker("what_happened", "en", history=history))
    assert OFFER not in texts(messages)
    messages, _ = run_action(ActionTellWhatHappened(), make_tracker(
        "what_happened", "en", history=history + asked("what_happened")[1:]))
    assert OFFER in texts(messages)
