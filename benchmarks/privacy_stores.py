"""Personal data that reaches storage: the privacy corpus sent through the real product, then every
store searched for the raw values.

Starts the action server, Rasa (SQL tracker store in a temporary folder) and the front door (SQLite
in the same folder), sends each message of ``benchmarks/privacy_corpus/pii.yml`` as a new customer
over the REST channel, stops everything, then searches the texts the front door stored (messages,
notes, callback numbers), every string in Rasa's tracker store (texts, parse data, metadata) and
every log file for each item's raw value (as a whole word). Prints, per store and category, how many
raw values were found; the goal is 0. Message texts and values are never printed.

    .venv-handoff/bin/python benchmarks/privacy_stores.py [--corpus DIR] [--limit N]

Needs a trained model (``make train``). Not a pass/fail test: ``make bench-privacy`` runs it after
the recall figures.
"""
from __future__ import annotations

import argparse
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Dict, Iterable, List

import requests
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import servers  # noqa: E402 - the project root is on the path only now

CORPUS = ROOT / "benchmarks" / "privacy_corpus"


def _strings(value) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def stored_texts(workdir: Path) -> Dict[str, List[str]]:
    """Every stored text, by store."""
    front = sqlite3.connect(workdir / "handoff.sqlite3")
    texts = [row[0] or "" for row in front.execute("SELECT text FROM messages")]
    texts += [row[0] or "" for row in front.execute("SELECT text FROM notes")]
    texts += [row[0] or "" for row in front.execute("SELECT phone FROM callback_requests")]
    front.close()
    tracker_texts: List[str] = []
    for path in workdir.glob("*.sqlite3"):
        if path.name == "handoff.sqlite3":
            continue
        tracker = sqlite3.connect(path)
        for (data,) in tracker.execute("SELECT data FROM events"):
            tracker_texts += list(_strings(json.loads(data)))
        tracker.close()
    logs = [path.read_text(encoding="utf-8", errors="replace") for path in workdir.glob("*.log")]
    return {"front door database": texts, "Rasa tracker store": tracker_texts, "logs": logs}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, help="only the first N messages")
    args = parser.parse_args()
    messages = yaml.safe_load((args.corpus / "pii.yml").read_text(encoding="utf-8"))[: args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        bot = servers.start(servers.MODEL, workdir, {})
        port = servers.free_port()
        env = {**dict(bot.env or {}), "PYTHONPATH": str(ROOT), "HANDOFF_PORT": str(port),
               "DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'handoff.sqlite3'}", "RASA_URLS": bot.rasa_url,
               "RASA_TOKEN": bot.rasa_token, "RATE_LIMIT_MESSAGES": "1000", "NEW_CONVERSATIONS_PER_HOUR": "100000",
               "RASA_TIMEOUT_SECONDS": "30"}
        with (workdir / "handoff.log").open("w") as log:
            door = subprocess.Popen([str(ROOT / ".venv-handoff" / "bin" / "python"), "-m", "handoff", "serve"],
                                    env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if requests.get(f"{url}/health/live", timeout=2).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("the front door did not start")
                time.sleep(0.5)
            errors = 0
            for message in messages:
                reply = requests.post(f"{url}/webhooks/rest/webhook", timeout=60, json={
                    "message": message["text"], "metadata": {"language": message.get("lang", "en")}})
                errors += reply.status_code != 200
        finally:
            door.terminate()
            door.wait(timeout=30)
            bot.stop()
        stores = stored_texts(workdir)
        print(f"{len(messages)} messages sent through the front door ({errors} not answered with 200)")
        print("raw values found after the run (goal 0), by store and category:")
        for store, texts in stores.items():
            joined = "\n".join(texts)
            found = Counter()
            for message in messages:
                for item in message["items"]:
                    if re.search(rf"(?<!\w){re.escape(item['value'])}(?!\w)", joined):
                        found[item["category"]] += 1
            detail = ", ".join(f"{category} {count}" for category, count in sorted(found.items())) or "-"
            print(f"  {store:<22} {sum(found.values()):>4}   {detail}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
