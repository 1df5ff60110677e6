"""What an agent may ask of the queue (``GET /console/api/queue?...``), checked before any SQL runs.

| parameter | values | default |
|---|---|---|
| ``assigned`` | ``unassigned`` (waiting), ``mine`` (held by the asking agent), ``all`` (both) | ``unassigned`` |
| ``language`` | a language of ``data/contract.json`` | any |
| ``reason`` | a handoff reason of ``data/contract.json`` | any |
| ``min_wait`` | whole minutes waited at least, 0 to ``MAX_WAIT_MINUTES`` | 0 |
| ``q`` | text in the customer's messages, or the start of the chat id; at most ``MAX_SEARCH_CHARS`` | none |
| ``limit`` | chats per page, 1 to ``MAX_PAGE_SIZE`` | ``PAGE_SIZE`` |
| ``after`` | the ``next`` cursor of the page before | the first page |

Anything else (an unknown or repeated parameter, a number with a sign, a decimal point or non-ASCII
digits, control characters in ``q``, a malformed cursor) raises :class:`BadQuery` (HTTP 400).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from typing import Mapping, Optional, Tuple

import contract

PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
MAX_WAIT_MINUTES = 7 * 24 * 60  # a week: conversations are kept for days, not months, in the queue
MAX_SEARCH_CHARS = 100
SCOPES = ("unassigned", "mine", "all")
PARAMETERS = ("assigned", "language", "reason", "min_wait", "q", "limit", "after")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_DIGITS = re.compile(r"[0-9]{1,7}")
# microseconds since 1970 (at most 17 digits: before the year 5000) and a conversation id
_CURSOR = re.compile(r"([0-9]{1,17})_([0-9a-f]{32})")


class BadQuery(ValueError):
    """A queue parameter is malformed (HTTP 400); the message names the parameter."""


@dataclasses.dataclass(frozen=True)
class QueueQuery:
    """One checked request for a page of the queue."""

    assigned: str = "unassigned"
    language: Optional[str] = None
    reason: Optional[str] = None
    min_wait_minutes: int = 0
    search: Optional[str] = None
    limit: int = PAGE_SIZE
    after: Optional[Tuple[dt.datetime, str]] = None


def _one(params: Mapping[str, str], name: str) -> Optional[str]:
    values = params.getall(name, []) if hasattr(params, "getall") else (
        [params[name]] if name in params else [])
    if len(values) > 1:
        raise BadQuery(f"{name} is given more than once")
    return values[0] if values else None


def _number(value: Optional[str], name: str, low: int, high: int, default: int) -> int:
    if value is None:
        return default
    if not _DIGITS.fullmatch(value) or not low <= int(value) <= high:
        raise BadQuery(f"{name} must be a whole number from {low} to {high}")
    return int(value)


def _choice(value: Optional[str], name: str, allowed) -> Optional[str]:
    if value is not None and value not in allowed:
        raise BadQuery(f"{name} must be one of {', '.join(allowed)}")
    return value


def _search(value: Optional[str]) -> Optional[str]:
    if value is None or not value.strip():
        return None
    value = value.strip()
    if len(value) > MAX_SEARCH_CHARS:
        raise BadQuery(f"q must be at most {MAX_SEARCH_CHARS} characters")
    if any(unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn") for char in value):
        raise BadQuery("q must not contain control characters")
    return value


def encode_cursor(sort_key: dt.datetime, conversation_id: str) -> str:
    """The opaque ``next`` cursor after the chat with this sort key (``waiting_since``) and id."""
    return f"{(sort_key - EPOCH) // dt.timedelta(microseconds=1)}_{conversation_id}"


def decode_cursor(value: str) -> Tuple[dt.datetime, str]:
    """``(sort key, conversation id)`` of a cursor from :func:`encode_cursor`.

    Raises:
        BadQuery: not such a cursor.
    """
    match = _CURSOR.fullmatch(value)
    if match is None:
        raise BadQuery("after must be the next cursor of an earlier page")
    return EPOCH + dt.timedelta(microseconds=int(match.group(1))), match.group(2)


def parse(params: Mapping[str, str]) -> QueueQuery:
    """Check the query string of ``GET /queue`` (a multidict, or a plain mapping).

    Raises:
        BadQuery: see the module docstring.
    """
    unknown = sorted(set(params) - set(PARAMETERS))
    if unknown:
        raise BadQuery(f"unknown parameter {unknown[0][:40]!r}; known: {', '.join(PARAMETERS)}")
    after = _one(params, "after")
    return QueueQuery(
        assigned=_choice(_one(params, "assigned"), "assigned", SCOPES) or "unassigned",
        language=_choice(_one(params, "language"), "language", contract.languages()),
        reason=_choice(_one(params, "reason"), "reason", contract.handoff_reasons()),
        min_wait_minutes=_number(_one(params, "min_wait"), "min_wait", 0, MAX_WAIT_MINUTES, 0),
        search=_search(_one(params, "q")),
        limit=_number(_one(params, "limit"), "limit", 1, MAX_PAGE_SIZE, PAGE_SIZE),
        after=decode_cursor(after) if after is not None else None,
    )
