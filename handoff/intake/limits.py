"""Checks on a customer message before anything is stored: type, encoding, size, rate."""
from __future__ import annotations

import math
import re
from typing import Any

from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter

_UNREADABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
MAX_CLIENT_MESSAGE_ID = 64


class InputRejected(Exception):
    """A message was not accepted; ``phrase`` names the polite explanation (``frontdoor.yml``).

    ``client_message_id`` names the rejected message for the client (protocol: a rejection names
    the message it rejects).
    """

    def __init__(self, phrase: str, client_message_id: Any = None, **values: Any) -> None:
        super().__init__(phrase)
        self.phrase = phrase
        self.client_message_id = client_message_id
        self.values = values


class RateLimiter:
    """At most ``limit`` hits per ``window`` seconds per key (the ``limits`` package's moving window,
    in memory; its storage drops a key once its window has passed, so one-off keys do not pile up).

    ``window`` is rounded up to whole seconds (the package's granularity).
    """

    def __init__(self, limit: int, window: float) -> None:
        self._item = RateLimitItemPerSecond(limit, max(1, math.ceil(window)))
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def allow(self, key: str) -> bool:
        """Record a hit for ``key``; False when it exceeds the limit."""
        return self._limiter.hit(self._item, "rate", key)


class TypingThrottle:
    """Typing indicators: at most one per conversation and side (``customer``, ``agent:<id>``) every
    ``seconds`` (the ``limits`` package, fixed window, in memory). A client that floods typing events
    reaches the other side with one event per window; the rest are dropped without a reply.

    In memory per process: a conversation's sockets reach one front door process (sticky sessions,
    docs/front-door.md "Scaling out"), so the count is complete there.
    """

    def __init__(self, seconds: int = 2) -> None:
        self._item = RateLimitItemPerSecond(1, seconds)
        self._limiter = FixedWindowRateLimiter(MemoryStorage())

    def allow(self, conversation_id: str, side: str) -> bool:
        """Count a typing event; False when this side already typed in the current window."""
        return self._limiter.hit(self._item, "typing", side, conversation_id)


def check_client_message_id(value: Any) -> None:
    """Raise InputRejected unless ``value`` is None or a string of at most 64 characters."""
    if value is not None and (not isinstance(value, str) or len(value) > MAX_CLIENT_MESSAGE_ID):
        raise InputRejected("error_unreadable")


def check_text(text: Any, *, max_chars: int, client_message_id: Any = None) -> str:
    """Return ``text`` stripped when it is acceptable.

    Raises:
        InputRejected: not a string, not valid UTF-8 (lone surrogates), control characters, empty,
            or longer than ``max_chars`` characters.
    """
    def reject(phrase: str, **values: Any) -> InputRejected:
        return InputRejected(phrase, client_message_id if isinstance(client_message_id, str) else None, **values)

    if not isinstance(text, str):
        raise reject("error_unreadable")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from a broken client
        raise reject("error_unreadable") from None
    if _UNREADABLE.search(text):
        raise reject("error_unreadable")
    if not text.strip():
        raise reject("error_empty")
    if len(text) > max_chars:
        raise reject("error_too_long", limit=max_chars)
    return text.strip()
