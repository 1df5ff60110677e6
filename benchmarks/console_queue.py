"""Cost of the agent console's queue at scale: ``GET /console/api/queue`` with many waiting chats.

    .venv-handoff/bin/python benchmarks/console_queue.py [--chats 500] [--requests 40] [--database-url URL]

Writes ``--chats`` waiting conversations (``tests/handoff/seed.py``; every 10th a returning customer
of the agent) into a fresh database (a temporary
SQLite file, or the empty, migrated database at ``--database-url``), runs the front door's app in a
thread of this process (no Rasa needed), logs one agent in and sends each request below
``--requests`` times. Prints, never asserts, per request: SQL statements (SQLAlchemy's
``before_cursor_execute``), the server's CPU time (utime + stime of this process from
``/proc/self/stat`` minus the client thread's from ``/proc/self/task/<tid>/stat``: the app's thread
and SQLite's worker threads count, the client's own work does not; PostgreSQL's own processes are
not counted), and the answer's items and size. Requests with filters and paging show "n/a" against a front door without them (it answers
with the whole queue whatever is asked).
"""
from __future__ import annotations

import argparse
import asyncio
import http.cookiejar
import json
import os
import secrets
import sys
import tempfile
import threading
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiohttp import web  # noqa: E402
from sqlalchemy import event  # noqa: E402

from handoff import migrations  # noqa: E402
from handoff.agents import service as agents  # noqa: E402
from handoff.app import create_app  # noqa: E402
from handoff.config import Settings  # noqa: E402
from handoff.db import make_engine, make_sessionmaker  # noqa: E402
from handoff.keys import DEPS  # noqa: E402
from tests import servers  # noqa: E402
from tests.handoff.seed import queued_chats  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
PASSWORD = "benchmark password 1234"
REQUESTS = [  # (what, query string); "{next}" is the cursor of the page before
    ("first page, no filter", ""),
    ("German only", "?language=de"),
    ("waited 60+ min", "?min_wait=60"),
    ("reason + language", "?reason=fraud_reported&language=en"),
    ("search in messages", "?q=" + urllib.parse.quote("0421")),
    ("5th page (keyset)", "?after={next5}"),
]


def cpu_seconds(stat: str) -> float:
    """utime + stime (fields 14 and 15) of a /proc stat file, in seconds."""
    fields = Path(stat).read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def server_cpu_seconds() -> float:
    """CPU time of this process but the calling (client) thread."""
    return cpu_seconds("/proc/self/stat") - cpu_seconds(f"/proc/self/task/{threading.get_native_id()}/stat")


class Server(threading.Thread):
    """The front door's app on its own event loop in its own thread."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(daemon=True)
        self.settings = settings
        self.ready = threading.Event()
        self.statements = 0
        self.loop: Optional[asyncio.AbstractEventLoop] = None
        self.runner: Optional[web.AppRunner] = None

    def run(self) -> None:
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self._start())
        self.ready.set()
        self.loop.run_forever()

    async def _start(self) -> None:
        app = create_app(self.settings)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.settings.port).start()
        engine = app[DEPS].sessions.kw["bind"]

        def count(*_args: Any) -> None:
            self.statements += 1

        event.listen(engine.sync_engine, "before_cursor_execute", count)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)


def client() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def get(opener: urllib.request.OpenerDirector, url: str) -> Tuple[int, bytes]:
    try:
        with opener.open(url, timeout=60) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


async def prepare(url: str, chats: int) -> None:
    """A migrated database with an available agent and ``chats`` waiting chats, every 10th of them a
    returning customer of that agent."""
    await asyncio.to_thread(migrations.upgrade, url)
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as session:
        agent = await agents.create(session, username="bench", password=PASSWORD)
        await agents.set_available(session, agent_id=agent.id, available=True)
        await session.commit()
        agent_id = agent.id
    await engine.dispose()
    await queued_chats(url, chats, handled_by=agent_id, handled_every=10)


def measure(server: Server, opener, base: str, query: str, repeat: int) -> Dict[str, Any]:
    status, body = get(opener, base + query)  # warm-up (and the answer's shape)
    statements, cpu = server.statements, server_cpu_seconds()
    for _ in range(repeat):
        get(opener, base + query)
    data = json.loads(body) if status == 200 else None
    items = data if isinstance(data, list) else (data or {}).get("items")
    return {"status": status, "bytes": len(body), "items": None if items is None else len(items),
            "statements": (server.statements - statements) / repeat,
            "cpu_ms": (server_cpu_seconds() - cpu) / repeat * 1000, "data": data}


def fifth_page_cursor(opener: urllib.request.OpenerDirector, base: str) -> Optional[str]:
    """The cursor that opens the queue's 5th page (None from a front door without paging)."""
    cursor: Optional[str] = None
    for _ in range(4):
        query = f"?after={urllib.parse.quote(cursor)}" if cursor else ""
        data = json.loads(get(opener, f"{base}/queue{query}")[1])
        cursor = data.get("next") if isinstance(data, dict) else None
        if not cursor:
            return None
    return cursor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chats", type=int, default=500)
    parser.add_argument("--requests", type=int, default=40, help="repetitions of each request (default 40)")
    parser.add_argument("--database-url", help="an empty database to use instead of a temporary SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'handoff.sqlite3'}"
        asyncio.run(prepare(url, args.chats))
        settings = Settings(database_url=url, rasa_urls=("http://127.0.0.1:9",), port=servers.free_port(),
                            session_secret=secrets.token_bytes(32), incident_id=servers.TEST_INCIDENT,
                            incidents_dir=servers.TEST_INCIDENTS_DIR)
        server = Server(settings)
        server.start()
        server.ready.wait(120)
        base = f"http://127.0.0.1:{settings.port}/console/api"
        opener = client()
        login = urllib.request.Request(f"{base}/login", method="POST", headers={"Content-Type": "application/json"},
                                       data=json.dumps({"username": "bench", "password": PASSWORD}).encode())
        opener.open(login, timeout=60).read()
        print(f"GET /console/api/queue with {args.chats} waiting chats ({url.split(':', 1)[0]}), "
              f"mean of {args.requests} requests each")
        print(f"{'request':<24} {'status':>6} {'items':>6} {'bytes':>8} {'SQL statements':>15} {'server CPU ms':>14}")
        for what, query in REQUESTS:
            if "{next5}" in query:
                cursor = fifth_page_cursor(opener, base)
                if cursor is None:
                    print(f"{what:<24} {'n/a':>6}")
                    continue
                query = query.replace("{next5}", urllib.parse.quote(cursor))
            result = measure(server, opener, f"{base}/queue", query, args.requests)
            old = isinstance(result["data"], list) and query
            print(f"{what:<24} {result['status']:>6} {str(result['items']) + (' n/a' if old else ''):>6} "
                  f"{result['bytes']:>8} {result['statements']:>15.1f} {result['cpu_ms']:>14.2f}")
        server.stop()


if __name__ == "__main__":
    main()
