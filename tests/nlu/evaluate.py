"""Intent accuracy of the trained model on message sets it was not trained on.

Used by ``tests/nlu/test_accuracy.py`` (held-out set, must reach ``MIN_ACCURACY``) and as a report:

    python -m tests.nlu.evaluate [--model models/breach-assistant.tar.gz]

which prints per-intent figures for the held-out sets and for ``../shared/eval/dev_messages.yml``
(customer messages written in the style real customers write; never used for training).

Two accuracies are given. *Classifier*: the likeliest intent other than ``nlu_fallback`` is right.
*Answered right*: the message gets the right answer without a clarifying question, i.e. the
``FallbackClassifier`` did not step in (config.yml threshold) and the intent is right.
"""
from __future__ import annotations

import argparse
import asyncio
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import yaml

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "breach-assistant.tar.gz"
HELDOUT = {"en": ROOT / "tests" / "nlu_heldout" / "en.yml", "de": ROOT / "tests" / "nlu_heldout" / "de.yml"}
DEV_MESSAGES = ROOT.parent / "shared" / "eval" / "dev_messages.yml"
MIN_ACCURACY = 0.85
# The development set labels suspicious messages and misuse that happened with one intent; the bot
# separates them because only misuse goes to a person.
DEV_LABELS = {"report_phishing": "report_fraud_or_phishing", "report_fraud": "report_fraud_or_phishing"}


@dataclass(frozen=True)
class Outcome:
    """One message: its language, expected and predicted intents."""

    language: str
    expected: str
    classified: str  # likeliest intent other than nlu_fallback
    answered: str  # what the bot acts on (may be nlu_fallback)


def heldout_examples(language: str) -> List[Tuple[str, str]]:
    """``[(text, intent)]`` of the held-out set in ``language``, annotations removed."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(HELDOUT[language]))
    return [(example.get("text"), example.get("intent")) for example in data.intent_examples]


def dev_examples() -> List[Tuple[str, str, str]]:
    """``[(text, intent, language)]`` of the shared development set; [] when it is absent."""
    if not DEV_MESSAGES.exists():
        return []
    items = yaml.safe_load(DEV_MESSAGES.read_text(encoding="utf-8")) or []
    return [(item["text"], item["intent"], item["lang"]) for item in items]


def load_agent(model: Path = MODEL):
    """Load the trained model (raises if it does not exist: run ``make train``)."""
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # else every parse is logged, message text included

    if not model.exists():
        raise FileNotFoundError(f"{model} does not exist: run `make train`")
    return Agent.load(str(model))


def classify(agent, messages: Iterable[Tuple[str, str, str]], labels: Optional[Dict[str, str]] = None
             ) -> List[Outcome]:
    """Parse each ``(text, expected intent, language)``; map predictions through ``labels``."""
    labels = labels or {}

    async def parse_all() -> List[Outcome]:
        outcomes = []
        for text, expected, language in messages:
            parsed = await agent.parse_message(text)
            ranking = [guess["name"] for guess in parsed.get("intent_ranking") or []]
            classified = next((name for name in ranking if name != "nlu_fallback"), "nlu_fallback")
            answered = parsed["intent"]["name"]
            outcomes.append(Outcome(language, expected, labels.get(classified, classified),
                                    labels.get(answered, answered)))
        return outcomes

    return asyncio.run(parse_all())


def accuracy(outcomes: Sequence[Outcome], answered: bool = False) -> float:
    """Share of ``outcomes`` whose (answered or classified) intent is the expected one."""
    if not outcomes:
        return 0.0
    right = sum((o.answered if answered else o.classified) == o.expected for o in outcomes)
    return right / len(outcomes)


def report(title: str, outcomes: Sequence[Outcome]) -> str:
    """A printable table: per language and per intent, classifier and answered-right accuracy."""
    lines = [f"\n{title}"]
    for language in sorted({o.language for o in outcomes}):
        subset = [o for o in outcomes if o.language == language]
        fallbacks = sum(o.answered == "nlu_fallback" for o in subset)
        lines.append(f"  {language}: {len(subset)} messages, classifier accuracy {accuracy(subset):.3f}, "
                     f"answered right {accuracy(subset, answered=True):.3f}, "
                     f"clarifying questions {fallbacks}")
    by_intent: Dict[str, List[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_intent[outcome.expected].append(outcome)
    lines.append(f"  {'intent':28} {'n':>4} {'classifier':>10} {'answered':>9}  most frequent confusion")
    for intent in sorted(by_intent):
        group = by_intent[intent]
        wrong = Counter(o.classified for o in group if o.classified != intent).most_common(1)
        confusion = f"{wrong[0][0]} ({wrong[0][1]})" if wrong else ""
        lines.append(f"  {intent:28} {len(group):>4} {accuracy(group):>10.3f} "
                     f"{accuracy(group, answered=True):>9.3f}  {confusion}")
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Print the held-out and development-set reports."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    args = parser.parse_args(argv)
    agent = load_agent(args.model)
    heldout = classify(agent, [(text, intent, language) for language in HELDOUT
                               for text, intent in heldout_examples(language)])
    print(report("Held-out messages (tests/nlu_heldout)", heldout))
    dev = dev_examples()
    if dev:
        print(report(f"Development messages ({DEV_MESSAGES.name}, labels merged as the set defines them)",
                     classify(agent, dev, DEV_LABELS)))
    else:
        print(f"\n{DEV_MESSAGES} not found: development report skipped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
