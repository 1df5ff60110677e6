"""Failed console logins are limited per username and per client address (OWASP ASVS V2.2.1).

Uses ``limits`` (moving window): in memory, or in Redis when ``REDIS_URL`` is set so every front
door process counts together. While a key is over its limit, every login for it is refused with
429 and ``Retry-After`` - the right password included, so guessing gains nothing.
"""
from __future__ import annotations

import math
import time
from typing import Optional

from limits import RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter

from handoff.config import Settings


class LoginLimiter:
    """Counts login attempts since the last success, per username and per address."""

    def __init__(self, settings: Settings, storage: Optional[Storage] = None) -> None:
        if storage is None:
            # redis-py is already here (Socket.IO's fan-out); limits would default to coredis.
            storage = (RedisStorage(settings.redis_url, implementation="redispy", key_prefix="handoff-login")
                       if settings.redis_url else MemoryStorage())
        self._limiter = MovingWindowRateLimiter(storage)
        minutes = settings.login_lockout_minutes
        self._per_user = RateLimitItemPerMinute(settings.login_max_failures, minutes)
        self._per_address = RateLimitItemPerMinute(settings.login_max_failures_per_address, minutes)

    def _keys(self, username: str, address: str):
        return ((self._per_user, "console-login-user", username.strip().casefold()),
                (self._per_address, "console-login-address", address))

    async def attempt(self, *, username: str, address: str) -> int:
        """Count a login attempt before the password is checked (so parallel guesses cannot slip
        through between check and count); return 0 when it may go ahead, else the seconds to wait."""
        wait = 0.0
        for item, *identifiers in self._keys(username, address):
            if not await self._limiter.hit(item, *identifiers):
                stats = await self._limiter.get_window_stats(item, *identifiers)
                wait = max(wait, stats.reset_time - time.time(), 1.0)
        return math.ceil(wait)

    async def succeeded(self, *, username: str, address: str) -> None:
        """The password was right: its attempts no longer count (the limits count failures)."""
        for item, *identifiers in self._keys(username, address):
            await self._limiter.clear(item, *identifiers)
