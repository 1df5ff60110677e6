"""Scoring a trained model's intents on sets of messages it was not trained on (Rasa's environment).

Shared by the training gate's evaluation (``bot/evaluate_model.py``) and the NLU tests and report
(``tests/nlu/``). The rules of a right answer and the floors are in ``bot/nlu_floors.py``.

*Classifier*: the likeliest intent other than ``nlu_fallback`` is right. *Answered right*: the
message gets the right answer without a clarifying question, i.e. the ``FallbackClassifier`` did not
step in (config.yml threshold) and the intent is right. Rasa is imported only when a model is loaded.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import yaml

from bot.nlu_floors import (CONFIDENT, FALLBACK, MAX_CONFIDENTLY_WRONG, MIN_ACCURACY, MULTI_SEPARATOR, floor_of,
                            matches, parts)

ROOT = Path(__file__).resolve().parents[1]
MESSAGE_ID_CHARS = 16  # 64 bits: no two messages of a set of thousands share one


@dataclass(frozen=True)
class Outcome:
    """One message: its language, expected and predicted intents."""

    language: str
    expected: str
    classified: str  # likeliest intent other than nlu_fallback (may be "a+b")
    answered: str  # what the bot acts on (may be nlu_fallback or "a+b")
    confidence: float = 1.0  # of ``answered``

    @property
    def classified_right(self) -> bool:
        return matches(self.expected, self.classified)

    @property
    def answered_right(self) -> bool:
        return matches(self.expected, self.answered)

    @property
    def confidently_wrong(self) -> bool:
        return (self.answered != FALLBACK and not self.answered_right
                and self.confidence >= CONFIDENT)


def set_messages(folder: Path) -> List[Tuple[str, str, str]]:
    """``[(text, intent, language)]`` of a folder of ``<lang>.yml`` files (YAML lists of
    ``{text, intent}``); [] when the folder is absent."""
    messages = []
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        messages += [(str(item["text"]), str(item["intent"]), path.stem) for item in items]
    return messages


def set_key(folder: Path) -> bytes:
    """The key of a message set's ids: the SHA-256 of its files' bytes. Only who holds the set can
    compute an id from a guessed text, and an edited set gets new ids (an old evaluation then no
    longer pairs with a new one)."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def set_version(key: bytes) -> str:
    """A public name of the set version ``key`` belongs to (does not reveal the key)."""
    return hashlib.sha256(b"set version\0" + key).hexdigest()[:MESSAGE_ID_CHARS]


def message_ids(messages: Sequence[Tuple[str, str, str]], key: bytes) -> List[str]:
    """An opaque id per ``(text, intent, language)``: HMAC-SHA-256 (``key``) of language and text,
    hex, truncated to ``MESSAGE_ID_CHARS``; the n-th repeat of a message gets ``#n``. The same
    message of the same set version always gets the same id; the text cannot be read back."""
    seen: Dict[str, int] = defaultdict(int)
    ids = []
    for text, _, language in messages:
        raw = hmac.new(key, f"{language}\0{text}".encode("utf-8"), hashlib.sha256).hexdigest()[:MESSAGE_ID_CHARS]
        seen[raw] += 1
        ids.append(raw if seen[raw] == 1 else f"{raw}#{seen[raw]}")
    return ids


def load_agent(model: Path):
    """Load the trained model (raises FileNotFoundError if it does not exist: run ``make train``)."""
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # else every parse is logged, message text included

    if not model.exists():
        raise FileNotFoundError(f"{model} does not exist: run `make train`")
    return Agent.load(str(model))


def _relabel(intent: str, labels: Dict[str, str]) -> str:
    return MULTI_SEPARATOR.join(labels.get(part, part) for part in parts(intent))


PARSE_SECONDS: List[float] = []  # time of each parse in this process, for the latency line


def parse_all(agent, texts: Sequence[str]) -> List[Dict]:
    """Rasa's parse result of each text (the time each took is appended to PARSE_SECONDS)."""

    async def run() -> List[Dict]:
        results = []
        for text in texts:
            started = time.perf_counter()
            results.append(await agent.parse_message(text))
            PARSE_SECONDS.append(time.perf_counter() - started)
        return results

    return asyncio.run(run())


def fallback_thresholds() -> Tuple[float, float]:
    """(threshold, ambiguity_threshold) of the FallbackClassifier in config.yml."""
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    for component in config["pipeline"]:
        if component["name"] == "FallbackClassifier":
            return float(component.get("threshold", 0.3)), float(component.get("ambiguity_threshold", 0.1))
    return 0.0, 0.0


def outcomes_of(parsed: Sequence[Dict], messages: Sequence[Tuple[str, str, str]],
                labels: Optional[Dict[str, str]] = None, threshold: Optional[float] = None
                ) -> List[Outcome]:
    """Outcomes of parse results; ``threshold`` re-applies the fallback at another threshold (and
    config.yml's ambiguity threshold), to calibrate it without retraining: the ranking stays the same."""
    labels = labels or {}
    ambiguity = fallback_thresholds()[1] if threshold is not None else 0.0
    outcomes = []
    for result, (_, expected, language) in zip(parsed, messages):
        ranking = [guess for guess in result.get("intent_ranking") or [] if guess["name"] != FALLBACK]
        top = ranking[0] if ranking else {"name": FALLBACK, "confidence": 0.0}
        classified = top["name"]
        if threshold is None:
            answered, confidence = result["intent"]["name"], float(result["intent"].get("confidence") or 0)
        else:
            second = ranking[1]["confidence"] if len(ranking) > 1 else 0.0
            unsure = top["confidence"] < threshold or top["confidence"] - second < ambiguity
            answered, confidence = (FALLBACK, threshold) if unsure else (classified, top["confidence"])
        outcomes.append(Outcome(language, expected, _relabel(classified, labels), _relabel(answered, labels),
                                confidence))
    return outcomes


def classify(agent, messages: Iterable[Tuple[str, str, str]], labels: Optional[Dict[str, str]] = None
             ) -> List[Outcome]:
    """Parse each ``(text, expected intent, language)``; map predictions through ``labels``."""
    messages = list(messages)
    return outcomes_of(parse_all(agent, [text for text, _, _ in messages]), messages, labels)


def accuracy(outcomes: Sequence[Outcome], answered: bool = False) -> float:
    """Share of ``outcomes`` whose (answered or classified) intent is the expected one."""
    if not outcomes:
        return 0.0
    return sum(o.answered_right if answered else o.classified_right for o in outcomes) / len(outcomes)


def confidently_wrong(outcomes: Sequence[Outcome]) -> float:
    """Share of ``outcomes`` answered with a wrong intent at confidence >= CONFIDENT."""
    return sum(o.confidently_wrong for o in outcomes) / len(outcomes) if outcomes else 0.0


def recall_by_intent(outcomes: Sequence[Outcome]) -> Dict[str, Tuple[int, float]]:
    """``{expected intent: (messages, share answered right)}``."""
    groups: Dict[str, List[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.expected].append(outcome)
    return {intent: (len(group), accuracy(group, answered=True)) for intent, group in sorted(groups.items())}


def floor_failures(outcomes: Sequence[Outcome]) -> List[str]:
    """Every floor (``bot/nlu_floors.py``) a set of outcomes misses, one line each; [] when all are met."""
    failures = []
    for language in sorted({o.language for o in outcomes}):
        subset = [o for o in outcomes if o.language == language]
        if accuracy(subset, answered=True) < MIN_ACCURACY:
            failures.append(f"{language}: accuracy {accuracy(subset, answered=True):.3f} < {MIN_ACCURACY}")
        if confidently_wrong(subset) > MAX_CONFIDENTLY_WRONG:
            failures.append(f"{language}: confidently wrong {confidently_wrong(subset):.3f} "
                            f"> {MAX_CONFIDENTLY_WRONG}")
        for intent, (count, recall) in recall_by_intent(subset).items():
            if recall < floor_of(intent):
                failures.append(f"{language}: {intent} recall {recall:.2f} ({count} messages) "
                                f"< {floor_of(intent)}")
    return failures
