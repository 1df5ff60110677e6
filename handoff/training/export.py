"""The training data of one training, written into a fresh folder for ``rasa train``."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import async_sessionmaker

from handoff.config import ROOT
from handoff.intents import store, write_training_data as from_studio


async def write_training_data(sessions: async_sessionmaker, dest: Path) -> None:
    """Write ``dest/data/nlu``, ``dest/data/rules`` and ``dest/bot/domain``: the repo's data plus what
    the studio added (contract 2 of issue 13, ``handoff.intents.write_training_data``). The intents store
    is seeded first, as the front door does at its start, so a worker on a database the front door has
    not opened yet trains the repo's examples rather than none."""
    await store.seed(sessions, ROOT)
    async with sessions() as session:
        await from_studio(session, dest)
