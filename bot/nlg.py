"""The bot's fixed responses at run time: the studio's published version, not the trained domain.

``bot/endpoints.yml`` names this class as Rasa's NLG (``nlg: type: bot.nlg.PublishedResponses``;
Rasa 3.6 loads a custom ``NaturalLanguageGenerator`` from its module path and builds it with
``endpoint_config`` and ``domain``). It is Rasa's own ``TemplatedNaturalLanguageGenerator`` (same
variation choice by condition and channel, same ``{slot}`` filling) over the published
``responses`` document of the studio (``actions.content.published``, read from
``CONTENT_DATABASE_URL``; the revision is polled at most once a second), so a published wording
change reaches the next answer without retraining or restart. Without that variable, before the
first seed, or for a response the studio does not hold, the domain's responses are used.

Chosen over an NLG callback endpoint: no extra HTTP hop per response and no new route to protect;
the Rasa process already has SQLAlchemy and the database drivers (its SQL tracker store).
"""
from __future__ import annotations

import os
from typing import Any, Dict, List, Optional, Text

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import EndpointConfig

from actions.content.fields import RESPONSES
from actions.content.published import PublishedContent


class PublishedResponses(TemplatedNaturalLanguageGenerator):
    """Rasa's templated NLG whose ``responses`` are the published ones (see the module docstring)."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, domain: Optional[Domain] = None,
                 published: Optional[PublishedContent] = None) -> None:
        self._domain_responses: Dict[Text, List[Dict[Text, Any]]] = dict(domain.responses) if domain else {}
        url = os.environ.get("CONTENT_DATABASE_URL")
        self._published = published or (PublishedContent(url) if url else None)
        self._revision: Optional[int] = None
        self._merged = self._domain_responses
        super().__init__(self._domain_responses)

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
