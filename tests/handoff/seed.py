"""Many queued chats at once, written straight into the front door's tables (what the service layer
would have stored: redacted texts, a transition per state change), for the console's tests and
benchmark at scale. 500 chats through real sockets would take minutes; this takes a fraction of a
second. The rows look like real ones: a customer message, the bot's answer, the customer's last
message (the queue's preview), the bot's handoff, ``waiting_since`` spread back in time.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import random
import secrets
from typing import Dict, List, Optional, Sequence

from sqlalchemy import insert

import contract
from handoff.conversation.models import Conversation, Message, Transition
from handoff.db import make_engine, make_sessionmaker, utcnow

REASONS: Sequence[str] = tuple(contract.handoff_reasons())
# Last customer messages, as stored (redacted): the number makes each one findable by search.
LAST_WORDS = {
    "en": ["My card was charged twice, case {n}", "Someone opened a loan in my name, case {n}",
           "I want compensation for this, case {n}", "Please delete my account <EMAIL>, case {n}",
           "My IBAN <IBAN> was used for a debit I never made, case {n}"],
    "de": ["Meine Karte wurde zweimal belastet, Fall {n}", "Jemand hat einen Kredit auf meinen Namen, Fall {n}",
           "Ich will eine Entschädigung, Fall {n}", "Bitte löschen Sie mein Konto <EMAIL>, Fall {n}",
           "Über meine IBAN <IBAN> wurde abgebucht, Fall {n}"],
}
GUESSES = ["report_fraud", "payment_card_safety", "compensation_or_legal", "delete_my_data", "request_human"]


@dataclasses.dataclass(frozen=True)
class Chat:
    """One seeded conversation, as the test expects to see it."""

    id: str
    language: str
    reason: str
    waiting_since: dt.datetime
    preview: str
    handled_by: Optional[int] = None


async def queued_chats(database_url: str, count: int, *, spacing_seconds: float = 20.0,
                       handled_by: Optional[int] = None, handled_every: int = 0, seed: int = 10,
                       now: Optional[dt.datetime] = None) -> List[Chat]:
    """Write ``count`` waiting conversations; the n-th (from 0) has waited ``n * spacing_seconds``
    longer than ``now`` minus 30 s, so the last is the oldest. With ``handled_by`` (an agent id),
    every ``handled_every``-th chat was claimed by that agent before and handed back (a returning
    customer). Returns the chats in the order written."""
    rng = random.Random(seed)
    now = now or utcnow()
    chats: List[Chat] = []
    conversations: List[Dict] = []
    messages: List[Dict] = []
    transitions: List[Dict] = []
    for n in range(count):
        language = rng.choice(("en", "de"))
        reason = REASONS[n % len(REASONS)]
        since = now - dt.timedelta(seconds=30 + n * spacing_seconds)
        last = rng.choice(LAST_WORDS[language]).format(n=f"{n:04d}")
        returning = handled_by is not None and handled_every and n % handled_every == 0
        chat = Chat(secrets.token_hex(16), language, reason, since, last, handled_by if returning else None)
        chats.append(chat)
        texts = [("customer", "hello"), ("bot", "Hello, I am the chat assistant."), ("customer", last)]
        if returning:
            texts += [("agent", "Hello, this is your agent."), ("customer", last)]
        conversations.append(dict(
            id=chat.id, session_hash=secrets.token_hex(32), language=language, state="waiting",
            last_seq=len(texts), handoff_reason=reason, incident_id="test", created_at=since - dt.timedelta(minutes=5),
            updated_at=since, waiting_since=since,
            intent_ranking=[{"intent": GUESSES[n % len(GUESSES)], "confidence": 0.5 + (n % 5) / 10, "ranking": []}]))
        for seq, (sender, text) in enumerate(texts, start=1):
            messages.append(dict(conversation_id=chat.id, seq=seq, sender=sender, text=text,
                                 agent_id=handled_by if sender == "agent" else None,
                                 created_at=since - dt.timedelta(seconds=len(texts) - seq)))
        changes = [("bot", "waiting", "bot")]
        if returning:
            changes = [("bot", "waiting", "bot"), ("waiting", "agent", f"agent:{handled_by}"),
                       ("agent", "bot", f"agent:{handled_by}"), ("bot", "waiting", "customer")]
        for step, (old, new, actor) in enumerate(changes):
            transitions.append(dict(conversation_id=chat.id, from_state=old, to_state=new, actor=actor,
                                    reason=reason, created_at=since - dt.timedelta(seconds=len(changes) - step - 1)))
    engine = make_engine(database_url)
    async with make_sessionmaker(engine)() as session:
        for table, rows in ((Conversation, conversations), (Message, messages), (Transition, transitions)):
            for start in range(0, len(rows), 1000):
                await session.execute(insert(table), rows[start:start + 1000])
        await session.commit()
    await engine.dispose()
    return chats
