"""The numbers of a set of conversations (:class:`handoff.insights.facts.Fact`), and which
conversations make up a number: both from the same predicates, so a drill-down lists exactly the
conversations its number counts.

Definitions (docs/insights.md):
* conversations: started in the period, with at least one customer message.
* contained: never went to a person's queue ("answered without a person"); handed off: did, counted
  by the conversation's handoff reason. contained + handed off = conversations.
* topics: customer messages per intent the bot recognised (the fallback excluded); unclear: customer
  messages it did not understand.
* satisfaction: ratings 1-5 after a person (count, average); answers: "Was this helpful?" yes/no.
* wait: seconds from entering the queue to a person's claim, per claim: the median and the 90th
  percentile (nearest rank: the smallest wait that at least 90% of the waits do not exceed).
"""
from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter, defaultdict
from typing import Any, Callable, Dict, Iterable, List, Optional

import contract
from handoff.insights.facts import Fact
from handoff.insights.period import Drill, Period

TOP_TOPICS = 10


def _ratio(part: int, whole: int) -> Optional[float]:
    return round(part / whole, 4) if whole else None


def percentile(values: List[float], share: float) -> Optional[float]:
    """The nearest-rank percentile (``share`` 0.9: the 90th) of ``values``; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def cell(facts: Iterable[Fact]) -> Dict[str, Any]:
    """Every number of ``facts``: ``conversations``, ``contained``, ``containment`` (share, None
    without conversations), ``handed_off``, ``handoff_rate``, ``by_reason`` ({reason: conversations},
    every reason of the contract), ``topics`` ([{intent, messages, conversations}], the top 10 by
    messages), ``unclear`` (messages), ``satisfaction`` ({ratings, average}), ``answers`` ({helpful,
    unhelpful}), ``wait`` ({claims, median_seconds, p90_seconds})."""
    facts = list(facts)
    total = len(facts)
    handed = [fact for fact in facts if fact.handoff_reason is not None]
    reasons = Counter(fact.handoff_reason for fact in handed)
    messages: Counter = Counter()
    talked: Counter = Counter()
    for fact in facts:
        messages.update(fact.topics)
        talked.update(fact.topics.keys())
    scores = [score for fact in facts for score in fact.scores]
    waits = [wait for fact in facts for wait in fact.waits]
    top = sorted(messages.items(), key=lambda item: (-item[1], item[0]))[:TOP_TOPICS]
    return {
        "conversations": total,
        "contained": total - len(handed),
        "containment": _ratio(total - len(handed), total),
        "handed_off": len(handed),
        "handoff_rate": _ratio(len(handed), total),
        "by_reason": {reason: reasons.get(reason, 0) for reason in _reasons(reasons)},
        "topics": [{"intent": intent, "messages": count, "conversations": talked[intent]} for intent, count in top],
        "unclear": sum(fact.unclear for fact in facts),
        "satisfaction": {"ratings": len(scores),
                         "average": round(statistics.fmean(scores), 2) if scores else None},
        "answers": {"helpful": sum(fact.helpful for fact in facts), "unhelpful": sum(fact.unhelpful for fact in facts)},
        "wait": {"claims": len(waits), "median_seconds": statistics.median(waits) if waits else None,
                 "p90_seconds": percentile(waits, 0.9)},
    }


def _reasons(found: Counter) -> List[str]:
    """The contract's reasons in its order, then any other stored reason (older data)."""
    known = list(contract.handoff_reasons())
    return known + sorted(reason for reason in found if reason not in known)


def by_day(facts: Iterable[Fact]) -> Dict[dt.date, List[Fact]]:
    """``facts`` grouped by the day their conversation started (one pass, for long periods)."""
    grouped: Dict[dt.date, List[Fact]] = defaultdict(list)
    for fact in facts:
        grouped[fact.day].append(fact)
    return grouped


def report(facts: Dict[str, Fact], chosen: Period) -> Dict[str, Any]:
    """The numbers of the period: ``total``, ``by_language`` ({language: cell}), and ``by_day``
    ([{day, total, by_language}] for every day of the period, empty days included)."""
    languages = list(contract.languages())
    items = list(facts.values())

    def split(subset: List[Fact]) -> Dict[str, Any]:
        return {language: cell(fact for fact in subset if fact.language == language) for language in languages}

    grouped = by_day(items)
    days = []
    for day in chosen.days():
        on_day = grouped.get(day, [])
        days.append({"day": day.isoformat(), "total": cell(on_day), "by_language": split(on_day)})
    return {"period": {"from": chosen.first.isoformat(), "to": chosen.last.isoformat()}, "languages": languages,
            "total": cell(items), "by_language": split(items), "by_day": days}


def _behind(drill: Drill) -> Callable[[Fact], bool]:
    """Whether a conversation counts in the number ``drill`` names (ignoring day and language)."""
    key = drill.key
    tests: Dict[str, Callable[[Fact], bool]] = {
        "conversations": lambda fact: True,
        "contained": lambda fact: fact.handoff_reason is None,
        "handed_off": lambda fact: fact.handoff_reason is not None and key in (None, fact.handoff_reason),
        "topic": lambda fact: bool(fact.topics) and (key is None or fact.topics.get(key, 0) > 0),
        "unclear": lambda fact: fact.unclear > 0,
        "satisfaction": lambda fact: bool(fact.scores) and (key is None or int(key) in fact.scores),
        "answers": lambda fact: (fact.helpful > 0 if key == "helpful" else fact.unhelpful > 0 if key == "unhelpful"
                                 else fact.helpful + fact.unhelpful > 0),
        "waited": lambda fact: bool(fact.waits),
    }
    return tests[drill.metric]


def conversations(facts: Dict[str, Fact], drill: Drill) -> List[Fact]:
    """The conversations behind the number ``drill`` names, oldest first."""
    test = _behind(drill)
    found = [fact for fact in facts.values() if test(fact)
             and (drill.day is None or fact.day == drill.day)
             and (drill.language is None or fact.language == drill.language)]
    return sorted(found, key=lambda fact: (fact.started_at, fact.id))


def row(fact: Fact) -> Dict[str, Any]:
    """A conversation of a drill-down list (no message text): ``conversation_id``, ``started_at``,
    ``language``, ``state``, ``handoff_reason``, ``topics`` (intents), ``unclear``, ``scores``,
    ``helpful``, ``unhelpful``, ``waits`` (seconds)."""
    return {"conversation_id": fact.id, "started_at": fact.started_at.isoformat(), "language": fact.language,
            "state": fact.state, "handoff_reason": fact.handoff_reason, "topics": sorted(fact.topics),
            "unclear": fact.unclear, "scores": sorted(fact.scores), "helpful": fact.helpful,
            "unhelpful": fact.unhelpful, "waits": fact.waits}
