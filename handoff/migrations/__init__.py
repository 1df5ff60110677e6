"""Alembic migrations of the front door's database, run programmatically (no alembic.ini)."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from handoff.db import private_sqlite_file

HERE = Path(__file__).resolve().parent


def config(database_url: str) -> Config:
    """An Alembic config for ``database_url`` (an async SQLAlchemy URL)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return cfg


def upgrade(database_url: str) -> None:
    """Bring the database to the newest schema (``alembic upgrade head``); a new SQLite file is
    created readable by its owner only."""
    private_sqlite_file(database_url)
    command.upgrade(config(database_url), "head")
