"""Benchmark the whole path: simulated customers over Socket.IO through the front door to Rasa.

    .venv-handoff/bin/python benchmarks/front_door.py [--levels 1 20 100] [--turns 5]

Starts the real Rasa server and action server (test incident) and the real front door
(``python -m handoff serve`` on a temporary SQLite database), then prints, never asserts:
- per concurrency level: turns per second, latency p50/p95/p99 from sending a message to the first
  reply, errors, and messages lost (sent but not stored, or a turn without any reply);
- the same scripted conversations sent to Rasa's REST webhook directly, and the ratio of the two;
- the time from a customer's "talk to a person" to the agent socket receiving the handoff, p50/p95.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import List, Tuple

import aiohttp
import socketio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import servers  # noqa: E402

SCRIPTS = [
    ("en", ["hi", "what happened?", "when did it happen", "which data did they get", "what should I do now",
            "thanks, bye"]),
    ("de", ["Hallo", "Was ist passiert?", "Bin ich betroffen?", "Ist mein Konto sicher?", "Was soll ich tun?",
            "danke, tschüss"]),
]
PASSWORD = "benchmark password 1234"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def quantile(values: List[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1]


def describe(latencies: List[float]) -> str:
    return (f"p50 {quantile(latencies, .5) * 1000:.0f} ms, p95 {quantile(latencies, .95) * 1000:.0f} ms, "
            f"p99 {quantile(latencies, .99) * 1000:.0f} ms")


async def customer(url: str, number: int, turns: int, latencies: List[float], stats: dict) -> None:
    language, lines = SCRIPTS[number % len(SCRIPTS)]
    client = socketio.AsyncClient(reconnection=False)
    replies: asyncio.Queue = asyncio.Queue()
    acks: asyncio.Queue = asyncio.Queue()
    confirmed: asyncio.Queue = asyncio.Queue()
    client.on("bot_uttered", lambda data: replies.put_nowait(data))
    client.on("message_ack", lambda data: acks.put_nowait(data))
    client.on("session_confirm", lambda data: confirmed.put_nowait(data))
    try:
        await client.connect(url, transports=["websocket"])
        await client.emit("session_request", {"session_id": None, "customData": {"language": language}})
        await asyncio.wait_for(confirmed.get(), 30)
        for turn in range(turns):
            started = time.perf_counter()
            await client.emit("user_uttered", {"message": lines[turn % len(lines)],
                                               "client_message_id": f"{number}-{turn}"})
            stats["sent"] += 1
            try:
                await asyncio.wait_for(acks.get(), 60)
                stats["acked"] += 1
                reply = await asyncio.wait_for(replies.get(), 60)
                latencies.append(time.perf_counter() - started)
                if reply.get("sender") == "system":
                    stats["errors"] += 1
            except asyncio.TimeoutError:
                stats["no_reply"] += 1
            await asyncio.sleep(0.3)  # let the rest of this turn's replies arrive
            while not replies.empty():
                replies.get_nowait()
    except (socketio.exceptions.ConnectionError, asyncio.TimeoutError):
        stats["errors"] += 1
    finally:
        await client.disconnect()


async def rasa_direct(bot: servers.Servers, number: int, turns: int, latencies: List[float], stats: dict,
                      http: aiohttp.ClientSession) -> None:
    language, lines = SCRIPTS[number % len(SCRIPTS)]
    sender = f"direct-{secrets.token_hex(6)}"
    for turn in range(turns):
        started = time.perf_counter()
        async with http.post(f"{bot.rasa_url}/webhooks/rest/webhook", headers={
                "Authorization": f"Bearer {bot.rasa_token}"}, json={
                "sender": sender, "message": lines[turn % len(lines)], "metadata": {"language": language}}) as reply:
            body = await reply.json()
        latencies.append(time.perf_counter() - started)
        if reply.status != 200 or not body:
            stats["errors"] += 1
        await asyncio.sleep(0.3)


async def handoff_alerts(url: str, count: int) -> List[float]:
    agent_http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    login = await agent_http.post(f"{url}/console/api/login", json={"username": "bench", "password": PASSWORD})
    csrf = (await login.json())["csrf_token"]
    await agent_http.post(f"{url}/console/api/availability", json={"available": True}, headers={"X-CSRF-Token": csrf})
    alerts: asyncio.Queue = asyncio.Queue()
    agent = socketio.AsyncClient(reconnection=False)
    agent.on("handoff.requested", lambda data: alerts.put_nowait(time.perf_counter()), namespace="/agent")
    cookie = "; ".join(f"{c.key}={c.value}" for c in agent_http.cookie_jar)
    await agent.connect(url, namespaces=["/agent"], transports=["websocket"], headers={"Cookie": cookie})
    delays = []
    for _ in range(count):
        client = socketio.AsyncClient(reconnection=False)
        confirmed: asyncio.Queue = asyncio.Queue()
        client.on("session_confirm", lambda data: confirmed.put_nowait(data))
        await client.connect(url, transports=["websocket"])
        await client.emit("session_request", {"session_id": None})
        await asyncio.wait_for(confirmed.get(), 30)
        started = time.perf_counter()
        await client.emit("user_uttered", {"message": "/request_human"})
        delays.append(await asyncio.wait_for(alerts.get(), 30) - started)
        await client.disconnect()
    await agent.disconnect()
    await agent_http.close()
    return delays


def start_front_door(workdir: Path, bot: servers.Servers) -> Tuple[subprocess.Popen, str, str]:
    port = free_port()
    database = workdir / "bench.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite+aiosqlite:///{database}",
           "RASA_URLS": bot.rasa_url, "RASA_TOKEN": bot.rasa_token, "HANDOFF_PORT": str(port),
           "INCIDENT_ID": servers.TEST_INCIDENT, "INCIDENTS_DIR": str(servers.TEST_INCIDENTS_DIR),
           "RATE_LIMIT_MESSAGES": "1000", "NEW_CONVERSATIONS_PER_HOUR": "100000", "SESSION_SECRET": "", "RASA_TIMEOUT_SECONDS": "30"}
    subprocess.run([sys.executable, "-m", "handoff", "create-agent", "bench"], input=PASSWORD + "\n", text=True,
                   env=env, cwd=ROOT, check=True, capture_output=True)
    log = (workdir / "handoff.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "handoff", "serve"], env=env, cwd=ROOT, stdout=log,
                               stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return process, f"http://127.0.0.1:{port}", str(database)
        time.sleep(0.2)
    raise RuntimeError("the front door did not start")


async def run(levels: List[int], turns: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        bot = servers.start_test_incident(workdir)
        door, url, database = start_front_door(workdir, bot)
        try:
            for level in levels:
                latencies: List[float] = []
                stats = {"sent": 0, "acked": 0, "errors": 0, "no_reply": 0}
                started = time.perf_counter()
                await asyncio.gather(*(customer(url, n, turns, latencies, stats) for n in range(level)))
                wall = time.perf_counter() - started
                stored = sqlite3.connect(database).execute(
                    "SELECT count(*) FROM messages WHERE sender = 'customer'").fetchone()[0]
                direct: List[float] = []
                direct_stats = {"errors": 0}
                direct_started = time.perf_counter()
                async with aiohttp.ClientSession() as http:
                    await asyncio.gather(*(rasa_direct(bot, n, turns, direct, direct_stats, http) for n in range(level)))
                direct_wall = time.perf_counter() - direct_started
                ratio = quantile(latencies, .5) / quantile(direct, .5) if direct and latencies else float("nan")
                print(f"{level:>3} conversations x {turns} turns via front door: {len(latencies) / wall:.1f} turns/s, "
                      f"{describe(latencies)}; errors {stats['errors']}, turns without reply {stats['no_reply']}, "
                      f"lost {stats['sent'] - stats['acked']} (stored customer messages so far: {stored})")
                print(f"{'':>3} same conversations to Rasa directly: {len(direct) / direct_wall:.1f} turns/s, "
                      f"{describe(direct)}; errors {direct_stats['errors']}; p50 ratio front door / Rasa {ratio:.2f}")
            delays = await handoff_alerts(url, 30)
            print(f"handoff -> agent socket: {describe(delays)} over {len(delays)} handoffs")
        finally:
            door.terminate()
            door.wait(timeout=20)
            bot.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 20, 100])
    parser.add_argument("--turns", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(run(args.levels, args.turns))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
