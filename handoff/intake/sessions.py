"""Customer sessions: the secret token a customer's client holds, and the conversation behind it."""
from __future__ import annotations

from typing import Any, Optional, Tuple

import contract
from handoff.conversation import service as conversations
from handoff.conversation.models import Conversation
from handoff.deps import Deps

MIN_TOKEN_CHARS, MAX_TOKEN_CHARS = 16, 200


async def open_session(deps: Deps, *, token: Any, language: Any) -> Tuple[Conversation, str]:
    """Return the conversation of ``token`` (or a new one) and the token to give the client.

    Tokens shorter than 16 characters are replaced: they could be guessed.
    """
    language = contract.language_or_default(language)
    if not isinstance(token, str) or not MIN_TOKEN_CHARS <= len(token) <= MAX_TOKEN_CHARS:
        token = conversations.new_session_token()
    async with deps.in_flight.track(), deps.transaction() as session:
        conversation = await conversations.by_session(session, session_token=token)
        if conversation is None:
            conversation = await conversations.create(session, session_token=token, language=language,
                                                      incident_id=deps.incident_id)
    return conversation, token


async def find_session(deps: Deps, *, token: str) -> Optional[Conversation]:
    """The conversation of ``token``, or None (never creates one)."""
    async with deps.sessions() as session:
        return await conversations.by_session(session, session_token=token)


async def language_of(deps: Deps, *, conversation_id: str) -> str:
    """The conversation's language (the default when it cannot be read: an apology must still go out)."""
    async with deps.sessions() as session:
        conversation = await session.get(Conversation, conversation_id)
    return conversation.language if conversation is not None else contract.default_language()
