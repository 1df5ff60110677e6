"""CSV of the insights: the numbers (one row per day and language, plus the totals) and a drill-down
list (conversation ids and their facts, never a message text).

Every cell that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return) is prefixed with ``'`` (OWASP, "CSV Injection"); numbers are written as numbers.
"""
from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any, Dict, Iterable, List

import contract
from handoff.insights.facts import Fact
from handoff.insights.numbers import by_day, cell, row
from handoff.insights.period import Period

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ALL = "all"


def safe(value: Any) -> Any:
    """``value`` for a CSV cell: a text that a spreadsheet would run as a formula gets a leading
    ``'``; None becomes an empty cell; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _write(header: List[str], rows: Iterable[List[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe(name) for name in header])
    for values in rows:
        writer.writerow([safe(value) for value in values])
    return out.getvalue()


def numbers_csv(facts: Dict[str, Fact], chosen: Period) -> str:
    """The numbers of ``facts`` in ``chosen`` as CSV: a row per day and language (``all`` rows for
    each day's and the period's totals); a column per handoff reason and per topic (messages)."""
    reasons = list(contract.handoff_reasons())
    topics = sorted(Counter(intent for fact in facts.values() for intent in fact.topics))
    header = (["day", "language", "conversations", "contained", "containment", "handed_off", "handoff_rate"]
              + [f"handed_off_{reason}" for reason in reasons]
              + ["unclear_messages", "satisfaction_ratings", "satisfaction_average", "answers_helpful",
                 "answers_unhelpful", "wait_claims", "wait_median_seconds", "wait_p90_seconds"]
              + [f"topic_{intent}" for intent in topics])
    languages = [ALL] + list(contract.languages())
    rows = []
    grouped = by_day(facts.values())
    for day in [None] + chosen.days():
        on_day = list(facts.values()) if day is None else grouped.get(day, [])
        for language in languages:
            chosen_facts = [fact for fact in on_day if language == ALL or fact.language == language]
            numbers = cell(chosen_facts)
            counts: Counter = Counter()
            for fact in chosen_facts:
                counts.update(fact.topics)
            rows.append([day.isoformat() if day else ALL, language, numbers["conversations"], numbers["contained"],
                         numbers["containment"], numbers["handed_off"], numbers["handoff_rate"]]
                        + [numbers["by_reason"].get(reason, 0) for reason in reasons]
                        + [numbers["unclear"], numbers["satisfaction"]["ratings"], numbers["satisfaction"]["average"],
                           numbers["answers"]["helpful"], numbers["answers"]["unhelpful"], numbers["wait"]["claims"],
                           numbers["wait"]["median_seconds"], numbers["wait"]["p90_seconds"]]
                        + [counts.get(intent, 0) for intent in topics])
    return _write(header, rows)


def list_csv(found: List[Fact]) -> str:
    """A drill-down list as CSV: one row per conversation, without any message text."""
    header = ["conversation_id", "started_at", "language", "state", "handoff_reason", "topics", "unclear_messages",
              "satisfaction_scores", "answers_helpful", "answers_unhelpful", "wait_seconds"]
    rows = []
    for fact in found:
        item = row(fact)
        rows.append([item["conversation_id"], item["started_at"], item["language"], item["state"],
                     item["handoff_reason"], " ".join(item["topics"]), item["unclear"],
                     " ".join(str(score) for score in item["scores"]), item["helpful"], item["unhelpful"],
                     " ".join(f"{wait:g}" for wait in item["waits"])])
    return _write(header, rows)
