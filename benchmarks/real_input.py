"""Send every message of ../shared/eval/dev_messages.yml through the widget's socket protocol.

    .venv-handoff/bin/python benchmarks/real_input.py [--url http://127.0.0.1:8000]

Without ``--url`` it starts the real Rasa server, action server (shipped incident) and front door
itself. Each message is the first message of a fresh conversation in its language. Prints per
language how many got a bot answer, how many were handed off (or asked a clarifying question), and
how many errors (no reply in time, or the apology that the bot is unavailable).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import socketio
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import servers  # noqa: E402

DEV_MESSAGES = ROOT.parent / "shared" / "eval" / "dev_messages.yml"


async def one(url: str, text: str, language: str) -> str:
    """Return 'answered', 'clarified', 'handed_off' or 'error' for one message."""
    client = socketio.AsyncClient(reconnection=False)
    events: asyncio.Queue = asyncio.Queue()
    for name in ("session_confirm", "bot_uttered", "handoff_status"):
        client.on(name, lambda data, name=name: events.put_nowait((name, data)))
    try:
        await client.connect(url, transports=["websocket"])
        await client.emit("session_request", {"session_id": None, "customData": {"language": language},
                                              "extended": True})
        while (await asyncio.wait_for(events.get(), 30))[0] != "session_confirm":
            pass
        await client.emit("user_uttered", {"message": text})
        outcome = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                name, data = await asyncio.wait_for(events.get(), 1.0 if outcome else deadline - time.monotonic())
            except asyncio.TimeoutError:
                break  # quiet for a second after an answer: the turn is over
            if name == "handoff_status" and data.get("state") == "waiting":
                return "handed_off"
            if name == "bot_uttered":
                if data.get("sender") == "system" and ("cannot answer" in data["text"] or "error" in data):
                    return "error"
                if "not sure what you mean" in data.get("text", "") or "nicht sicher, was Sie meinen" in data.get("text", ""):
                    outcome = "clarified"
                elif outcome is None:
                    outcome = "answered"
        return outcome or "error"
    except (socketio.exceptions.ConnectionError, asyncio.TimeoutError):
        return "error"
    finally:
        await client.disconnect()


def start_stack(workdir: Path):
    bot = servers.start(servers.MODEL, workdir, {})
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'real.sqlite3'}",
           "RASA_URLS": bot.rasa_url, "RASA_TOKEN": bot.rasa_token, "HANDOFF_PORT": str(port),
           "RATE_LIMIT_MESSAGES": "1000", "NEW_CONVERSATIONS_PER_HOUR": "100000"}
    door = subprocess.Popen([sys.executable, "-m", "handoff", "serve"], env=env, cwd=ROOT,
                            stdout=(workdir / "handoff.log").open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return bot, door, f"http://127.0.0.1:{port}"
        time.sleep(0.2)
    raise RuntimeError("the front door did not start")


async def run(url: str) -> None:
    items = yaml.safe_load(DEV_MESSAGES.read_text(encoding="utf-8"))
    counts = defaultdict(Counter)
    handed_off_by_label = Counter()
    for item in items:
        result = await one(url, item["text"], item["lang"])
        counts[item["lang"]][result] += 1
        if result == "handed_off":
            handed_off_by_label[item["intent"]] += 1
    for language in sorted(counts):
        c = counts[language]
        print(f"{language}: {sum(c.values())} messages: {c['answered']} answered by the bot, "
              f"{c['clarified']} got a clarifying question, {c['handed_off']} handed off, {c['error']} errors")
    print("handed off, by the set's label:", dict(handed_off_by_label))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="a running front door; default: start everything")
    args = parser.parse_args()
    if args.url:
        asyncio.run(run(args.url))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        bot, door, url = start_stack(Path(tmp))
        try:
            asyncio.run(run(url))
        finally:
            door.terminate()
            door.wait(timeout=20)
            bot.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
