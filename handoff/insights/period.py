"""The query of an insights request, checked: the period (whole days, UTC) and, for a drill-down, which
number (``metric``, its ``key``), which day and which language.

A day is a UTC calendar day; a conversation belongs to the day it started (its first row's
``created_at``), so a chat that goes on past midnight counts once, on the day it began.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Callable, List, Mapping, Optional

import contract

MAX_DAYS = 366
DEFAULT_DAYS = 7
# metric -> whether it takes a key (handed_off: a handoff reason; topic: an intent; satisfaction: a
# score 1-5; answers: helpful | unhelpful)
METRICS = {"conversations": False, "contained": False, "handed_off": True, "topic": True, "unclear": False,
           "satisfaction": True, "answers": True, "waited": False}
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_KEY = re.compile(r"^[A-Za-z0-9_+.\-]{1,64}$")


class BadQuery(ValueError):
    """A parameter is missing or wrong; ``code`` names the text that says so (section ``insights``)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclasses.dataclass(frozen=True)
class Period:
    """Days ``first`` to ``last`` (both included), UTC."""

    first: dt.date
    last: dt.date

    @property
    def start(self) -> dt.datetime:
        """The first moment of the period (aware UTC)."""
        return dt.datetime.combine(self.first, dt.time(), tzinfo=dt.timezone.utc)

    @property
    def end(self) -> dt.datetime:
        """The first moment after the period (aware UTC)."""
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time(), tzinfo=dt.timezone.utc)

    def days(self) -> List[dt.date]:
        """Every day of the period, oldest first."""
        return [self.first + dt.timedelta(days=offset) for offset in range((self.last - self.first).days + 1)]


@dataclasses.dataclass(frozen=True)
class Drill:
    """Which conversations to list: those behind ``metric`` (with ``key``) on ``day`` (None: the whole
    period) in ``language`` (None: every language)."""

    metric: str
    key: Optional[str] = None
    day: Optional[dt.date] = None
    language: Optional[str] = None


def _date(value: Optional[str], code: str) -> Optional[dt.date]:
    if value is None or value == "":
        return None
    if not _DAY.match(value):
        raise BadQuery(code)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadQuery(code) from None


def period(query: Mapping[str, str], today: Callable[[], dt.date]) -> Period:
    """``from``/``to`` (``YYYY-MM-DD``, both included) of ``query``; by default the last
    ``DEFAULT_DAYS`` days up to ``today()``.

    Raises:
        BadQuery: ``bad_day`` (not a date), ``bad_order`` (``from`` after ``to``), ``too_long``
            (more than ``MAX_DAYS`` days).
    """
    last = _date(query.get("to"), "bad_day") or today()
    first = _date(query.get("from"), "bad_day") or last - dt.timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise BadQuery("bad_order")
    if (last - first).days + 1 > MAX_DAYS:
        raise BadQuery("too_long")
    return Period(first, last)


def drill(query: Mapping[str, str], chosen: Period) -> Drill:
    """The drill-down filters of ``query``: ``metric`` (one of ``METRICS``), ``key`` (for the metrics
    that have one; optional), ``day`` (inside the period), ``language`` (a supported language).

    Raises:
        BadQuery: ``bad_metric``, ``bad_key``, ``bad_day`` (also a day outside the period), ``bad_language``.
    """
    metric = query.get("metric", "")
    if metric not in METRICS:
        raise BadQuery("bad_metric")
    key = query.get("key") or None
    if key is not None and (not METRICS[metric] or not _KEY.match(key)):
        raise BadQuery("bad_key")
    if metric == "satisfaction" and key is not None and key not in {"1", "2", "3", "4", "5"}:
        raise BadQuery("bad_key")
    if metric == "answers" and key is not None and key not in ("helpful", "unhelpful"):
        raise BadQuery("bad_key")
    if metric == "handed_off" and key is not None and key not in contract.handoff_reasons():
        raise BadQuery("bad_key")
    day = _date(query.get("day"), "bad_day")
    if day is not None and not chosen.first <= day <= chosen.last:
        raise BadQuery("bad_day")
    language = query.get("language") or None
    if language is not None and language not in contract.languages():
        raise BadQuery("bad_language")
    return Drill(metric, key, day, language)
