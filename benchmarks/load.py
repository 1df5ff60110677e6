"""The figures the load benchmarks (capacity.py, closed_loop.py, faults.py) print, and how they are
reckoned: turns and their outcomes, the Poisson arrival schedule, percentiles, the rate sweep, the
tables. No network, no processes (tested in tests/handoff/test_benchmark_figures.py); the simulated
customers and the product under test are in customers.py.

A **turn** is one customer message and what came back for it. Its latency is the seconds from
sending it to the first reply the customer sees for it: the bot's answer or the apology. Outcomes:
- **answered**: the bot answered;
- **degraded**: it did not: the apology ("... cannot answer right now", the front door's
  ``bot_unavailable`` phrase), a rejection, an HTTP error or empty answer, or no answer within the
  reply timeout. Rasa direct has no timeout of its own: a slow answer counts as answered and shows
  in the latencies (the front door gives up on Rasa after RASA_TIMEOUT_SECONDS, 8 s, and apologises);
- **lost** (also counted as degraded): nothing came back for the message within the reply timeout
  (Rasa direct: also a refused or broken connection).
Latency percentiles are over every turn but the lost ones (a turn that got neither answer nor
apology counts with the time the customer waited). Turns/s (served) counts the answers that came
within the window (closed loop: the whole level), whenever their message was sent: in a steady
stream that is the rate the product keeps up with.
"""
from __future__ import annotations

import argparse
import math
import os
import random
import shlex
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Awaitable, Callable, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
ANSWERED, DEGRADED, LOST = "answered", "degraded", "lost"
P95_GOAL_SECONDS = 0.5  # issue 9: "p95 <= 500 ms and nothing degraded"


@dataclass(frozen=True)
class Turn:
    """One turn: ``sent`` and ``ended`` (the reply, or giving up) in ``time.monotonic()`` seconds."""

    sent: float
    ended: float
    outcome: str

    @property
    def latency(self) -> Optional[float]:
        """Seconds to the first reply the customer saw; None when lost."""
        return None if self.outcome == LOST else self.ended - self.sent


def poisson_arrivals(rate: float, seconds: float, rng: random.Random) -> List[float]:
    """Arrival times (seconds from 0, ascending, each < ``seconds``) of a Poisson process with
    ``rate`` arrivals per second, conditioned on the expected count, ``round(rate * seconds)``:
    given its count, a Poisson process's arrival times are independent and uniform over the
    interval. So the arrivals come in random bursts and gaps (nearly exponential), but every run gets
    the rate it asks for rather than one off by about 1/sqrt(count) by the luck of the draw.

    Raises:
        ValueError: ``rate`` is not positive.
    """
    if rate <= 0:
        raise ValueError("rate must be positive")
    return sorted(rng.random() * seconds for _ in range(round(rate * seconds)))


def percentile(values: Sequence[float], percent: int) -> float:
    """The ``percent``-th percentile (1..99) of ``values``, interpolated between the closest ranks
    (``statistics.quantiles(method="inclusive")``); the value itself for one; NaN for none."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return float(values[0])
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


@dataclass(frozen=True)
class Summary:
    """The turns of a window of ``seconds``; latencies in seconds; ``served``: answers that came
    within the window."""

    turns: int
    answered: int
    degraded: int
    lost: int
    served: int
    seconds: float
    p50: float
    p95: float
    p99: float

    @property
    def turns_per_second(self) -> float:
        """Answers that came within the window, per second."""
        return self.served / self.seconds if self.seconds > 0 else float("nan")

    @property
    def meets_goal(self) -> bool:
        """Issue 9's goal: some turns, none degraded (nor lost), p95 <= 500 ms."""
        return self.turns > 0 and self.degraded == 0 and self.p95 <= P95_GOAL_SECONDS


def summarise(turns: Sequence[Turn], since: float, until: float, by_end: bool = False) -> Summary:
    """Summary of the turns sent (with ``by_end``: ended) in ``[since, until)`` (monotonic seconds);
    ``served`` counts the answers that came in that window, whenever their message was sent."""
    window = [turn for turn in turns if since <= (turn.ended if by_end else turn.sent) < until]
    latencies = [turn.latency for turn in window if turn.latency is not None]
    return Summary(turns=len(window), answered=sum(turn.outcome == ANSWERED for turn in window),
                   degraded=sum(turn.outcome != ANSWERED for turn in window),
                   lost=sum(turn.outcome == LOST for turn in window),
                   served=sum(turn.outcome == ANSWERED and since <= turn.ended < until for turn in turns),
                   seconds=until - since,
                   p50=percentile(latencies, 50), p95=percentile(latencies, 95), p99=percentile(latencies, 99))


def whole(turns: Sequence[Turn], start: float) -> Summary:
    """Summary of all ``turns``, over the time from ``start`` (of a level) to the last reply:
    a closed loop keeps the product busy all that time once it is saturated, so the served rate
    needs no steady state (a window after a ramp would, and at 10 s per answer a short one never
    gets there)."""
    if not turns:
        return summarise(turns, start, start)
    return summarise(turns, start, math.nextafter(max(turn.ended for turn in turns), math.inf))


def resume_seconds(turns: Sequence[Turn], since: float, until: float) -> Optional[float]:
    """Seconds from ``since`` (a fault) until answers resumed: to the first answer that came for a
    message sent after the last one that ended degraded in ``[since, until)`` (ended: the apology
    came, or the customer gave up waiting). 0.0 when no turn ended degraded there; None when no
    answer came after that."""
    degraded = [turn.sent for turn in turns if turn.outcome != ANSWERED and since <= turn.ended < until]
    if not degraded:
        return 0.0
    last = max(degraded)
    answers = [turn.ended for turn in turns if turn.outcome == ANSWERED and turn.sent > last]
    return min(answers) - since if answers else None


Run = Callable[[float], Awaitable[Summary]]


async def sweep(run: Run, start: float, steps: int) -> List[Tuple[float, Summary]]:
    """Search for the highest offered rate that meets the goal in ``steps`` runs: the first at
    ``start``; then twice the last rate while every run met it, half while none did, and otherwise
    halfway between the highest rate that met it and the lowest that did not.

    Returns every ``(rate, summary)`` in the order run.
    """
    results: List[Tuple[float, Summary]] = []
    rate, met, missed = start, None, None
    for _ in range(steps):
        summary = await run(rate)
        results.append((rate, summary))
        if summary.meets_goal:
            met = rate if met is None else max(met, rate)
        else:
            missed = rate if missed is None else min(missed, rate)
        if missed is None:
            rate *= 2
        elif met is None:
            rate /= 2
        else:
            rate = (met + missed) / 2
    return results


def best(results: Sequence[Tuple[float, Summary]]) -> Optional[Tuple[float, Summary, bool]]:
    """The result with the highest offered rate that met the goal, and whether a higher rate was
    run and missed it (False: the capacity may be higher still); None when no run met the goal.
    (Not the most turns/s served: with random arrivals a lower rate may by chance serve more.)"""
    met = [result for result in results if result[1].meets_goal]
    if not met:
        return None
    rate, summary = max(met, key=lambda result: result[0])
    return rate, summary, any(higher > rate and not missed.meets_goal for higher, missed in results)


def add_common_arguments(parser: argparse.ArgumentParser, seed_help: str) -> None:
    """The flags every load benchmark has: ``--reply-timeout`` (s), ``--seed``, ``--baseline``."""
    parser.add_argument("--reply-timeout", type=float, default=30.0,
                        help="a turn without any reply after this many seconds is lost (30)")
    parser.add_argument("--seed", type=int, default=9, help=seed_help)
    parser.add_argument("--baseline", action="store_true",
                        help="also run the configuration before issue 9 (1 Rasa, Rasa's own validation)")


def preamble(what: str) -> str:
    """The exact command, niceness, cores and load: the machine is shared and noisy."""
    command = shlex.join([os.path.relpath(sys.executable, ROOT), *sys.argv])
    return (f"{what}\ncommand: cd {ROOT} && nice -n {os.nice(0)} {command}\n"
            f"cores: {len(os.sched_getaffinity(0))}; load average at start: {os.getloadavg()[0]:.2f} "
            f"(shared machine: other developers' processes run too, figures vary between runs)")


def footer() -> str:
    """The load average at the end and the CPU the simulated customers (this process) used."""
    return (f"load average at end: {os.getloadavg()[0]:.2f}; the simulated customers (this process) used "
            f"{time.process_time():.0f} CPU s of the same cores")


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table, columns right-aligned (the first left-aligned)."""
    cells = [[str(cell) for cell in row] for row in [header, *rows]]
    widths = [max(len(row[index]) for row in cells) for index in range(len(header))]
    return "\n".join("  ".join(cell.ljust(width) if index == 0 else cell.rjust(width)
                               for index, (cell, width) in enumerate(zip(row, widths))) for row in cells)


def latency_cells(summary: Summary) -> List[str]:
    """p50, p95, p99 in milliseconds."""
    return [f"{value * 1000:.0f}" if value == value else "-" for value in (summary.p50, summary.p95, summary.p99)]
