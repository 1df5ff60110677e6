"""Helpers shared by the actions: the conversation's language, content access, dates, buttons."""
from __future__ import annotations

import datetime as dt
import json
import logging
from abc import ABCMeta, abstractmethod
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text, Union

from babel.dates import format_date
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

import contract
from actions.config import settings
from actions.content.loader import ContentError, ContentStore
from actions.content.published import PublishedContent, is_preview
from actions.content.models import UNKNOWN, LANGUAGES, Incident, LocalizedText

logger = logging.getLogger(__name__)

DEFAULT_LANGUAGE = contract.default_language()
PERSON_PAYLOAD = contract.payload("request_human")
_LOCALES = {"en": "en_GB", "de": "de_DE"}
# Said when a content file is broken; it lives here because the phrases file may be the broken one.
CONTENT_UNAVAILABLE = {
    "en": "Sorry, I cannot answer that right now. A person from our team can help you.",
    "de": "Entschuldigung, das kann ich gerade nicht beantworten. Jemand aus unserem Team hilft Ihnen gern.",
}
MULTI_INTENT_SEPARATOR = "+"  # config.yml: intent_split_symbol
# Which action answers which topic (data/rules/; tests/unit/test_repetition.py keeps both in step).
# Notice codes are left out: wrong codes have their own limit (actions/affected.py).
ANSWER_ACTIONS = {
    "what_happened": "action_tell_what_happened",
    "when_did_it_happen": "action_tell_when",
    "am_i_affected": "action_explain_affected",
    "what_data_affected": "action_tell_data_involved",
    "what_should_i_do": "action_advise_next_steps",
    "change_password": "action_advise_password",
    "payment_card_safety": "action_advise_payment",
    "support_offer": "action_tell_support_offer",
    "report_phishing": "action_explain_official_contact",
    "how_fixed": "action_tell_what_we_do",
    "why_my_data": "action_tell_why_we_had_data",
    "contact_dpo_or_complaint": "action_tell_contacts",
}
TOPIC_OF_ACTION = {action: intent for intent, action in ANSWER_ACTIONS.items()}
REPEATED_TOPIC = 3  # the third time a topic is asked in a session, the answer offers a person
# A first answer is short; its "More detail" button sends the topic's intent again with entity
# ``detail`` = "more", and an advice group's button sends ``advice_group`` (bot/domain/core.yml).
DETAIL_ENTITY = "detail"
MORE = "more"
GROUP_ENTITY = "advice_group"
FOLLOW_UP_ENTITIES = (DETAIL_ENTITY, GROUP_ENTITY)


def language_of(tracker: Tracker) -> str:
    """Return the conversation's language, 'en' or 'de' (slot ``language``, default 'en')."""
    value = str(tracker.get_slot("language") or "").lower()
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


# True while an action answers a studio preview conversation (set by ContentAction.run for its
# task only): content() then serves the drafts, so customers never see unpublished wording.
PREVIEWING: ContextVar[bool] = ContextVar("previewing", default=False)
# Set by the studio's first-answer check for its own task only (actions/content/first_answers.py):
# content() then serves this store, with one field's text replaced, to the actions it composes.
OVERRIDE: ContextVar[Optional[Any]] = ContextVar("content_override", default=None)


@lru_cache(maxsize=2)
def published(drafts: bool = False) -> Optional[PublishedContent]:
    """The studio's published content (``CONTENT_DATABASE_URL``), or with ``drafts`` each field's
    newest draft (the preview); None: files only."""
    url = settings().content_database_url
    return PublishedContent(url, drafts=drafts) if url else None


@lru_cache(maxsize=2)
def _store(drafts: bool) -> ContentStore:
    config = settings()
    source = published(drafts)
    return ContentStore(config.incident_file, config.advice_file, config.phrases_file,
                        source.versioned if source is not None else None)


def content() -> ContentStore:
    """Return the content store of the configured incident (created on first use, not at import):
    the published content, or the drafts while answering a studio preview (``PREVIEWING``), or the
    store a studio check put in place (``OVERRIDE``)."""
    return OVERRIDE.get() or _store(PREVIEWING.get())


content.cache_clear = _store.cache_clear  # type: ignore[attr-defined]  # tests and check-content reset it


def intent_parts(intent: Optional[str]) -> List[str]:
    """The single intents of a (multi-)intent name: "what_happened+am_i_affected" -> both."""
    return [part for part in str(intent or "").split(MULTI_INTENT_SEPARATOR) if part]


def is_follow_up(parse_data: Dict[str, Any]) -> bool:
    """True for a click on "More detail" or an advice group: it goes on with a topic, it does not ask
    it again (``parse_data`` as in a ``user`` event)."""
    return any(entity.get("entity") in FOLLOW_UP_ENTITIES for entity in parse_data.get("entities") or [])


def session_user_intents(tracker: Tracker) -> List[List[str]]:
    """Intent parts of each user question of the current session, oldest first (follow-ups left out)."""
    start = 0
    for index, event in enumerate(tracker.events):
        if event.get("event") == "session_started":
            start = index
    return [intent_parts(((event.get("parse_data") or {}).get("intent") or {}).get("name"))
            for event in tracker.events[start:]
            if event.get("event") == "user" and not is_follow_up(event.get("parse_data") or {})]


def repeated_topic(tracker: Tracker, action_name: str) -> bool:
    """True when ``action_name`` gives the last answer to the latest message and a topic of that
    message has now been asked ``REPEATED_TOPIC`` times in this session."""
    if is_follow_up(tracker.latest_message or {}):
        return False
    turns = session_user_intents(tracker)
    if not turns or not turns[-1] or ANSWER_ACTIONS.get(turns[-1][-1]) != action_name:
        return False
    return any(sum(topic in turn for turn in turns) >= REPEATED_TOPIC
               for topic in turns[-1] if topic in ANSWER_ACTIONS)


def long_date(value: dt.date, language: str) -> str:
    """Format ``value`` as a long date in ``language``: '2 October 2026' / '2. Oktober 2026'."""
    return format_date(value, format="long", locale=_LOCALES[language])


def is_unknown(value: Union[LocalizedText, dt.date, str, bool, None]) -> bool:
    """True when a notice field holds the literal ``unknown``."""
    return value == UNKNOWN


def button(title: str, payload: str) -> Dict[str, str]:
    """Return a Rasa button: ``{"title": title, "payload": payload}``."""
    return {"title": title, "payload": payload}


def payload(intent: str, **entities: str) -> str:
    """A button payload in Rasa's ``/intent{"entity": "value"}`` form."""
    return f"/{intent}" + (json.dumps(entities, separators=(",", ":")) if entities else "")


def latest_entity(tracker: Tracker, name: str) -> Optional[str]:
    """The value of entity ``name`` in the latest message, or None."""
    return next(tracker.get_latest_entity_values(name), None)


def sentences(*parts: Optional[str]) -> str:
    """Join texts into one paragraph, one space apart, leaving out empty parts. The one place where
    answers join content: ``make check-content`` composes every answer and checks that each joined
    part ends a sentence (actions/content/composed.py)."""
    return " ".join(part.strip() for part in parts if part and part.strip())


def person_button(language: str) -> Dict[str, str]:
    """Return the "talk to a person" button in ``language``."""
    return contract.button("request_human", language)


def category_labels(language: str) -> Dict[str, str]:
    """Return ``{category id: label}`` in ``language``, from the advice catalogue."""
    return {key: advice.label.get(language) for key, advice in content().advice.categories.items()}


def in_sentence(label: str, language: str) -> str:
    """Return a category label as written inside an English sentence ("email address"); German
    nouns keep their capital, and so do English labels that start with an abbreviation ("IBAN")."""
    if language == "de" or label[:2].isupper():
        return label
    return label[:1].lower() + label[1:]


def join_labels(category_ids: List[str], language: str) -> str:
    """Return the labels of ``category_ids`` in ``language``, comma separated, for a sentence."""
    labels = category_labels(language)
    return ", ".join(in_sentence(labels[key], language) for key in category_ids)


class ContentAction(Action, metaclass=ABCMeta):
    """An action that answers from the content files.

    Subclasses implement :meth:`answer`. When a content file is broken, the customer gets an apology
    with the offer of a person instead of a crash, and the error (file and field, never customer text)
    is logged.
    """

    @abstractmethod
    def name(self) -> Text:
        """The action's name, as listed in the domain."""

    @abstractmethod
    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str
    ) -> List[Dict[Text, Any]]:
        """Send the answer in ``language`` and return the events to apply. For a topic
        (``ANSWER_ACTIONS``) this is the first answer: about 60 words at most (check-content)."""

    def more(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str
    ) -> List[Dict[Text, Any]]:
        """Send the longer answer behind the "More detail" button; by default the answer itself."""
        return self.answer(dispatcher, tracker, language)

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        language = language_of(tracker)
        previewing = PREVIEWING.set(is_preview(tracker.sender_id))
        try:
            if latest_entity(tracker, DETAIL_ENTITY) == MORE:
                events = self.more(dispatcher, tracker, language)
            else:
                events = self.answer(dispatcher, tracker, language)
            if repeated_topic(tracker, self.name()):
                # Asked again and again: the answers do not help, so a person is offered (not forced).
                dispatcher.utter_message(text=self.say("repeat_offer_person", language),
                                         buttons=[person_button(language)])
            return events
        except ContentError as error:
            logger.error("content unavailable in %s: %s", self.name(), error)
            dispatcher.utter_message(text=CONTENT_UNAVAILABLE[language],
                                     buttons=[contract.button("request_human", language)])
            return []
        finally:
            PREVIEWING.reset(previewing)

    @staticmethod
    def incident() -> Incident:
        """The incident notice in use."""
        return content().incident

    @staticmethod
    def say(phrase_id: str, language: str, **values: str) -> str:
        """Return a phrase from ``data/content/phrases.yml`` with ``values`` filled in."""
        return content().phrases.say(phrase_id, language, **values)

    def more_button(self, language: str, label: str = "button_more_detail") -> Dict[str, str]:
        """The button that asks this action's topic again for the longer answer (phrase ``label``)."""
        return button(self.say(label, language), payload(TOPIC_OF_ACTION[self.name()], **{DETAIL_ENTITY: MORE}))

    def next_buttons(self, language: str) -> List[Dict[str, str]]:
        """Buttons for the next likely questions after this action's topic (``follow_ups`` in
        ``data/content/phrases.yml``)."""
        phrases = content().phrases
        return [button(phrases.topics[topic].get(language), payload(topic))
                for topic in phrases.follow_ups.get(TOPIC_OF_ACTION.get(self.name(), ""), [])]


def text_or(value: Union[LocalizedText, str], language: str) -> Optional[str]:
    """Return the text of a notice field in ``language``, or None when it is ``unknown``."""
    return None if is_unknown(value) else value.get(language)  # type: ignore[union-attr]
