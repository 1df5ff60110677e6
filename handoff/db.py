"""Database engine, session factory and the declarative base with a naming convention."""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from pathlib import Path

from sqlalchemy import MetaData, event, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names, so Alembic migrations are the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC."""
    return dt.datetime.now(dt.timezone.utc)


def make_engine(url: str) -> AsyncEngine:
    """Create the async engine for ``url``; SQLite gets foreign keys and a busy timeout."""
    is_sqlite = url.startswith("sqlite")
    if is_sqlite:
        private_sqlite_file(url)
    engine = create_async_engine(
        url,
        pool_pre_ping=not is_sqlite,
        connect_args={"timeout": 30} if is_sqlite else {},
    )
    if is_sqlite:
        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(connection, _record):  # noqa: ANN001 - DBAPI types
            cursor = connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
    return engine


def private_sqlite_file(url: str) -> None:
    """Create the SQLite file readable by its owner only (0600) before SQLite opens it, in WAL mode
    (which stays with the file); SQLite gives its -wal and -shm files the same permissions.
    Transcripts are personal data."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return  # a server database's name is not a path (this once left empty files named like databases)
    path = Path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Only a new file is opened here. Closing a descriptor of a file drops every POSIX lock this
    # process holds on it, the locks of SQLite's open connections included (SQLite cannot know): a
    # second engine in a process that already has one open (a CLI command run in-process, a test)
    # would let another process believe it is the last connection, checkpoint and delete the -wal and
    # -shm files under the open connections, which then no longer see other processes' writes.
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass
    os.chmod(path, 0o600)  # (chmod takes no descriptor: no lock is touched)
    # WAL is set here, once, before any pooled connection exists: switching a file to WAL while
    # another connection writes fails at once ("database is locked"; no busy timeout applies).
    with contextlib.closing(sqlite3.connect(path, timeout=30)) as connection:
        if str(connection.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            connection.execute("PRAGMA journal_mode=WAL")


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker:
    """One session per use case; objects stay usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)
