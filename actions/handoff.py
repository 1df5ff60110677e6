"""Handoff decisions: when the bot passes the conversation to a person, and the payload it sends.

The contract with the front door is written down in ``docs/handoff-contract.md``: a handoff is a
message whose custom payload is ``{"handoff": {...}}``, preceded by text telling the customer what
happens next.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

import contract
from actions.common import (
    PERSON_PAYLOAD,
    ContentAction,
    button,
    content,
    intent_parts,
    person_button,
)
from actions.advice import ActionAdviseNextSteps
from actions.config import settings

Events = List[Dict[Text, Any]]

# Why the bot hands off, by the intent that made it do so (docs/handoff-contract.md lists them).
REASON_BY_INTENT = {
    "request_human": "customer_request",
    "affirm": "customer_request",
    "compensation_or_legal": "legal_or_compensation",
    "delete_my_data": "deletion_request",
    "report_fraud": "fraud_reported",
    "frustration": "frustration",
    "nlu_fallback": "low_confidence",
}
RANKING_TURNS = 3  # user turns of intent guesses the agent sees
RANKING_SIZE = 3  # guesses per turn
REPEATED_FRUSTRATION = 2  # the second angry message in a session goes to a person
FALLBACK_INTENT = "nlu_fallback"
CLARIFY_ACTION = "action_clarify_or_handoff"
# A fraud report hands off at once only when the classifier is sure; below this, the customer is
# asked whether misuse already happened (a prevention question that mentions fraud is advice).
FRAUD_CONFIDENCE = 0.7  # on the validation set: at 0.8 a real report was asked back, at 0.7 none


def intent_history(tracker: Tracker, turns: int = RANKING_TURNS) -> List[Dict[str, Any]]:
    """Return the intent guesses of the last ``turns`` user messages, oldest first.

    Shape: ``[{"intent": str, "confidence": float, "ranking": [{"intent": str, "confidence": float}]}]``.
    Message texts are left out on purpose: the front door holds the (redacted) transcript.
    """
    history = []
    for event in tracker.events:
        if event.get("event") != "user":
            continue
        parse = event.get("parse_data") or {}
        intent = parse.get("intent") or {}
        history.append({
            "intent": intent.get("name"),
            "confidence": round(float(intent.get("confidence") or 0.0), 4),
            "ranking": [
                {"intent": guess.get("name"), "confidence": round(float(guess.get("confidence") or 0.0), 4)}
                for guess in (parse.get("intent_ranking") or [])[:RANKING_SIZE]
            ],
        })
    return history[-turns:]


def hand_off(dispatcher: CollectingDispatcher, tracker: Tracker, language: str, reason: str,
             intro: Optional[str] = None) -> Events:
    """Tell the customer a person takes over, then send the handoff payload.

    Args:
        reason: one of the reasons in ``docs/handoff-contract.md``; the intro phrase is
            ``handoff_<reason>`` unless ``intro`` names another phrase.
    """
    say = ContentAction.say
    hotline = ContentAction.incident().contacts.hotline
    dispatcher.utter_message(text=say(intro or f"handoff_{reason}", language))
    dispatcher.utter_message(
        text=say("handoff_next", language, phone=hotline.phone, hours=hotline.hours.get(language))
    )
    dispatcher.utter_message(json_message={"handoff": {
        "reason": reason,
        "language": language,
        "incident": settings().incident_id,
        "intent_ranking": intent_history(tracker),
    }})
    return []


def _events_since_previous_user_turn(tracker: Tracker) -> List[Dict[str, Any]]:
    """Events between the second-to-last and the last user message."""
    user_indexes = [i for i, event in enumerate(tracker.events) if event.get("event") == "user"]
    if len(user_indexes) < 2:
        return []
    return tracker.events[user_indexes[-2] + 1:user_indexes[-1]]


def _last_bot_message(tracker: Tracker) -> Dict[str, Any]:
    """The last bot event before the latest user message (empty dict when there is none)."""
    user_indexes = [i for i, event in enumerate(tracker.events) if event.get("event") == "user"]
    end = user_indexes[-1] if user_indexes else len(tracker.events)
    for event in reversed(tracker.events[:end]):
        if event.get("event") == "bot":
            return event
    return {}


class ActionHandOff(ContentAction):
    """Hand off at once: the customer asked for a person, or the topic needs one (legal claims,
    compensation, deletion requests, fraud that already happened)."""

    def name(self) -> Text:
        return "action_hand_off"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        latest = tracker.latest_message.get("intent") or {}
        intent = latest.get("name")
        if intent == "report_fraud" and float(latest.get("confidence") or 0.0) < FRAUD_CONFIDENCE:
            # Hand off on what happened, not on the word "fraud": ask before passing the chat on.
            dispatcher.utter_message(text=self.say("fraud_confirm", language), buttons=[
                contract.button("fraud_happened", language),
                contract.button("prevent_fraud", language),
            ])
            return []
        return hand_off(dispatcher, tracker, language, REASON_BY_INTENT.get(intent, "customer_request"))


class ActionClarifyOrHandoff(ContentAction):
    """Low confidence (``nlu_fallback`` or the RulePolicy's core fallback).

    The first low-confidence turn gets a clarifying question with the two likeliest topics and "talk
    to a person" as buttons; a second low-confidence turn in a row hands off
    (https://rasa.com/docs/rasa/fallback-handoff#two-stage-fallback describes the pattern).
    """

    def name(self) -> Text:
        return CLARIFY_ACTION

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        # As the RulePolicy's core fallback, the action must revert the user message so that Rasa
        # listens again instead of predicting the fallback in a loop
        # (https://rasa.com/docs/rasa/fallback-handoff#handling-low-action-confidence).
        latest_intent = (tracker.latest_message.get("intent") or {}).get("name")
        events: Events = [] if latest_intent == FALLBACK_INTENT else [UserUtteranceReverted()]
        previous = _events_since_previous_user_turn(tracker)
        if any(event.get("event") == "action" and event.get("name") == CLARIFY_ACTION
               for event in previous):
            return hand_off(dispatcher, tracker, language, "low_confidence") + events
        topics = content().phrases.topics
        likely = likely_topics(tracker.latest_message.get("intent_ranking") or [], topics)
        buttons = [button(topics[intent].get(language), f"/{intent}") for intent in likely]
        if _asked_before(tracker, [item["payload"] for item in buttons]):
            # The same clarifying question a second time: offer the person first.
            dispatcher.utter_message(text=self.say("clarify_again", language),
                                     buttons=[person_button(language)] + buttons)
            return events
        buttons.append(person_button(language))
        dispatcher.utter_message(text=self.say("clarify", language), buttons=buttons)
        return events


def likely_topics(ranking: List[Dict[str, Any]], topics: Dict[str, Any], count: int = 2) -> List[str]:
    """The ``count`` likeliest topics of an intent ranking that have a button label; a two-question
    guess ("a+b") contributes both of its topics."""
    likely: List[str] = []
    for guess in ranking:
        for intent in intent_parts(guess.get("name")):
            if intent != FALLBACK_INTENT and intent in topics and intent not in likely:
                likely.append(intent)
    return likely[:count]


def _asked_before(tracker: Tracker, topic_payloads: List[str]) -> bool:
    """True when an earlier clarifying question of this session offered the same topics."""
    if not topic_payloads:
        return False
    wanted = set(topic_payloads)
    starts = [i for i, event in enumerate(tracker.events) if event.get("event") == "session_started"]
    for event in tracker.events[starts[-1] if starts else 0:]:
        if event.get("event") != "bot":
            continue
        offered = {item.get("payload") for item in (event.get("data") or {}).get("buttons") or []}
        offered.discard(PERSON_PAYLOAD)
        if offered == wanted:
            return True
    return False


class ActionRespondFrustration(ContentAction):
    """Acknowledge anger and offer a person; the second angry message in a session hands off."""

    def name(self) -> Text:
        return "action_respond_frustration"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        angry_turns = sum(
            1 for event in tracker.events
            if event.get("event") == "user"
            and ((event.get("parse_data") or {}).get("intent") or {}).get("name") == "frustration"
        )
        if angry_turns >= REPEATED_FRUSTRATION:
            return hand_off(dispatcher, tracker, language, "frustration")
        # Acknowledge the feeling, then the most useful next step: what the customer can do now.
        dispatcher.utter_message(text=self.say("frustration", language), buttons=[
            contract.button("what_should_i_do", language),
            person_button(language),
        ])
        return []


class ActionRespondAffirm(ContentAction):
    """A "yes" answers the bot's last offer: a person, or the advice on what to do."""

    def name(self) -> Text:
        return "action_respond_affirm"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        buttons = (_last_bot_message(tracker).get("data") or {}).get("buttons") or []
        payloads = [item.get("payload") for item in buttons]
        if payloads == [PERSON_PAYLOAD]:
            return hand_off(dispatcher, tracker, language, "customer_request")
        if payloads and payloads[0] == "/what_should_i_do":
            return ActionAdviseNextSteps().answer(dispatcher, tracker, language)
        dispatcher.utter_message(text=self.say("anything_else", language),
                                 buttons=[person_button(language)])
        return []
