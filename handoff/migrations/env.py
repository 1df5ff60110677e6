"""Alembic environment: async engine, batch mode for SQLite, every model imported."""
from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.ext.asyncio import create_async_engine

from handoff.agents import models as _agents  # noqa: F401 - registers the tables
from handoff.callbacks import models as _callbacks  # noqa: F401
from handoff.conversation import models as _conversation  # noqa: F401
from handoff.feedback import models as _feedback  # noqa: F401
from handoff.inbox import models as _inbox  # noqa: F401
from handoff.intents import models as _intents  # noqa: F401
from handoff.activation import models as _activation  # noqa: F401
from handoff.studio import models as _studio  # noqa: F401
from handoff.suggestions import models as _suggestions  # noqa: F401
from handoff.training import models as _training  # noqa: F401
from handoff.transcripts import models as _transcripts  # noqa: F401
from handoff.db import Base

target_metadata = Base.metadata


def _run(connection) -> None:  # noqa: ANN001 - sync connection
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


async def _main() -> None:
    engine = create_async_engine(context.config.get_main_option("sqlalchemy.url"))
    async with engine.connect() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported")
asyncio.run(_main())
