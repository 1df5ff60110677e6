"""Handoff decisions and the payload the front door acts on (docs/handoff-contract.md)."""
from __future__ import annotations

import json

import pytest

from actions.handoff import (
    ActionClarifyOrHandoff,
    ActionHandOff,
    ActionRespondAffirm,
    ActionRespondFrustration,
)
from tests.unit.conftest import make_tracker, payloads, run_action, texts, user_event

FALLBACK_RANKING = [
    {"name": "nlu_fallback", "confidence": 0.4},
    {"name": "payment_card_safety", "confidence": 0.31},
    {"name": "greet", "confidence": 0.2},
    {"name": "what_data_affected", "confidence": 0.18},
]


def handoff_of(messages):
    """The handoff payload among ``messages``, or None."""
    customs = [message["custom"] for message in messages if message.get("custom")]
    return customs[0]["handoff"] if customs else None


@pytest.mark.parametrize("intent, reason", [
    ("request_human", "customer_request"),
    ("compensation_or_legal", "legal_or_compensation"),
    ("delete_my_data", "deletion_request"),
    ("report_fraud", "fraud_reported"),
])
def test_handoff_carries_reason_language_incident_and_intents(kiebitz, intent, reason):
    history = [user_event("greet", 0.99, text="hallo"), user_event("what_happened", 0.8, text="was ist los")]
    messages, _ = run_action(ActionHandOff(), make_tracker(intent, "de", text="secret text", history=history))
    handoff = handoff_of(messages)
    assert handoff["reason"] == reason
    assert handoff["language"] == "de" and handoff["incident"] == "kiebitz-2026-09"
    assert [turn["intent"] for turn in handoff["intent_ranking"]] == ["greet", "what_happened", intent]
    # The payload holds no message text: the transcript stays with the front door.
    assert "secret text" not in json.dumps(handoff) and "hallo" not in json.dumps(handoff)
    # The customer is told what happens next, in German, with the hotline.
    assert "Bitte bleiben Sie in diesem Chat" in texts(messages) and "+49 40" in texts(messages)


def test_fraud_handoff_first_tells_the_customer_to_call_the_bank(kiebitz):
    messages, _ = run_action(ActionHandOff(), make_tracker("report_fraud", "en"))
    assert "116 116" in messages[0]["text"]


def test_first_low_confidence_turn_asks_with_the_likeliest_topics(kiebitz):
    tracker = make_tracker("nlu_fallback", "en", confidence=0.4, ranking=FALLBACK_RANKING)
    messages, events = run_action(ActionClarifyOrHandoff(), tracker)
    assert handoff_of(messages) is None
    # greet has no topic button, so the two likeliest topics are the card and the data.
    assert payloads(messages) == ["/payment_card_safety", "/what_data_affected", "/request_human"]
    assert messages[0]["buttons"][0]["title"] == "My card or bank account"
    assert events == []


def test_second_low_confidence_turn_in_a_row_hands_off(kiebitz):
    history = [
        user_event("nlu_fallback", 0.4, ranking=FALLBACK_RANKING),
        {"event": "action", "name": "action_clarify_or_handoff"},
        {"event": "bot", "text": "Sorry, I am not sure what you mean."},
        {"event": "action", "name": "action_listen"},
    ]
    tracker = make_tracker("nlu_fallback", "en", confidence=0.4, ranking=FALLBACK_RANKING, history=history)
    messages, _ = run_action(ActionClarifyOrHandoff(), tracker)
    handoff = handoff_of(messages)
    assert handoff["reason"] == "low_confidence"
    assert handoff["intent_ranking"][-1]["ranking"][1] == {"intent": "payment_card_safety", "confidence": 0.31}


def test_low_confidence_after_a_clear_turn_asks_again(kiebitz):
    history = [
        user_event("nlu_fallback", 0.4, ranking=FALLBACK_RANKING),
        {"event": "action", "name": "action_clarify_or_handoff"},
        {"event": "action", "name": "action_listen"},
        user_event("what_happened", 0.97),
        {"event": "action", "name": "action_tell_what_happened"},
        {"event": "action", "name": "action_listen"},
    ]
    tracker = make_tracker("nlu_fallback", "en", confidence=0.4, ranking=FALLBACK_RANKING, history=history)
    messages, _ = run_action(ActionClarifyOrHandoff(), tracker)
    assert handoff_of(messages) is None


def test_core_fallback_reverts_the_message_so_rasa_listens_again(kiebitz):
    messages, events = run_action(ActionClarifyOrHandoff(), make_tracker("what_happened", "en"))
    assert [event["event"] for event in events] == ["rewind"]


def test_frustration_is_acknowledged_then_handed_off_when_it_repeats(kiebitz):
    first, _ = run_action(ActionRespondFrustration(), make_tracker("frustration", "en"))
    assert "I am sorry" in texts(first) and handoff_of(first) is None
    assert payloads(first) == ["/request_human"]
    history = [user_event("frustration"), {"event": "action", "name": "action_respond_frustration"}]
    second, _ = run_action(ActionRespondFrustration(), make_tracker("frustration", "en", history=history))
    assert handoff_of(second)["reason"] == "frustration"


def test_yes_after_the_offer_of_a_person_hands_off(kiebitz):
    history = [user_event("what_happened"),
               {"event": "bot", "text": "...", "data": {"buttons": [
                   {"title": "Talk to a person", "payload": "/request_human"}]}}]
    messages, _ = run_action(ActionRespondAffirm(), make_tracker("affirm", "en", history=history))
    assert handoff_of(messages)["reason"] == "customer_request"


def test_yes_after_what_to_do_offer_gives_the_advice(kiebitz):
    history = [user_event("provide_notice_code"),
               {"event": "bot", "text": "...", "data": {"buttons": [
                   {"title": "What should I do?", "payload": "/what_should_i_do"},
                   {"title": "Talk to a person", "payload": "/request_human"}]}}]
    messages, _ = run_action(ActionRespondAffirm(), make_tracker("affirm", "en", history=history))
    assert "1. Password:" in "\n\n".join(message["text"] for message in messages)
    assert handoff_of(messages) is None


def test_yes_without_an_offer_asks_what_else(kiebitz):
    messages, _ = run_action(ActionRespondAffirm(), make_tracker("affirm", "de"))
    assert texts(messages) == "In Ordnung. Kann ich sonst noch helfen?"
