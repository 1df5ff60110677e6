"""Where the inbox meets the examples store (contract 2 of issue 13, ``handoff.intents``): the
intent names, and adding one customer text as an example."""
from __future__ import annotations

from typing import List, Optional

from sqlalchemy.ext.asyncio import AsyncSession

from handoff import intents


async def intent_names(session: AsyncSession) -> List[str]:
    """Every intent a message may be moved to."""
    return await intents.intent_names(session)


async def add(session: AsyncSession, *, intent: str, language: str, text: str, actor: str) -> Optional[str]:
    """Add ``text`` as an example of ``intent`` in ``language`` (source "inbox"). Returns None when
    it is an example now (also when it was one already), else the store's reason for refusing it
    (``in_other_intent``, ``empty``, ``too_long``, ``unknown_intent``, ``unknown_language``)."""
    try:
        await intents.add_examples(session, intent=intent, language=language, texts=[text], actor=actor,
                                   source="inbox")
    except intents.ExampleRejected as rejected:
        return None if rejected.reason == "duplicate" else rejected.reason
    return None
