"""Faults: a 100-conversation run through the front door while ``kill -9`` takes down one Rasa
process and later the action server; lost messages, degraded turns, seconds until answers resume.

    .venv-handoff/bin/python benchmarks/faults.py [--conversations 100] [--think 10] [--before 15]
        [--after 10] [--most-down 180] [--reply-timeout 30] [--baseline]   (make bench-faults ARGS="...")

Starts the product as ``make run`` does (scripts/run under supervisord, free ports, a temporary
VAR_DIR; benchmarks/customers.py) and waits until supervisord calls every process RUNNING. Then
``--conversations`` simulated customers (started evenly over ``--think`` s) talk to the front door
over Socket.IO like the widget, each running scripted conversations (6 turns, English and German) back to back with an exponential think
time of mean ``--think`` s. After ``--before`` s, SIGKILL to the first Rasa process (with
``--baseline``: the only one); once the front door's ``GET /health/ready`` answers 200 again and
``--after`` s more have passed, SIGKILL to the action server; the same wait, then no new turns, and
open turns are waited for (up to ``--reply-timeout``).

Prints, never asserts, per phase (before the kills, after the Rasa kill, after the action-server
kill; a turn belongs to the phase in which it ended: its reply came or the customer gave up):
turns, degraded, lost (a message sent that never got any reply within the reply timeout; issue 9's
goal: 0), latency p50/p95/p99 in ms, seconds until ready again (``/health/ready`` 200 after a
503, i.e. supervisord restarted the process and it serves; 0 when no check saw it away) and
seconds until answers resume (load.resume_seconds: from the kill to the first answer for a message
sent after the last degraded one of the phase).
Definitions of the outcomes: benchmarks/load.py. ``--baseline`` then does the same with the
configuration before issue 9 (RASA_PROCESSES=1, RASA_VALIDATION_PATCH=0).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import sys
import time
from pathlib import Path
from typing import List

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import customers, load  # noqa: E402


async def ready(http: aiohttp.ClientSession, url: str) -> bool:
    """Whether the front door's /health/ready answers 200."""
    try:
        async with http.get(f"{url}/health/ready", timeout=aiohttp.ClientTimeout(total=5)) as answer:
            return answer.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return False


async def back(http: aiohttp.ClientSession, url: str, killed: float, most: float) -> float:
    """Seconds from ``killed`` until /health/ready answers 200 again after it stopped doing so; 0.0
    when it never stopped within 5 s (a restart faster than the checks); NaN after ``most`` seconds."""
    while await ready(http, url):
        if time.monotonic() - killed > 5:
            return 0.0
        await asyncio.sleep(0.2)
    while time.monotonic() - killed < most:
        if await ready(http, url):
            return time.monotonic() - killed
        await asyncio.sleep(0.5)
    return float("nan")


async def measure(configuration: customers.Configuration, args: argparse.Namespace) -> List[list]:
    """Start the product in ``configuration``, run the load with both kills; the table's rows."""
    rng = random.Random(args.seed)
    with customers.running(configuration, wait_running=True) as product:
        pids = product.pids()
        async with customers.http_session() as http:
            front_door = customers.customers(product, args.reply_timeout, http)[:1]
            for warning in await customers.warm_up(front_door):
                print(warning, flush=True)
            stopping = asyncio.Event()
            load_task = asyncio.create_task(customers.closed_loop(
                front_door[0][1], args.conversations, float("inf"), args.think, rng, stagger=args.think,
                stopped=stopping.is_set))
            start = time.monotonic()
            kills = []
            for name in (f"rasa-{product.rasa_port}", "actions"):
                await asyncio.sleep(args.before if not kills else args.after)
                os.kill(pids[name], signal.SIGKILL)
                killed = time.monotonic()
                print(f"  kill -9 {name} (pid {pids[name]})", flush=True)
                kills.append((name, killed, await back(http, product.url, killed, args.most_down)))
            await asyncio.sleep(args.after)
            stopping.set()
            turns, _, failed = await load_task
            end = time.monotonic()
    bounds = [start] + [killed for _, killed, _ in kills] + [end + args.reply_timeout]
    phases = ["before the kills"] + [f"after kill -9 {name}" for name, _, _ in kills]
    rows = []
    for index, phase in enumerate(phases):
        summary = load.summarise(turns, bounds[index], bounds[index + 1], by_end=True)
        if index == 0:
            downtime = resumed = "-"
        else:
            up = kills[index - 1][2]
            downtime = f"{up:.1f}" if up == up else f"> {args.most_down:g}"
            seconds = load.resume_seconds(turns, bounds[index], bounds[index + 1])
            resumed = f"{seconds:.1f}" if seconds is not None else "never"
        rows.append([configuration.describe(), phase, summary.turns, summary.degraded, summary.lost,
                     *load.latency_cells(summary), downtime, resumed])
    rows.append([configuration.describe(), f"whole run ({end - start:.0f} s)", len(turns),
                 sum(turn.outcome != load.ANSWERED for turn in turns),
                 sum(turn.outcome == load.LOST for turn in turns), "", "", "", "", f"not started: {failed}"])
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--conversations", type=int, default=100, help="concurrent conversations (100)")
    parser.add_argument("--think", type=float, default=10.0, help="mean think time after an answer, s (10)")
    parser.add_argument("--before", type=float, default=15.0, help="seconds of load before the first kill (15)")
    parser.add_argument("--after", type=float, default=10.0,
                        help="seconds after the product is ready again before the next kill / the end (10)")
    parser.add_argument("--most-down", type=float, default=180.0,
                        help="give up waiting for readiness after a kill after this many seconds (180)")
    load.add_common_arguments(parser, seed_help="random seed of the think times")
    args = parser.parse_args()
    print(load.preamble("Faults: kill -9 a Rasa process, then the action server, during a run through the "
                        "front door (Socket.IO)"), flush=True)
    started = time.monotonic()
    rows = []
    for configuration in customers.configurations(args.baseline):
        rows += asyncio.run(measure(configuration, args))
    print(f"\n{args.conversations} conversations, think time {args.think:g} s, reply timeout {args.reply_timeout:g} s;"
          " a turn counts in the phase in which it ended; latency in ms; degraded includes lost")
    print(load.table(["configuration", "phase", "turns", "degraded", "lost", "p50", "p95", "p99",
                      "ready again after s", "answers resume after s"], rows))
    print(f"\nwhole run {time.monotonic() - started:.0f} s; {load.footer()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
