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
    # The most useful next step first (what to do now), then a person.
    assert payloads(first) == ["/what_should_i_do", "/request_human"]
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
    assert '/what_should_i_do{"advice_group":"login"}' in payloads(messages)  # the first advice answer
    assert handoff_of(messages) is None


def test_yes_without_an_offer_asks_what_else(kiebitz):
    messages, _ = run_action(ActionRespondAffirm(), make_tracker("affirm", "de"))
    assert texts(messages) == "In Ordnung. Kann ich sonst noch helfen?"


@pytest.mark.parametrize("language, words", [("en", "worried or angry"), ("de", "Sorgen")])
def test_worry_gets_a_short_acknowledgement_in_both_languages(kiebitz, language, words):
    messages, _ = run_action(ActionRespondFrustration(), make_tracker("frustration", language))
    assert words in texts(messages)
    assert len(texts(messages).split()) < 60  # short: a worried customer needs the next step, not a speech


def test_a_sure_fraud_report_hands_off(kiebitz):
    messages, _ = run_action(ActionHandOff(), make_tracker("report_fraud", "en", confidence=0.93))
    assert handoff_of(messages)["reason"] == "fraud_reported"


def test_an_unsure_fraud_report_asks_whether_misuse_happened(kiebitz):
    # "how do I stop someone opening accounts in my name?" is advice, not a report: ask first.
    messages, _ = run_action(ActionHandOff(), make_tracker("report_fraud", "de", confidence=0.55))
    assert handoff_of(messages) is None
    assert payloads(messages) == ["/report_fraud", "/what_should_i_do"]
    assert "missbraucht" in texts(messages)


def test_unsure_requests_for_a_person_still_hand_off(kiebitz):
    messages, _ = run_action(ActionHandOff(), make_tracker("request_human", "en", confidence=0.45))
    assert handoff_of(messages)["reason"] == "customer_request"


def test_clarifying_buttons_split_two_question_guesses(kiebitz):
    ranking = [{"name": "nlu_fallback", "confidence": 0.4},
               {"name": "what_happened+payment_card_safety", "confidence": 0.35},
               {"name": "what_happened", "confidence": 0.3}]
    tracker = make_tracker("nlu_fallback", "en", confidence=0.4, ranking=ranking)
    messages, _ = run_action(ActionClarifyOrHandoff(), tracker)
    assert payloads(messages) == ["/what_happened", "/payment_card_safety", "/request_human"]


def test_the_same_clarification_twice_offers_a_person_first(kiebitz):
    history = [
        user_event("nlu_fallback", 0.4, ranking=FALLBACK_RANKING),
        {"event": "action", "name": "action_clarify_or_handoff"},
        {"event": "bot", "text": "Sorry, I am not sure what you mean. Is it one of these?", "data": {"buttons": [
            {"title": "My card or bank account", "payload": "/payment_card_safety"},
            {"title": "Which data was involved", "payload": "/what_data_affected"},
            {"title": "Talk to a person", "payload": "/request_human"}]}},
        {"event": "action", "name": "action_listen"},
        user_event("what_happened", 0.97),
        {"event": "action", "name": "action_tell_what_happened"},
        {"event": "action", "name": "action_listen"},
    ]
    tracker = make_tracker("nlu_fallback", "en", confidence=0.4, ranking=FALLBACK_RANKING, history=history)
    messages, _ = run_action(ActionClarifyOrHandoff(), tracker)
    assert handoff_of(messages) is None  # an offer, not an automatic handoff
    assert payloads(messages)[0] == "/request_human"
    assert "still do not understand" in texts(messages)
