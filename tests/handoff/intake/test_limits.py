"""The per-key rate limit: a key over its limit is refused, others are not, and a key's record goes
once its window has passed (security review: the home-made limiter kept every key it ever saw)."""
from __future__ import annotations

import time

from handoff.intake.limits import RateLimiter


def test_a_key_over_its_limit_is_refused_and_others_are_not():
    limiter = RateLimiter(2, 60)
    assert limiter.allow("a") and limiter.allow("a")
    assert not limiter.allow("a")
    assert limiter.allow("b")


def test_a_key_is_forgotten_after_its_window():
    limiter = RateLimiter(1, 1)
    for number in range(500):
        limiter.allow(f"one-off-{number}")
    storage = limiter._limiter.storage
    assert len(storage.events) >= 500  # the keys really were recorded...
    time.sleep(2.5)  # the package's storage expires keys from a timer once their window passed
    limiter.allow("trigger")
    assert not any(key.endswith(f"one-off-{number}") for key in storage.events for number in (0, 499))
    assert limiter.allow("one-off-0")  # ...and a forgotten key starts afresh
