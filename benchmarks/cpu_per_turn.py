"""CPU time per conversation turn of each process: Rasa, the action server and the front door,
for the same scripted turns sent to Rasa directly and through the front door, in one run.

    .venv-bot/bin/python benchmarks/cpu_per_turn.py [--turns 60] [--without-validation-patch] [--before REV]

Starts the real action server and Rasa (``python -m bot.serve``, test incident) and the real front
door (``python -m handoff serve`` on a temporary SQLite database), warms each path up, then sends
``--turns`` turns (the scripted conversations below, one after another) per path and prints, never
asserts, the CPU time (user + system, from ``/proc/<pid>/stat`` fields 14 and 15, in clock ticks)
each process used per turn. ``--without-validation-patch`` runs Rasa with its own (slow) validation
of action-server responses (``RASA_VALIDATION_PATCH=0``, see bot/serve.py), for comparison.

``--before REV`` also starts the front door of an earlier commit (``git archive REV``, same Python
environment and Rasa) and measures it in the same run: the paths take turns in ``--rounds`` blocks,
so a busy machine slows each path alike and the before/after comparison stays fair.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Callable, Dict

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import servers  # noqa: E402

SCRIPTS = [
    ("en", ["hi", "what happened?", "when did it happen", "which data did they get", "what should I do now",
            "thanks, bye"]),
    ("de", ["Hallo", "Was ist passiert?", "Bin ich betroffen?", "Ist mein Konto sicher?", "Was soll ich tun?",
            "danke, tschüss"]),
]
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """utime + stime of ``pid`` in seconds (fields 14 and 15 of /proc/<pid>/stat; the command name in
    field 2 may hold spaces, so fields are counted after its closing parenthesis)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def post(url: str, body: Dict, headers: Dict[str, str], tokens: Dict[str, str] | None = None) -> object:
    """POST ``body``; with ``tokens``, the front door's session token replaces the script's sender
    (the front door issues its own tokens and starts a new conversation for an unknown one)."""
    sender = body.get("sender")
    if tokens is not None:
        body = {**body, "sender": tokens.get(sender)} if sender in tokens else {k: v for k, v in body.items()
                                                                                 if k != "sender"}
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **headers})
    with urllib.request.urlopen(request, timeout=60) as reply:
        if tokens is not None and reply.headers.get("X-Session-Token"):
            tokens[sender] = reply.headers["X-Session-Token"]
        return json.loads(reply.read())


def turns(count: int, send: Callable[[str, str, str], None]) -> None:
    """Send ``count`` turns: the scripts in turn, each conversation under a new sender."""
    sent = 0
    while sent < count:
        for language, lines in SCRIPTS:
            sender = secrets.token_urlsafe(24)
            for line in lines:
                if sent == count:
                    return
                send(sender, line, language)
                sent += 1


def measure(pids: Dict[str, int], paths: Dict[str, Callable[[str, str, str], None]], count: int,
            rounds: int) -> Dict[str, Dict[str, float]]:
    """CPU ms per turn of each process for each path; the paths alternate in ``rounds`` blocks."""
    used = {path: {name: 0.0 for name in [*pids, "wall per turn"]} for path in paths}
    block = max(1, count // rounds)
    for _ in range(rounds):
        for path, send in paths.items():
            before = {name: cpu_seconds(pid) for name, pid in pids.items()}
            started = time.monotonic()
            turns(block, send)
            used[path]["wall per turn"] += time.monotonic() - started
            for name, pid in pids.items():
                used[path][name] += cpu_seconds(pid) - before[name]
    total = block * rounds
    return {path: {name: seconds / total * 1000 for name, seconds in spent.items()} for path, spent in used.items()}


def start_front_door(workdir: Path, bot: servers.Servers, code: Path = ROOT, name: str = "handoff") -> tuple:
    """The front door of the code in ``code`` on its own SQLite file; ``(process, url)``."""
    port = servers.free_port()
    env = dict(os.environ, HANDOFF_PORT=str(port), DATABASE_URL=f"sqlite+aiosqlite:///{workdir / (name + '.sqlite3')}",
               RASA_URLS=bot.rasa_url, RASA_TOKEN=bot.rasa_token, ACTION_SERVER_URL=bot.actions_url,
               INCIDENT_ID=servers.TEST_INCIDENT, INCIDENTS_DIR=str(servers.TEST_INCIDENTS_DIR),
               SESSION_SECRET=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
               RATE_LIMIT_MESSAGES="1000", PYTHONPATH=str(code))
    log = (workdir / f"{name}.log").open("w")
    process = subprocess.Popen([str(ROOT / ".venv-handoff" / "bin" / "python"), "-m", "handoff", "serve"], cwd=code,
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    servers._wait_until_up(f"{url}/health/ready", process, workdir / f"{name}.log")
    return process, url


def checkout(rev: str, into: Path) -> Path:
    """The files of commit ``rev`` in ``into`` (``git archive``; no worktree left behind)."""
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def rest_sender(url: str, headers: Dict[str, str], tokens: Dict[str, str] | None) -> Callable[[str, str, str], None]:
    def send(sender: str, text: str, language: str) -> None:
        post(f"{url}/webhooks/rest/webhook", {"sender": sender, "message": text, "metadata": {"language": language}},
             headers, tokens)
    return send


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, default=60, help="turns per path (default 60)")
    parser.add_argument("--rounds", type=int, default=3, help="blocks in which the paths take turns (default 3)")
    parser.add_argument("--without-validation-patch", action="store_true",
                        help="Rasa validates action responses its own way (jsonschema.validate per call)")
    parser.add_argument("--before", metavar="REV", help="also measure the front door of commit REV, same run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        bot = servers.start_test_incident(
            workdir, {"RASA_VALIDATION_PATCH": "0" if args.without_validation_patch else "1"})
        doors = []
        try:
            paths = {"Rasa directly": rest_sender(bot.rasa_url, {"Authorization": f"Bearer {bot.rasa_token}"}, None)}
            pids = {"rasa": bot.processes[1].pid, "action server": bot.processes[0].pid}
            if args.before:
                process, url = start_front_door(workdir, bot, checkout(args.before, workdir / "before"), "before")
                doors.append(process)
                pids[f"front door {args.before}"] = process.pid
                paths[f"front door {args.before}"] = rest_sender(url, {}, {})
            process, url = start_front_door(workdir, bot)
            doors.append(process)
            pids["front door"] = process.pid
            paths["through the front door"] = rest_sender(url, {}, {})
            for send in paths.values():
                turns(12, send)  # warm-up: first calls load lazily built parts
            results = measure(pids, paths, args.turns, args.rounds)
        finally:
            for door in doors:
                door.terminate()
                door.wait(timeout=20)
            bot.stop()
    validation = "Rasa's own" if args.without_validation_patch else "compiled once (bot/serve.py)"
    print(f"CPU time per turn (ms; {args.turns} turns per path in {args.rounds} alternating blocks, sequential, "
          f"user+system from /proc/<pid>/stat; action-response validation: {validation})")
    names = [*pids, "wall per turn"]
    print(f"{'path':<26}" + "".join(f"{name:>22}" for name in names))
    for path, used in results.items():
        print(f"{path:<26}" + "".join(f"{used[name]:>22.1f}" for name in names))


if __name__ == "__main__":
    main()
