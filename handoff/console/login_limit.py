"""Failed console logins are limited per username and per client address (OWASP ASVS V2.2.1).

Uses ``limits`` (moving window): in memory, or in Redis when ``REDIS_URL`` is set so every front
door process counts together. While a key is over its limit, every login for it is refused with
429 and ``Retry-After`` - the right password included, so guessing gains nothing.
"""
from __future__ import annotations

import math
import time
from typing import Optional

import redis.asyncio
from limits import RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter

from handoff.config import Settings


class LoginLimiter:
    """Counts login attempts since the last success, per username and per address."""

    def __init__(self, settings: Settings, storage: Optional[Storage] = None) -> None:
        self._pool: Optional[redis.asyncio.ConnectionPool] = None
        if storage is None and settings.redis_url:
            # redis-py is already here (Socket.IO's fan-out); limits would default to coredis. Our
            # own pool, so that ``close`` can release its connections.
            self._pool = redis.asyncio.ConnectionPool.from_url(settings.redis_url)
            storage = RedisStorage(settings.redis_url, implementation="redispy", key_prefix="handoff-login",
                                   connection_pool=self._pool)
        elif storage is None:
            storage = MemoryStorage()
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

    async def close(self) -> None:
        """Release the Redis connections (app cleanup)."""
        if self._pool is not None:
            await self._pool.aclose()
