"""The arithmetic behind the load benchmarks' figures (benchmarks/load.py): the Poisson arrival
schedule, percentiles, what counts as degraded and lost, the rate sweep and when answers resumed.
The benchmarks themselves print figures and are not tests."""
from __future__ import annotations

import asyncio
import math
import random
import statistics

import pytest

from benchmarks import load
from benchmarks.load import ANSWERED, DEGRADED, LOST, Turn


def test_poisson_arrivals_have_the_rate_and_exponential_gaps():
    arrivals = load.poisson_arrivals(5.0, 2000.0, random.Random(1))
    assert arrivals == sorted(arrivals) and 0 <= arrivals[0] and arrivals[-1] < 2000.0
    assert len(arrivals) == 10000  # the expected count, not a draw around it
    assert len(load.poisson_arrivals(10.1 / 6, 14.0, random.Random(9))) == 24  # 23.57 rounded
    gaps = [later - earlier for earlier, later in zip(arrivals, arrivals[1:])]
    assert statistics.mean(gaps) == pytest.approx(0.2, rel=0.03)
    # Exponential gaps: standard deviation equals the mean (evenly spaced arrivals: 0; uniform gaps: 0.58).
    assert statistics.stdev(gaps) / statistics.mean(gaps) == pytest.approx(1.0, abs=0.05)
    # Counts per second: variance equals the mean for a Poisson process.
    counts = [0] * 2000
    for at in arrivals:
        counts[int(at)] += 1
    assert statistics.variance(counts) / statistics.mean(counts) == pytest.approx(1.0, abs=0.1)


def test_poisson_arrivals_repeat_with_the_seed_and_refuse_a_rate_of_zero():
    assert load.poisson_arrivals(2.0, 30.0, random.Random(7)) == load.poisson_arrivals(2.0, 30.0, random.Random(7))
    assert load.poisson_arrivals(2.0, 30.0, random.Random(7)) != load.poisson_arrivals(2.0, 30.0, random.Random(8))
    with pytest.raises(ValueError):
        load.poisson_arrivals(0.0, 10.0, random.Random(1))


def test_percentile_interpolates_between_ranks():
    values = list(range(1, 101))
    random.Random(3).shuffle(values)
    assert load.percentile(values, 50) == pytest.approx(50.5)
    assert load.percentile(values, 95) == pytest.approx(95.05)
    assert load.percentile(values, 99) == pytest.approx(99.01)
    assert load.percentile([0.3], 95) == 0.3
    assert math.isnan(load.percentile([], 95))


def turns_every(seconds: float, latency: float, count: int, outcome: str = ANSWERED, start: float = 0.0):
    return [Turn(start + index * seconds, start + index * seconds + latency, outcome) for index in range(count)]


def test_summary_counts_the_turns_sent_in_the_window_and_lost_ones_as_degraded_without_latency():
    turns = (turns_every(0.2, 0.1, 50)  # sent 0.0 .. 9.8, answered 0.1 .. 9.9
             + [Turn(5.0, 13.0, DEGRADED), Turn(5.5, 35.5, LOST), Turn(20.0, 20.1, DEGRADED)])
    summary = load.summarise(turns, 0.0, 10.0)
    assert (summary.turns, summary.answered, summary.degraded, summary.lost) == (52, 50, 2, 1)
    assert summary.turns_per_second == pytest.approx(5.0)  # answers only
    assert summary.p50 == pytest.approx(0.1)
    # 50 latencies of 0.1 s and the apology's 8 s; the lost turn (30 s of waiting) has none.
    assert summary.p99 == pytest.approx(0.1 + 0.5 * 7.9)
    assert not summary.meets_goal
    by_end = load.summarise(turns, 12.0, 40.0, by_end=True)
    assert (by_end.turns, by_end.degraded, by_end.lost) == (3, 3, 1)


def test_turns_per_second_count_the_answers_that_came_in_the_window_whenever_sent():
    # A backlog: messages sent at 0..4.9 s answered at 5..9.9 s, then nothing more sent.
    backlog = [Turn(index * 0.1, 5.0 + index * 0.1, ANSWERED) for index in range(50)]
    assert load.summarise(backlog, 5.0, 10.0).turns_per_second == pytest.approx(10.0)
    assert load.summarise(backlog, 5.0, 10.0).turns == 0  # none was sent then
    assert load.summarise(backlog, 0.0, 5.0).turns_per_second == 0.0
    assert load.summarise(backlog, 0.0, 5.0).turns == 50


def test_a_whole_run_counts_every_turn_up_to_the_last_reply():
    # Two rounds of 10 customers: answers at 4 s and 8 s, the second round's answers after sending stopped.
    turns = [Turn(0.0, 4.0, ANSWERED)] * 9 + [Turn(0.0, 30.0, LOST)] + [Turn(4.0, 8.0, ANSWERED)] * 9
    summary = load.whole(turns, 0.0)
    assert (summary.turns, summary.answered, summary.lost) == (19, 18, 1)
    assert summary.seconds == pytest.approx(30.0)  # waited for the lost one
    assert summary.turns_per_second == pytest.approx(18 / 30)
    assert load.whole(turns[:9], 0.0).turns_per_second == pytest.approx(9 / 4)
    assert load.whole([], 0.0).turns == 0


def test_the_goal_needs_p95_within_500_ms_and_nothing_degraded():
    assert load.summarise(turns_every(0.1, 0.4, 100), 0.0, 10.0).meets_goal
    assert not load.summarise(turns_every(0.1, 0.6, 100), 0.0, 10.0).meets_goal
    assert not load.summarise(turns_every(0.1, 0.1, 100) + [Turn(1.0, 1.1, DEGRADED)], 0.0, 10.0).meets_goal
    assert not load.summarise([], 0.0, 10.0).meets_goal


def capacity_of(limit: float):
    """A product that serves every offered rate up to ``limit`` within the goal, and none above."""
    async def run(rate: float) -> load.Summary:
        latency = 0.1 if rate <= limit else 2.0
        return load.summarise(turns_every(1 / rate, latency, int(rate * 10)), 0.0, 10.0)
    return run


@pytest.mark.parametrize("limit, rates, found, bounded", [
    (80.0, [50.0, 100.0, 75.0, 87.5], 75.0, True),
    (20.0, [50.0, 25.0, 12.5, 18.75], 18.75, True),
    (200.0, [50.0, 100.0, 200.0, 400.0], 200.0, True),  # above the probe when it fell short
    (900.0, [50.0, 100.0, 200.0, 400.0], 400.0, False),  # every run met it: at least 400
])
def test_sweep_searches_for_the_highest_rate_that_meets_the_goal(limit, rates, found, bounded):
    results = asyncio.run(load.sweep(capacity_of(limit), 50.0, 4))
    assert [rate for rate, _ in results] == rates
    rate, summary, missed_above = load.best(results)
    assert (rate, missed_above) == (found, bounded)
    assert summary.turns_per_second == pytest.approx(found, rel=0.1)


def test_best_is_the_highest_offered_rate_that_met_the_goal():
    lucky = load.summarise(turns_every(1 / 13, 0.1, 130), 0.0, 10.0)  # offered 10, served 13 by chance
    served = load.summarise(turns_every(1 / 11, 0.1, 110), 0.0, 10.0)
    missed = load.summarise(turns_every(1 / 14, 0.9, 140), 0.0, 10.0)
    assert load.best([(10.0, lucky), (12.0, served), (14.0, missed)]) == (12.0, served, True)


def test_best_is_none_when_no_run_met_the_goal():
    assert load.best(asyncio.run(load.sweep(capacity_of(1.0), 50.0, 3))) is None


def test_answers_resume_after_the_last_degraded_turn():
    kill = 100.0
    answered_elsewhere = turns_every(1.0, 0.2, 60, start=90.0)  # another conversation, unaffected
    apologies = turns_every(2.0, 0.05, 15, DEGRADED, start=100.5)  # sent 100.5 .. 128.5
    resumed = [Turn(129.0, 129.3, ANSWERED)]
    turns = answered_elsewhere + apologies + resumed
    # The unaffected conversation's answer sent at 129.0 (ended 129.2) comes first.
    assert load.resume_seconds(turns, kill, 200.0) == pytest.approx(29.2)
    assert load.resume_seconds(apologies + resumed, kill, 200.0) == pytest.approx(29.3)
    assert load.resume_seconds(answered_elsewhere, kill, 200.0) == 0.0
    assert load.resume_seconds(apologies, kill, 200.0) is None
    # A lost turn ends when the customer gives up waiting.
    lost = [Turn(101.0, 131.0, LOST), Turn(140.0, 140.4, ANSWERED)]
    assert load.resume_seconds(lost, kill, 200.0) == pytest.approx(40.4)
