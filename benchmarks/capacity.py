"""Capacity: the highest rate of turns served with p95 <= 500 ms and nothing degraded, through the
front door and to Rasa directly, in one run (issue 9).

    .venv-handoff/bin/python benchmarks/capacity.py [--steps 4] [--ramp 6] [--seconds 8]
        [--think 0.5] [--probe-seconds 5] [--reply-timeout 30] [--baseline]   (make bench-capacity ARGS="...")

Starts the product as ``make run`` does (scripts/run under supervisord, free ports, a temporary
VAR_DIR; benchmarks/customers.py) and warms it up. Then, for each way in (the front door over
Socket.IO like the widget; Rasa's REST webhook directly):
1. a probe: 20 conversations in a closed loop for ``--probe-seconds`` give the most turns/s it
   serves at all, X;
2. a sweep of the offered rate R (turns/s), ``--steps`` runs from X/2 (load.sweep: doubling while
   every run meets the goal, then bisecting): conversations arrive at random, a Poisson process of
   R / 6 per second (each conversation has 6 scripted turns, English and German), each sending its
   next turn after the answer and an exponential think time of mean ``--think`` s. Arrivals go on for ``--ramp`` +
   ``--seconds``; only turns sent in the last ``--seconds`` count (before that, fewer conversations
   are under way than in a steady stream), and turns still open then are waited for. Before each
   run the product is left to become idle. Both ways in get the same arrivals at the same rate (one
   seed).
Prints, never asserts, every run (offered turns/s; served turns/s: answered turns sent in the
window (whenever sent) / its seconds; of the turns sent in the window: latency p50/p95/p99 in ms,
their number, degraded, lost; definitions in benchmarks/load.py) and, per configuration and way in, the turns/s served in the run with the
highest offered rate that met the goal (p95 <= 500 ms, nothing degraded), and the ratio front
door / Rasa direct. ``--baseline`` then does the same with the configuration before issue 9
(RASA_PROCESSES=1, RASA_VALIDATION_PATCH=0), for before/after figures from one run.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path
from typing import List, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import customers, load  # noqa: E402

TURNS_PER_CONVERSATION = len(customers.SCRIPTS[0][1])
PROBE_CONVERSATIONS = 20


async def arrivals(new_customer: customers.Customer, turns_per_second: float, args: argparse.Namespace,
                   rng: random.Random) -> Tuple[List[load.Turn], float, float, int]:
    """Conversations arriving at random at ``turns_per_second`` / 6 per second (think times drawn
    from ``rng``); returns the turns, the measured window (start, end) and how many conversations
    could not start."""
    # The same seed for every run: both ways in get the same arrivals at the same rate.
    schedule = load.poisson_arrivals(turns_per_second / TURNS_PER_CONVERSATION, args.ramp + args.seconds,
                                     random.Random(args.seed))
    turns: List[load.Turn] = []
    start = time.monotonic()
    stop = start + args.ramp + args.seconds

    async def arrive(number: int, at: float) -> bool:
        await asyncio.sleep(max(0.0, start + at - time.monotonic()))
        return await customers.converse(new_customer, number, args.think, lambda: time.monotonic() >= stop,
                                          turns, rng)

    started = await asyncio.gather(*(arrive(number, at) for number, at in enumerate(schedule)))
    return turns, start + args.ramp, stop, started.count(False)


async def measure(configuration: customers.Configuration, args: argparse.Namespace) -> Tuple[list, list]:
    """Start the product in ``configuration``, probe and sweep both ways in; (rows of every run, the
    row of the best rates and their ratio)."""
    runs, best = [], []
    rng = random.Random(args.seed)
    with customers.running(configuration) as product:
        async with customers.http_session() as http:
            ways = customers.customers(product, args.reply_timeout, http)
            for warning in await customers.warm_up(ways):
                print(warning, flush=True)
            for name, new_customer in ways:
                await customers.settle(product)
                turns, start, _ = await customers.closed_loop(
                    new_customer, PROBE_CONVERSATIONS, args.probe_seconds, 0.0, rng)
                most = load.whole(turns, start).turns_per_second
                print(f"  probe: {configuration.name}, {name}: {most:.1f} turns/s at {PROBE_CONVERSATIONS} "
                      f"conversations in a closed loop", flush=True)

                async def run(rate: float) -> load.Summary:
                    await customers.settle(product)
                    turns, start, stop, failed = await arrivals(new_customer, rate, args, rng)
                    summary = load.summarise(turns, start, stop)
                    runs.append([configuration.describe(), name, f"{rate:.1f}", f"{summary.turns_per_second:.1f}",
                                 *load.latency_cells(summary), summary.turns, summary.degraded, summary.lost,
                                 failed, "yes" if summary.meets_goal else "no"])
                    print(f"  run: {configuration.name}, {name}, offered {rate:.1f} turns/s", flush=True)
                    return summary

                found = load.best(await load.sweep(run, most / 2, args.steps)) if most > 0 else None
                best.append(found)
    cells = [("" if found[2] else ">= ") + f"{found[1].turns_per_second:.1f}" if found else "none" for found in best]
    ratio = f"{best[0][1].turns_per_second / best[1][1].turns_per_second:.2f}" if all(best) else "-"
    return runs, [configuration.describe(), *cells, ratio]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=4, help="sweep runs per way in (4)")
    parser.add_argument("--ramp", type=float, default=6.0, help="arrivals before the measured window, s (6)")
    parser.add_argument("--seconds", type=float, default=8.0, help="measured window per run, s (8)")
    parser.add_argument("--think", type=float, default=0.5, help="mean think time after an answer, s (0.5)")
    parser.add_argument("--probe-seconds", type=float, default=5.0, help="closed-loop probe per way in, s (5)")
    load.add_common_arguments(parser, seed_help="random seed of arrivals and think times")
    args = parser.parse_args()
    print(load.preamble("Capacity: Poisson arrivals of scripted conversations, front door (Socket.IO) and Rasa "
                        "direct (REST)"), flush=True)
    started = time.monotonic()
    runs, results = [], []
    for configuration in customers.configurations(args.baseline):
        measured, result = asyncio.run(measure(configuration, args))
        runs += measured
        results.append(result)
    print(f"\nEvery run: arrivals for {args.ramp:g} + {args.seconds:g} s, turns sent in the last {args.seconds:g} s "
          f"counted; think time {args.think:g} s; latency in ms; degraded includes lost; goal: p95 <= "
          f"{load.P95_GOAL_SECONDS * 1000:.0f} ms and nothing degraded")
    print(load.table(["configuration", "way in", "offered turns/s", "served turns/s", "p50", "p95", "p99", "turns",
                      "degraded", "lost", "not started", "goal met"], runs))
    print("\nTurns/s served in the run with the highest offered rate that met the goal (none: no run met it; >=: no "
          "higher rate was run that missed it)")
    print(load.table(["configuration", "front door", "Rasa direct", "ratio front door / Rasa"], results))
    print(f"\nwhole run {time.monotonic() - started:.0f} s; {load.footer()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
