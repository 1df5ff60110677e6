"""Closed-loop load: 20, 100 and 200 concurrent conversations through the front door and to Rasa
directly, in one run (issue 9).

    .venv-handoff/bin/python benchmarks/closed_loop.py [--levels 20 100 200] [--ramp 5] [--seconds 8]
        [--think 0] [--reply-timeout 30] [--baseline]          (make bench-load ARGS="...")

Starts the product as ``make run`` does (scripts/run under supervisord, free ports, a temporary
VAR_DIR; benchmarks/customers.py), warms it up, then for each level: that many simulated customers
(started evenly over the first half of ``--ramp``) each run scripted conversations (6 turns, English
and German, benchmarks/customers.py SCRIPTS) back to back, sending the next turn as soon as the
previous one was answered (plus an exponential think time of mean ``--think`` seconds), for
``--ramp`` + ``--seconds``; only the last ``--seconds`` are measured (the start is no steady stream).
First through the front door (Socket.IO like the widget), then, once the product is idle again, the
same to Rasa's REST webhook directly. Turns still open at the end are waited for (up to
``--reply-timeout``).

Prints, never asserts, per level and way in: turns/s (answers that came in the window / its
seconds), and for the turns sent in the window latency p50/p95/p99 in ms, their number, degraded
and lost (definitions: benchmarks/load.py), and the front door's turns/s as a share of Rasa
direct's. Issue 9's goal at 200: 0 degraded, 0 lost,
front door >= 0.9x Rasa direct. ``--baseline`` then does the same with the configuration before
issue 9 (RASA_PROCESSES=1, RASA_VALIDATION_PATCH=0), for before/after figures from one run.
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
                    turns, start, failed = await customers.closed_loop(
                        new_customer, level, args.ramp + args.seconds, args.think, rng, stagger=args.ramp / 2)
                    summary = load.summarise(turns, start + args.ramp, start + args.ramp + args.seconds)
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
    parser.add_argument("--ramp", type=float, default=5.0,
                        help="seconds before the measured window; customers start during its first half (5)")
    parser.add_argument("--seconds", type=float, default=8.0, help="measured window per level and way in, s (8)")
    parser.add_argument("--think", type=float, default=0.0, help="mean think time after an answer, s (0)")
    parser.add_argument("--reply-timeout", type=float, default=30.0,
                        help="a turn without any reply after this many seconds is lost (30)")
    parser.add_argument("--seed", type=int, default=9, help="random seed of the think times")
    parser.add_argument("--baseline", action="store_true",
                        help="also run the configuration before issue 9 (1 Rasa, Rasa's own validation)")
    args = parser.parse_args()
    print(load.preamble("Closed loop: concurrent conversations, front door (Socket.IO) and Rasa direct (REST)"),
          flush=True)
    started = time.monotonic()
    rows = []
    for configuration in customers.configurations(args.baseline):
        rows += asyncio.run(measure(configuration, args))
    print(f"\nEvery row: {args.ramp:g} s ramp, then a {args.seconds:g} s window; turns/s: answers that came in the "
          f"window; the other columns: turns sent in it; think time {args.think:g} s, reply timeout "
          f"{args.reply_timeout:g} s; latency in ms; degraded includes lost; ratio = front door turns/s / Rasa "
          f"direct turns/s")
    print(load.table(["configuration", "conversations", "way in", "turns/s", "p50", "p95", "p99", "turns",
                      "degraded", "lost", "not started", "ratio"], rows))
    print(f"\nwhole run {time.monotonic() - started:.0f} s; {load.footer()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
