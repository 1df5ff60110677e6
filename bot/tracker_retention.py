"""Delete conversations from Rasa's SQL tracker store: after the retention period, or one on request.

The tracker store keeps every conversation's events (redacted texts, slots) across restarts since
it became Rasa's SQL tracker store (``bot/endpoints.yml``); the front door's own retention
(``python -m handoff retention`` / ``erase``) covers only the front door's database. Rasa has no API
to delete a tracker, so this works on the store's ``events`` table (Rasa 3.6's
``SQLTrackerStore.SQLEvent``: ``sender_id``, ``timestamp`` in Unix seconds). The front door sends
each conversation to Rasa with its conversation id as the sender, so the ids are the same.

    python -m bot.tracker_retention purge [--days N] [--every S]   conversations whose last event is
                                                         older than N days (default RETENTION_DAYS, 30);
                                                         with --every, again every S seconds
    python -m bot.tracker_retention erase CONVERSATION_ID

The store is ``TRACKER_STORE_URL`` (default: the SQLite file ``bot.serve`` uses). Prints how many
conversations were deleted; exit status 0, 2 on wrong usage.
"""
from __future__ import annotations

import argparse
import os
import time
from typing import Optional, Sequence

import sqlalchemy as sa

from bot.serve import default_tracker_store_url

EVENTS = sa.table("events", sa.column("sender_id"), sa.column("timestamp"))


def purge(url: str, older_than_days: float, now: Optional[float] = None) -> int:
    """Delete every conversation whose newest event is older than ``older_than_days``.

    Args:
        url: SQLAlchemy URL of the tracker store.
        older_than_days: the retention period in days (> 0).
        now: the current Unix time (tests pin it); default ``time.time()``.
    Returns:
        the number of conversations deleted.
    Raises:
        ValueError: ``older_than_days`` is not positive.
    """
    if older_than_days <= 0:
        raise ValueError("the retention period must be positive")
    cutoff = (time.time() if now is None else now) - older_than_days * 86400
    engine = sa.create_engine(url)
    try:
        if not sa.inspect(engine).has_table("events"):
            return 0  # Rasa has not created its store yet (it does on its first start)
        with engine.begin() as connection:
            stale = [row[0] for row in connection.execute(
                sa.select(EVENTS.c.sender_id).group_by(EVENTS.c.sender_id)
                .having(sa.func.max(EVENTS.c.timestamp) < cutoff))]
            for start in range(0, len(stale), 500):
                connection.execute(sa.delete(EVENTS).where(EVENTS.c.sender_id.in_(stale[start:start + 500])))
        return len(stale)
    finally:
        engine.dispose()


def erase(url: str, conversation_id: str) -> bool:
    """Delete every event of ``conversation_id``; return whether there were any."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            return connection.execute(sa.delete(EVENTS).where(EVENTS.c.sender_id == conversation_id)).rowcount > 0
    finally:
        engine.dispose()


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run one command; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m bot.tracker_retention", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    purge_parser = commands.add_parser("purge")
    purge_parser.add_argument("--days", type=float, default=float(os.environ.get("RETENTION_DAYS") or 30))
    purge_parser.add_argument("--every", type=float, metavar="SECONDS",
                              help="purge again every SECONDS, until stopped (make run does this hourly)")
    erase_parser = commands.add_parser("erase")
    erase_parser.add_argument("conversation_id")
    args = parser.parse_args(argv)
    url = default_tracker_store_url(dict(os.environ))
    if args.command == "purge":
        if args.days <= 0 or (args.every is not None and args.every <= 0):
            parser.error("--days and --every must be positive")
        while True:
            print(f"deleted {purge(url, args.days)} conversation(s) older than {args.days:g} days from the "
                  "tracker store", flush=True)
            if args.every is None:
                return 0
            time.sleep(args.every)
    found = erase(url, args.conversation_id)
    print("erased from the tracker store" if found else "not in the tracker store")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
