"""Customer sessions: the secret token a customer's client holds, and the conversation behind it.

Tokens are issued by the server only (an unknown or malformed token gets a fresh one, so nobody can
choose a token and wait for a conversation to appear under it) and stored only as an HMAC under a
server key (``handoff.conversation.service.hash_session``). New conversations per client address
are rate limited, so a flood of session requests cannot fill the queue and the database.
"""
from __future__ import annotations

from typing import Any, Optional, Tuple

import contract
from handoff.conversation import service as conversations
from handoff.conversation.models import Conversation
from handoff.deps import Deps
from handoff.intake.limits import InputRejected

MIN_TOKEN_CHARS, MAX_TOKEN_CHARS = 16, 200


def _well_formed(token: Any) -> bool:
    return isinstance(token, str) and MIN_TOKEN_CHARS <= len(token) <= MAX_TOKEN_CHARS


async def open_session(deps: Deps, *, token: Any, language: Any,
                       client: str = "") -> Tuple[Conversation, str, bool]:
    """Return the conversation of ``token``, or a new one under a fresh server-issued token.

    Args:
        token: what the client holds (None, or the token it was given before).
        language: the client's language for a new conversation (default language otherwise), or for
            one in which nothing was said yet.
        client: the client's address, for the limit on new conversations.

    Returns:
        ``(conversation, token to give the client, created)``.

    Raises:
        InputRejected: ``error_too_many_chats`` when this address started too many conversations.
    """
    if _well_formed(token):
        existing = await find_session(deps, token=token)
        if existing is not None:
            wanted = language if language in contract.languages() else None
            if wanted and wanted != existing.language and not existing.last_seq:
                # Nothing said yet: the customer's page switched languages before the first message.
                async with deps.transaction() as session:
                    await conversations.set_language(session, conversation_id=existing.id, language=wanted)
                existing.language = wanted
            return existing, token, False
    if not deps.conversation_limiter.allow(client or "unknown"):
        raise InputRejected("error_too_many_chats")
    token = conversations.new_session_token()
    async with deps.in_flight.track(), deps.transaction() as session:
        conversation = await conversations.create(
            session, session_hash=conversations.hash_session(token, deps.token_key),
            language=contract.language_or_default(language), incident_id=deps.incident_id)
    return conversation, token, True


async def find_session(deps: Deps, *, token: Any) -> Optional[Conversation]:
    """The conversation of ``token``, or None (never creates one)."""
    if not _well_formed(token):
        return None
    async with deps.sessions() as session:
        return await conversations.by_session(session, session_hash=conversations.hash_session(token, deps.token_key))


async def language_of(deps: Deps, *, conversation_id: str) -> str:
    """The conversation's language (the default when it cannot be read: an apology must still go out)."""
    async with deps.sessions() as session:
        conversation = await session.get(Conversation, conversation_id)
    return conversation.language if conversation is not None else contract.default_language()
