"""Activation: 50 conversations through the real front door while an approver activates another
model; failed and degraded turns, latency and CPU time per turn, before, during and after.

    .venv-handoff/bin/python benchmarks/activation.py [--conversations 50] [--think 10] [--before 20]
        [--after 20] [--slow-factor 3] [--reply-timeout 30]          (make bench-activation ARGS="...")

Starts the product as ``make run`` does (scripts/run under supervisord: RASA_PROCESSES = cores, free
ports, a temporary VAR_DIR and MODELS_DIR holding the trained model and a second model: the same one
repacked with another Rasa ``model_id``, tests/model_variants.py). ``--conversations`` simulated
customers talk to the front door over Socket.IO like the widget (benchmarks/customers.py: scripted
conversations, English and German, exponential think time of mean ``--think`` s). After ``--before``
s an approver (logged in before the conversations began) POSTs ``/studio/api/activation/activate``;
the activation (one Rasa process after the other, handoff/activation/service.py) is followed through
``GET /studio/api/activation``; ``--after`` s after it ended, no new turns. Prints the activation's
steps and when each degraded turn was sent, relative to the activation's start.

Per phase (a turn belongs to the phase in which it was sent): turns; **failed** = no reply at all
within the reply timeout (lost); **degraded** = the apology or a rejection, or an answer slower than
``--slow-factor`` x the before-activation median latency (and slower than 0.5 s, so that jitter of a
fast median does not count); latency p50/p95/max; CPU ms per turn = utime+stime (from /proc) of every
process supervisord runs (Rasa, action server, front door) over the phase / turns of the phase
(the phase "during" includes the CPU the model loads cost). Prints, never asserts; then checks with
each Rasa's ``GET /status`` that every process serves the new model, then ``kill -9``s the first Rasa
process and checks that the one supervisord starts again serves it too (``MODELS_DIR/active.tar.gz``;
``--no-restart-check`` skips this).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import List, Sequence

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import customers, load  # noqa: E402
from handoff.activation import archive  # noqa: E402
from handoff.agents import service as agents  # noqa: E402
from handoff.db import make_engine, make_sessionmaker  # noqa: E402
from handoff.training.models import TrainingJob  # noqa: E402
from tests import servers  # noqa: E402
from tests.model_variants import repack  # noqa: E402
from tests.product import Product  # noqa: E402

PASSWORD = "activation benchmark approver"


async def approver(product: Product, http: aiohttp.ClientSession, model: Path) -> str:
    """Create an approver in the product's database and record ``model`` as made by a training whose
    gate passed (the activation route accepts no other new model; this benchmark measures the
    activation, not the training), log in (session cookie in ``http``); the CSRF token."""
    engine = make_engine(f"sqlite+aiosqlite:///{product.var / 'handoff.sqlite3'}")
    async with make_sessionmaker(engine)() as session:
        await agents.create(session, username="bench-approver", password=PASSWORD, role="approver")
        session.add(TrainingJob(state="passed", progress=100, log_tail="", model_path=str(model),
                                fingerprint=archive.fingerprint(model)))
        await session.commit()
    await engine.dispose()
    async with http.post(f"{product.url}/console/api/login",
                         json={"username": "bench-approver", "password": PASSWORD}) as reply:
        return (await reply.json())["csrf_token"]


async def activate(product: Product, http: aiohttp.ClientSession, csrf: str, model: str, steps: list) -> dict:
    """POST the activation of ``model`` (a name in the product's MODELS_DIR) with the approver's
    session ``http`` and CSRF token ``csrf``; return the final status once it ended. Appends
    ``(time.monotonic(), step)`` to ``steps`` whenever the running activation's step changes (polled
    every 0.5 s)."""
    async with http.post(f"{product.url}/studio/api/activation/activate", json={"model": model},
                         headers={"X-CSRF-Token": csrf}) as reply:
        if reply.status != 202:
            raise RuntimeError(f"activation refused: {reply.status} {await reply.text()}")
    while True:
        await asyncio.sleep(0.5)
        async with http.get(f"{product.url}/studio/api/activation") as reply:
            status = await reply.json()
        step = (status["running"] or {}).get("step")
        if step and (not steps or steps[-1][1] != step):
            steps.append((time.monotonic(), step))
        if status["running"] is None and status["last"] is not None:
            return status


async def serving(product: Product, http: aiohttp.ClientSession) -> dict:
    """Rasa's model id per Rasa URL (``GET /status``; None while it does not answer)."""
    served = {}
    for url in product.rasa_urls:
        try:
            async with http.get(f"{url}/status", params={"token": product.rasa_token},
                                timeout=aiohttp.ClientTimeout(total=5)) as reply:
                served[url] = (await reply.json()).get("model_id") if reply.status == 200 else None
        except (aiohttp.ClientError, asyncio.TimeoutError):
            served[url] = None
    return served


async def restart_one(product: Product, http: aiohttp.ClientSession, most: float = 300.0):
    """``kill -9`` the first Rasa process; once supervisord's new one answers, the model id it serves."""
    name = f"rasa-{product.rasa_port}"
    os.kill(product.pids()[name], signal.SIGKILL)
    deadline = time.monotonic() + most
    await asyncio.sleep(2)
    while time.monotonic() < deadline:
        found = (await serving(product, http))[product.rasa_urls[0]]
        if found:
            return found
        await asyncio.sleep(1)
    return None


def cpu(product: Product) -> float:
    """CPU seconds used so far by every process supervisord runs for ``product``."""
    return sum(customers._cpu(pid) for pid in customers._product_pids(product))


def row(name: str, turns: Sequence[load.Turn], threshold: float, cpu_seconds: float) -> list:
    latencies = sorted(turn.latency for turn in turns if turn.latency is not None)
    failed = sum(turn.outcome == load.LOST for turn in turns)
    apology = sum(turn.outcome == load.DEGRADED for turn in turns)
    slow = sum(turn.outcome == load.ANSWERED and turn.latency > threshold for turn in turns)
    cells = [f"{load.percentile(latencies, 50) * 1000:.0f}", f"{load.percentile(latencies, 95) * 1000:.0f}",
             f"{latencies[-1] * 1000:.0f}"] if latencies else ["-", "-", "-"]
    per_turn = f"{cpu_seconds / len(turns) * 1000:.0f}" if turns else "-"
    return [name, len(turns), failed, apology + slow, apology, slow, *cells, per_turn]


async def measure(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="bench-activation-") as var:
        var_dir = Path(var)
        models = var_dir / "models"
        models.mkdir()
        shutil.copyfile(servers.MODEL, models / "breach-assistant.tar.gz")
        new_id = uuid.uuid4().hex
        repack(servers.MODEL, models / "retrained.tar.gz", new_id)
        configuration = customers.configurations(False)[0]  # issue 9's: one Rasa per core
        processes = configuration.rasa_processes
        product = Product(var_dir, processes, {**configuration.env(), "MODELS_DIR": str(models)})
        try:
            product.start(wait_running=True)
            async with customers.http_session() as http, \
                    aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as approver_http:
                # Before the load starts: creating and logging in the approver hashes a password (Argon2id,
                # in this process and in the front door), which is not part of the activation.
                csrf = await approver(product, approver_http, models / "retrained.tar.gz")
                front_door = customers.customers(product, args.reply_timeout, http)[:1]
                for warning in await customers.warm_up(front_door):
                    print(warning, flush=True)
                stopping = asyncio.Event()
                running = asyncio.create_task(customers.closed_loop(
                    front_door[0][1], args.conversations, float("inf"), args.think, random.Random(args.seed),
                    stagger=args.think, stopped=stopping.is_set))
                start, cpu_start = time.monotonic(), cpu(product)
                await asyncio.sleep(args.before)
                began, cpu_began = time.monotonic(), cpu(product)
                steps: list = []
                status = await activate(product, approver_http, csrf, "retrained.tar.gz", steps)
                ended, cpu_ended = time.monotonic(), cpu(product)
                await asyncio.sleep(args.after)
                stopping.set()
                turns, _, not_started = await running
                cpu_end = cpu(product)
                served = await serving(product, http)
                restarted = await restart_one(product, http) if args.restart_check else None
        finally:
            product.stop()
    phases = [("before", start, began, cpu_began - cpu_start),
              ("during activation", began, ended, cpu_ended - cpu_began),
              ("after", ended, float("inf"), cpu_end - cpu_ended)]
    before = [turn.latency for turn in turns if start <= turn.sent < began and turn.outcome == load.ANSWERED]
    median = statistics.median(before) if before else float("nan")
    threshold = max(args.slow_factor * median, 0.5)
    rows = [row(name, [turn for turn in turns if low <= turn.sent < high], threshold, used)
            for name, low, high, used in phases]
    rows.append(row("whole run", turns, threshold, cpu_end - cpu_start))
    print(f"\n{args.conversations} conversations over Socket.IO, think time {args.think:g} s, {processes} Rasa "
          f"processes; activation took {ended - began:.1f} s, outcome: {status['last']['outcome']}"
          f"{' (' + status['last']['reason'] + ')' if status['last']['reason'] else ''}; "
          f"conversations not started: {not_started}")
    print(f"degraded = apology/rejection, or slow: latency > {threshold * 1000:.0f} ms "
          f"(= max({args.slow_factor:g} x before-median {median * 1000:.0f} ms, 500 ms)); latency in ms")
    print(load.table(["phase", "turns", "failed", "degraded", "(apology", "slow)", "p50", "p95", "max", "CPU ms/turn"],
                     rows))
    print("activation steps (s after it began): "
          + ", ".join(f"{at - began:.1f} {step}" for at, step in steps))
    late = [turn for turn in turns if turn.outcome != load.ANSWERED or (turn.latency or 0) > threshold]
    print("degraded turns (s after the activation began, latency ms): "
          + (", ".join(f"{turn.sent - began:.1f} ({(turn.latency or 0) * 1000:.0f})" for turn in late) or "none"))
    every = all(value == new_id for value in served.values())
    print(f"every Rasa serves the new model (GET /status model_id): {'yes' if every else 'NO: ' + str(served)}")
    if restarted is not None:
        print(f"after kill -9 of a Rasa process, the one supervisord started again serves the new model: "
              f"{'yes' if restarted == new_id else 'NO: ' + str(restarted)}")
    print(load.footer())
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--conversations", type=int, default=50, help="concurrent conversations (50)")
    parser.add_argument("--think", type=float, default=10.0,
                        help="mean think time after an answer, s (10, as make bench-faults)")
    parser.add_argument("--before", type=float, default=20.0, help="seconds of load before the activation (20)")
    parser.add_argument("--after", type=float, default=20.0, help="seconds of load after it ended (20)")
    parser.add_argument("--slow-factor", type=float, default=3.0,
                        help="an answer slower than this x the before-activation median counts as degraded (3)")
    parser.add_argument("--reply-timeout", type=float, default=30.0,
                        help="a turn without any reply after this many seconds is failed (30)")
    parser.add_argument("--seed", type=int, default=13, help="random seed of the think times")
    parser.add_argument("--no-restart-check", dest="restart_check", action="store_false",
                        help="skip the last check: kill -9 a Rasa, the restarted one must serve the new model")
    args = parser.parse_args()
    print(load.preamble("Activation of another model during a run through the front door (Socket.IO)"), flush=True)
    if not servers.MODEL.exists():
        print(f"error: {servers.MODEL} is missing: run `make train`", file=sys.stderr)
        return 2
    return asyncio.run(measure(args))


if __name__ == "__main__":
    sys.exit(main())
