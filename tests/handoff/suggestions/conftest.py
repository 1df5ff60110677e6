"""Fixtures of the suggestion tests: the studio's front door (real action server for the checks) on
SQLite and PostgreSQL, and conversations with a customer's question and agents' answers."""
from __future__ import annotations

import secrets
from typing import Iterable, Tuple

from handoff.conversation.models import Conversation, Message, Transition
from handoff.db import make_engine, make_sessionmaker
from tests.handoff.console.conftest import Door
from tests.handoff.studio.conftest import action_server, studio, studio_sqlite  # noqa: F401 - fixtures


async def chat(door: Door, *, agent_id: int, language: str = "en", question: str = "How do I get my money back?",
               answers: Iterable[Tuple[int, str]] = ()) -> str:
    """A conversation handed to ``agent_id`` (who holds it): the customer's ``question``, then
    ``answers`` as agent messages ``(author id, text)`` stored as they are (seq 2, 3, ...)."""
    conversation_id = secrets.token_hex(16)
    engine = make_engine(door.database_url)
    async with make_sessionmaker(engine)() as session:
        session.add(Conversation(id=conversation_id, session_hash=secrets.token_hex(32), language=language,
                                 state="agent", agent_id=agent_id, last_seq=0))
        await session.flush()
        session.add(Message(conversation_id=conversation_id, seq=1, sender="customer", text=question))
        session.add_all([Transition(conversation_id=conversation_id, from_state="bot", to_state="waiting",
                                    actor="customer", reason="asked"),
                         Transition(conversation_id=conversation_id, from_state="waiting", to_state="agent",
                                    actor=f"agent:{agent_id}", reason="claimed")])
        seq = 1
        for author, text in answers:
            seq += 1
            session.add(Message(conversation_id=conversation_id, seq=seq, sender="agent", text=text, agent_id=author))
        (await session.get(Conversation, conversation_id)).last_seq = seq
        await session.commit()
    await engine.dispose()
    return conversation_id
