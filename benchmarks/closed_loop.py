"""Closed-loop load: 20, 100 and 200 concurrent conversations through the front door and to Rasa
directly, in one run (issue 9).

    .venv-handoff/bin/python benchmarks/closed_loop.py [--levels 20 100 200] [--seconds 12]
        [--think 0] [--reply-timeout 30] [--baseline]          (make bench-load ARGS="...")

Starts the product as ``make run`` does (scripts/run under supervisord, free ports, a temporary
VAR_DIR; benchmarks/customers.py), warms it up, then for each level: that many simulated customers
each run scripted conversations (6 turns, English and German, benchmarks/customers.py SCRIPTS) back
to back, sending the next turn as soon as the previous one was answered (plus an exponential think
time of mean ``--think`` seconds), for ``--seconds``; the turns still open then are waited for (up
to ``--reply-timeout``). First through the front door (Socket.IO like the widget), then, once the
product is idle again, the same to Rasa's REST webhook directly.

Prints, never asserts, per level and way in, over every turn of the level: turns/s (answers /
seconds from the level's start to the last reply: the product is busy all that time once the loop
saturates it, so no steady state is needed), latency p50/p95/p99 in ms, turns, degraded and lost
(definitions: benchmarks/load.py), and the front door's turns/s as a share of Rasa direct's.
Issue 9's goal at 200: 0 degraded, 0 lost, front door >= 0.9x Rasa direct. ``--baseline`` then
does the same with the configuration before issue 9 (RASA_PROCESSES=1, RASA_VALIDATION_PATCH=0),
for before/after figures from one run.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import customers, load  # noqa: E402


async def measure(configuration: customers.Configuration, args: argparse.Namespace) -> list:
    """Start the product in ``configuration``, run every level through both ways in; the table's rows."""
    rows = []
    rng = random.Random(args.seed)
    with customers.running(configuration) as product:
        async with customers.http_session() as http:
            ways = customers.customers(product, args.reply_timeout, http)
            for warning in await customers.warm_up(ways):
                print(warning, flush=True)
            for level in args.levels:
                served = {}
                for name, new_customer in ways:
                    await customers.settle(product)
                    turns, start, failed = await customers.closed_loop(new_customer, level, args.seconds, args.think, rng)
                    summary = load.whole(turns, start)
                    served[name] = summary.turns_per_second
                    ratio = (f"{served['front door'] / served['Rasa direct']:.2f}"
                             if name == "Rasa direct" and served["Rasa direct"] else "")
                    rows.append([configuration.describe(), level, name, f"{summary.turns_per_second:.1f}",
                                 *load.latency_cells(summary), summary.turns, summary.degraded, summary.lost,
                                 failed, ratio])
                    print(f"  done: {configuration.name}, {level} conversations, {name}", flush=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--levels", type=int, nargs="+", default=[20, 100, 200],
                        help="concurrent conversations (default 20 100 200)")
    parser.add_argument("--seconds", type=float, default=12.0, help="seconds of sending per level and way in (12)")
    parser.add_argument("--think", type=float, default=0.0, help="mean think time after an answer, s (0)")
    load.add_common_arguments(parser, seed_help="random seed of the think times")
    args = parser.parse_args()
    print(load.preamble("Closed loop: concurrent conversations, front door (Socket.IO) and Rasa direct (REST)"),
          flush=True)
    started = time.monotonic()
    rows = []
    for configuration in customers.configurations(args.baseline):
        rows += asyncio.run(measure(configuration, args))
    print(f"\nEvery row: {args.seconds:g} s of sending, then the open turns waited for; turns/s: answers / seconds from "
          f"the start to the last reply; think time {args.think:g} s, reply timeout {args.reply_timeout:g} s; "
          f"latency in ms; degraded includes lost; ratio = front door turns/s / Rasa direct turns/s")
    print(load.table(["configuration", "conversations", "way in", "turns/s", "p50", "p95", "p99", "turns",
                      "degraded", "lost", "not started", "ratio"], rows))
    print(f"\nwhole run {time.monotonic() - started:.0f} s; {load.footer()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
