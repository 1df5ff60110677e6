"""The bot's fixed responses at run time: the studio's published version, not the trained domain.

``bot/endpoints.yml`` names this class as Rasa's NLG (``nlg: type: bot.nlg.PublishedResponses``;
Rasa 3.6 loads a custom ``NaturalLanguageGenerator`` from its module path and builds it with
``endpoint_config`` and ``domain``). It is Rasa's own ``TemplatedNaturalLanguageGenerator`` (same
variation choice by condition and channel, same ``{slot}`` filling) over the published
``responses`` document of the studio (``actions.content.published``, read from
``CONTENT_DATABASE_URL``; the revision is polled at most once a second), so a published wording
change reaches the next answer without retraining or restart. Without that variable, before the
first seed, or for a response the studio does not hold, the domain's responses are used.

A studio preview conversation (sender id ``actions.content.published.PREVIEW_PREFIX``, made only by
the front door's studio) is answered from each response's newest draft instead (issue 12, item 4);
every other conversation keeps the published responses.

Chosen over an NLG callback endpoint: no extra HTTP hop per response and no new route to protect;
the Rasa process already has SQLAlchemy and the database drivers (its SQL tracker store).
"""
from __future__ import annotations

import os
from typing import Any, Dict, List, Optional, Text

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from actions.content.fields import RESPONSES
from actions.content.published import PublishedContent, is_preview


class PublishedResponses(TemplatedNaturalLanguageGenerator):
    """Rasa's templated NLG whose ``responses`` are the published ones (see the module docstring)."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, domain: Optional[Domain] = None,
                 published: Optional[PublishedContent] = None, drafts: Optional[PublishedContent] = None) -> None:
        self._domain_responses: Dict[Text, List[Dict[Text, Any]]] = dict(domain.responses) if domain else {}
        url = os.environ.get("CONTENT_DATABASE_URL")
        self._published = published or (PublishedContent(url) if url else None)
        self._revision: Optional[int] = None
        self._merged = self._domain_responses
        self._drafts = drafts or (PublishedContent(url, drafts=True) if url else None)
        self._draft_revision: Optional[int] = None
        self._draft_generator: Optional[TemplatedNaturalLanguageGenerator] = None
        super().__init__(self._domain_responses)

    async def generate(self, utter_action: Text, tracker: DialogueStateTracker, output_channel: Text,
                       **kwargs: Any) -> Optional[Dict[Text, Any]]:
        """The response ``utter_action`` for ``tracker``: from the drafts in a studio preview
        conversation, else from the published responses (Rasa's templated generation either way)."""
        if is_preview(tracker.sender_id):
            return await self._preview_generator().generate(utter_action, tracker, output_channel, **kwargs)
        return await super().generate(utter_action, tracker, output_channel, **kwargs)

    def _preview_generator(self) -> TemplatedNaturalLanguageGenerator:
        """Rasa's templated generator over the draft responses (rebuilt when the drafts change)."""
        found = self._drafts.versioned(RESPONSES) if self._drafts is not None else None
        if found is None:
            return self
        revision, data = found
        if self._draft_generator is None or revision != self._draft_revision:
            responses = {**self._domain_responses, **(data.get(RESPONSES) or {})}
            self._draft_generator = TemplatedNaturalLanguageGenerator(responses)
            self._draft_revision = revision
        return self._draft_generator

    @property
    def responses(self) -> Dict[Text, List[Dict[Text, Any]]]:  # type: ignore[override]
        """The published responses over the domain's (rebuilt only when the revision changes)."""
        found = self._published.versioned(RESPONSES) if self._published is not None else None
        if found is None:
            return self._domain_responses
        revision, data = found
        if revision != self._revision:
            self._merged = {**self._domain_responses, **(data.get(RESPONSES) or {})}
            self._revision = revision
        return self._merged

    @responses.setter
    def responses(self, value: Dict[Text, List[Dict[Text, Any]]]) -> None:
        self._domain_responses = value
        self._revision = None
