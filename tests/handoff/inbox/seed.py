"""Inbox test data written straight into the front door's tables, as the capture stores it: typed
customer messages with the bot's intent, confidence and top 3, the bot's answers, handoffs and
"not helpful" ratings."""
from __future__ import annotations

import datetime as dt
import secrets
from typing import List, Optional, Sequence, Tuple

from handoff.conversation.models import Conversation, Message, Transition
from handoff.db import make_engine, make_sessionmaker, utcnow
from handoff.feedback.models import AnswerRating

UNSURE = [{"name": "what_happened", "confidence": 0.21}, {"name": "am_i_affected", "confidence": 0.18},
          {"name": "out_of_scope", "confidence": 0.1}]


def sure(intent: str, confidence: float = 0.93) -> Tuple[str, float, list]:
    return intent, confidence, [{"name": intent, "confidence": confidence},
                                {"name": "what_happened", "confidence": 0.03}, {"name": "greet", "confidence": 0.01}]


UNCLEAR = ("nlu_fallback", 0.3, UNSURE)


async def chat(database_url: str, turns: Sequence[Tuple[str, Optional[tuple]]], *, language: str = "en",
               handed_off_after: Optional[int] = None, unhelpful: Sequence[int] = ()) -> Tuple[str, List[int]]:
    """A conversation of customer ``turns`` ``(text, (intent, confidence, ranking) or None)``, each
    answered by the bot; handed to a person after turn ``handed_off_after`` (0-based); the answers
    to turns ``unhelpful`` rated not helpful. Returns the conversation id and the customer message ids."""
    conversation_id = secrets.token_hex(16)
    engine = make_engine(database_url)
    ids: List[int] = []
    start = utcnow() - dt.timedelta(minutes=10)
    async with make_sessionmaker(engine)() as session:
        session.add(Conversation(id=conversation_id, session_hash=secrets.token_hex(32), language=language,
                                 state="bot", last_seq=0))
        await session.flush()
        seq = 0
        for index, (text, nlu) in enumerate(turns):
            at = start + dt.timedelta(seconds=10 * index)
            intent, confidence, ranking = nlu or (None, None, None)
            customer = Message(conversation_id=conversation_id, seq=seq + 1, sender="customer", text=text,
                               intent=intent, intent_confidence=confidence, intent_ranking=ranking, created_at=at)
            answer = Message(conversation_id=conversation_id, seq=seq + 2, sender="bot", text="An answer.",
                             created_at=at + dt.timedelta(seconds=1))
            session.add_all([customer, answer])
            await session.flush()
            seq += 2
            ids.append(customer.id)
            if index in unhelpful:
                session.add(AnswerRating(conversation_id=conversation_id, message_id=answer.id, helpful=False,
                                         language=language))
            if index == handed_off_after:
                session.add(Transition(conversation_id=conversation_id, from_state="bot", to_state="waiting",
                                       actor="bot", reason="low_confidence", created_at=at + dt.timedelta(seconds=2)))
        (await session.get(Conversation, conversation_id)).last_seq = seq
        await session.commit()
    await engine.dispose()
    return conversation_id, ids
