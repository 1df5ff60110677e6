"""The "am I affected?" check: explained from the notice, answered only for a valid notice code.

The bot never confirms whether a name or an email address is in the breach: that would tell anyone
who types someone else's address. Only the code from the customer's own letter answers the question.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import contract
from actions.common import ContentAction, join_labels, person_button, sentences
from actions.config import settings
from actions.notice_codes import NoticeCodeError, NoticeCodeStore, find_code

logger = logging.getLogger(__name__)

Events = List[Dict[Text, Any]]

MAX_CODE_ATTEMPTS = 5  # from the product requirement: five wrong codes end checking in a conversation
ATTEMPTS_SLOT = "notice_code_attempts"
CATEGORIES_SLOT = "affected_categories"


def attempts_of(tracker: Tracker) -> int:
    """Wrong notice codes entered so far in this conversation."""
    return int(tracker.get_slot(ATTEMPTS_SLOT) or 0)


@lru_cache(maxsize=4)
def _store(path: Path, stamp: Tuple[int, int]) -> NoticeCodeStore:
    return NoticeCodeStore.read(path)


def code_store() -> Optional[NoticeCodeStore]:
    """The hashed codes of the incident in use, reloaded when the file changes; None if absent.

    Raises:
        NoticeCodeError: the code file exists but is broken.
    """
    path = settings().notice_codes_file
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return _store(path, (status.st_mtime_ns, status.st_size))


class ActionExplainAffected(ContentAction):
    """How to find out with the notice code (while tries are left); "More detail" says who is
    affected and that nobody is looked up by name or e-mail address."""

    def name(self) -> Text:
        return "action_explain_affected"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        if attempts_of(tracker) >= MAX_CODE_ATTEMPTS:
            dispatcher.utter_message(text=self.say("handoff_code_attempts", language),
                                     buttons=[self.more_button(language), person_button(language)])
            return []
        dispatcher.utter_message(text=self.incident().who_is_affected.how_to_check.get(language),
                                 buttons=[self.more_button(language)] + self.next_buttons(language))
        return []

    def more(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        dispatcher.utter_message(
            text=sentences(self.incident().who_is_affected.summary.get(language),
                           self.say("code_no_personal_lookup", language)),
            buttons=self.next_buttons(language) if attempts_of(tracker) < MAX_CODE_ATTEMPTS
            else [person_button(language)])
        return []


class ActionCheckNoticeCode(ContentAction):
    """Check a notice code; after ``MAX_CODE_ATTEMPTS`` wrong codes stop checking and offer a person.

    Reads the code from entity ``notice_code`` or, failing that, from the message text. Sets slot
    ``notice_code_attempts`` (float) after a wrong code and ``affected_categories`` (list of data
    category ids) after a match.
    """

    def name(self) -> Text:
        return "action_check_notice_code"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        attempts = attempts_of(tracker)
        if attempts >= MAX_CODE_ATTEMPTS:
            dispatcher.utter_message(text=self.say("code_locked", language),
                                     buttons=[person_button(language)])
            return []
        entity = next(tracker.get_latest_entity_values("notice_code"), None)
        # Through the front door the code arrives as its keyed hash in the metadata (never in clear).
        hashed = (tracker.latest_message.get("metadata") or {}).get("notice_code_hash")
        code = find_code(entity or "") or find_code(tracker.latest_message.get("text") or "")
        if code is None and not isinstance(hashed, str):
            dispatcher.utter_message(text=self.say("code_missing", language))
            return []
        try:
            store = code_store()
        except NoticeCodeError as error:
            logger.error("notice codes unavailable: %s", error)
            store = None
        if store is None:
            dispatcher.utter_message(text=self.say("code_check_unavailable", language),
                                     buttons=[person_button(language)])
            return []

        categories = store.lookup(code) if code is not None else store.lookup_hash(hashed)
        if categories is not None:
            dispatcher.utter_message(
                text=self.say("code_match", language, categories=join_labels(list(categories), language))
                + " " + self.say("code_match_next", language),
                buttons=[contract.button("what_should_i_do", language),
                         person_button(language)],
            )
            return [SlotSet(CATEGORIES_SLOT, list(categories))]

        attempts += 1
        if attempts >= MAX_CODE_ATTEMPTS:
            dispatcher.utter_message(text=self.say("code_locked", language),
                                     buttons=[person_button(language)])
        else:
            dispatcher.utter_message(
                text=self.say("code_not_found", language, tries=str(MAX_CODE_ATTEMPTS - attempts))
            )
        return [SlotSet(ATTEMPTS_SLOT, float(attempts))]
