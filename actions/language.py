"""The conversation's language: set from the message metadata at session start, switched on request."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

import contract
from actions.common import DEFAULT_LANGUAGE, ContentAction
from actions.content.models import LANGUAGES

Events = List[Dict[Text, Any]]
LANGUAGE_SLOT = "language"
# Slots kept when a new session starts (Rasa resets all others).
CARRIED_OVER = ("notice_code_attempts",)


def supported_language(value: Any) -> Optional[str]:
    """Map 'de', 'DE', 'de-AT', 'de_DE' to 'de' (likewise 'en'); None for anything unsupported."""
    if not isinstance(value, str):
        return None
    primary = value.strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in LANGUAGES else None


class ActionSessionStart(Action):
    """Start a session with ``language`` from the first message's metadata.

    Without metadata the previous session's language (else English) stays. The count of wrong notice
    codes carries over, so a new session does not give five fresh tries.
    """

    def name(self) -> Text:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> Events:
        metadata = tracker.get_slot("session_started_metadata") or {}
        language = (supported_language(metadata.get("language"))
                    or supported_language(tracker.get_slot(LANGUAGE_SLOT))
                    or DEFAULT_LANGUAGE)
        events: Events = [SessionStarted(), SlotSet(LANGUAGE_SLOT, language)]
        events += [SlotSet(name, tracker.get_slot(name)) for name in CARRIED_OVER
                   if tracker.get_slot(name) is not None]
        events.append(ActionExecuted("action_listen"))
        return events


class ActionSwitchLanguage(ContentAction):
    """Switch to the language the customer names; for other languages, say which ones exist."""

    def name(self) -> Text:
        return "action_switch_language"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        requested = next(tracker.get_latest_entity_values(LANGUAGE_SLOT), None)
        target = supported_language(requested)
        if target is not None:
            dispatcher.utter_message(text=self.say("language_switched", target))
            return [SlotSet(LANGUAGE_SLOT, target)]
        dispatcher.utter_message(
            text=self.say("language_unsupported", language),
            buttons=[contract.language_choice(code) for code in LANGUAGES],
        )
        return []
