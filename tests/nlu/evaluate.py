"""Intent accuracy of the trained model on message sets it was not trained on.

Used by ``tests/nlu/test_accuracy.py`` (held-out set, must reach ``MIN_ACCURACY``), by
``tests/nlu/test_blind_floors.py`` (per-intent floors on a blind set) and as a report:

    python -m tests.nlu.evaluate [--model M] [--set DIR ...]

which prints per-language and per-intent tables for the held-out sets, for every ``--set`` folder
(``<lang>.yml`` files holding a YAML list of ``{text, intent}``; without ``--set``: ``tests/nlu_blind/``
and the validation set ``tests/nlu_validation/``, where they exist) and
for ``../shared/eval/dev_messages.yml`` (customer messages written in the style real customers
write; never used for training).

The scoring (``bot/nlu_evaluation.py``) and the floors (``bot/nlu_floors.py``) live with the bot, whose
gate evaluation uses them too; this module adds the held-out and development sets and the report.
"""
from __future__ import annotations

import argparse
import statistics
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import yaml

from bot.nlu_evaluation import (PARSE_SECONDS, Outcome, accuracy, classify, confidently_wrong,  # noqa: F401
                                floor_failures, load_agent as _load_agent, outcomes_of, parse_all,
                                recall_by_intent, set_messages)
from bot.nlu_floors import (CONFIDENT, CRITICAL_INTENTS, CRITICAL_RECALL, FALLBACK,  # noqa: F401
                            MAX_CONFIDENTLY_WRONG, MIN_ACCURACY, MIN_RECALL, MULTI_SEPARATOR, floor_of, matches,
                            parts)

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "breach-assistant.tar.gz"
HELDOUT = {"en": ROOT / "tests" / "nlu_heldout" / "en.yml", "de": ROOT / "tests" / "nlu_heldout" / "de.yml"}
BLIND_DIR = ROOT / "tests" / "nlu_blind"
VALIDATION_DIR = ROOT / "tests" / "nlu_validation"
# shared/ sits beside the clone (CI, /work/main) or beside the worktrees' folder (/work/wt/<name>).
DEV_MESSAGES = next((path for path in (ROOT.parent / "shared" / "eval" / "dev_messages.yml",
                                       ROOT.parent.parent / "shared" / "eval" / "dev_messages.yml")
                     if path.exists()), ROOT.parent / "shared" / "eval" / "dev_messages.yml")
# The development set labels suspicious messages and misuse that happened with one intent; the bot
# separates them because only misuse goes to a person.
DEV_LABELS = {"report_phishing": "report_fraud_or_phishing", "report_fraud": "report_fraud_or_phishing"}


def heldout_examples(language: str) -> List[Tuple[str, str]]:
    """``[(text, intent)]`` of the held-out set in ``language``, annotations removed."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(HELDOUT[language]))
    return [(example.get("text"), example.get("intent")) for example in data.intent_examples]


def heldout_messages() -> List[Tuple[str, str, str]]:
    """``[(text, intent, language)]`` of both held-out sets."""
    return [(text, intent, language) for language in HELDOUT for text, intent in heldout_examples(language)]


def dev_examples() -> List[Tuple[str, str, str]]:
    """``[(text, intent, language)]`` of the shared development set; [] when it is absent."""
    if not DEV_MESSAGES.exists():
        return []
    items = yaml.safe_load(DEV_MESSAGES.read_text(encoding="utf-8")) or []
    return [(item["text"], item["intent"], item["lang"]) for item in items]


def load_agent(model: Path = MODEL):
    """Load the trained model (raises FileNotFoundError if it does not exist: run ``make train``)."""
    return _load_agent(model)


def unseen_outcomes(messages: Sequence[Tuple[str, str, str]], outcomes: Sequence[Outcome]) -> List[Outcome]:
    """The outcomes of messages that are not near-copies of a training example (tests/nlu/overlap.py)."""
    from tests.nlu import overlap

    probes = [overlap.Message(text, str(index)) for index, (text, _, _) in enumerate(messages)]
    near = {int(message.source) for message, _, _ in overlap.collisions(probes, overlap.training_examples())}
    return [outcome for index, outcome in enumerate(outcomes) if index not in near]


def report(title: str, outcomes: Sequence[Outcome]) -> str:
    """A printable table: per language, then per language and intent: classifier accuracy,
    answered right (recall), confidently wrong, most frequent confusion."""
    lines = [f"\n{title}"]
    languages = sorted({o.language for o in outcomes})
    for language in languages:
        subset = [o for o in outcomes if o.language == language]
        fallbacks = sum(o.answered == FALLBACK for o in subset)
        lines.append(f"  {language}: {len(subset)} messages, classifier accuracy {accuracy(subset):.3f}, "
                     f"answered right {accuracy(subset, answered=True):.3f}, "
                     f"confidently wrong {confidently_wrong(subset):.3f}, clarifying questions {fallbacks}")
    for language in languages:
        subset = [o for o in outcomes if o.language == language]
        by_intent: Dict[str, List[Outcome]] = defaultdict(list)
        for outcome in subset:
            by_intent[outcome.expected].append(outcome)
        lines.append(f"  [{language}] {'intent':28} {'n':>4} {'classifier':>10} {'answered':>9} "
                     f"{'conf.wrong':>10}  most frequent confusion")
        for intent in sorted(by_intent):
            group = by_intent[intent]
            wrong = Counter(o.classified for o in group if not o.classified_right).most_common(1)
            confusion = f"{wrong[0][0]} ({wrong[0][1]})" if wrong else ""
            lines.append(f"  [{language}] {intent:28} {len(group):>4} {accuracy(group):>10.3f} "
                         f"{accuracy(group, answered=True):>9.3f} {sum(o.confidently_wrong for o in group):>10}"
                         f"  {confusion}")
    return "\n".join(lines)


def calibration(parsed: Sequence[Dict], messages: Sequence[Tuple[str, str, str]],
                thresholds: Sequence[float]) -> str:
    """A table per threshold and language: shares answered right, answered wrong (any confidence),
    confidently wrong, and asked (clarifying question)."""
    lines = ["\nFallback threshold calibration (same model, fallback re-applied)",
             "  threshold  " + "  ".join(f"{lang}: right / wrong / conf.wrong / asked" for lang in
                                         sorted({m[2] for m in messages}))]
    for threshold in thresholds:
        outcomes = outcomes_of(parsed, messages, threshold=threshold)
        cells = []
        for language in sorted({o.language for o in outcomes}):
            subset = [o for o in outcomes if o.language == language]
            asked = sum(o.answered == FALLBACK for o in subset) / len(subset)
            wrong = 1 - accuracy(subset, answered=True) - asked
            cells.append(f"{accuracy(subset, answered=True):.3f} / {wrong:.3f} / "
                         f"{confidently_wrong(subset):.3f} / {asked:.3f}")
        lines.append(f"  {threshold:9.2f}  " + "  ".join(f"{cell:>38}" for cell in cells))
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Print the held-out, extra sets' and development-set reports."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--set", type=Path, action="append", default=[],
                        help="folder of <lang>.yml lists of {text, intent} (repeatable)")
    parser.add_argument("--calibrate", action="store_true",
                        help="also print accuracy and confident mistakes per fallback threshold")
    args = parser.parse_args(argv)
    # Without --set: the blind set and the validation set, where they exist.
    args.set = args.set or [folder for folder in (BLIND_DIR, VALIDATION_DIR) if folder.is_dir()]
    agent = load_agent(args.model)
    print(report("Held-out messages (tests/nlu_heldout)", classify(agent, heldout_messages())))
    for folder in args.set:
        messages = set_messages(folder)
        if not messages:
            print(f"\n{folder}: no messages, skipped")
            continue
        parsed = parse_all(agent, [text for text, _, _ in messages])
        outcomes = outcomes_of(parsed, messages)
        print(report(f"{folder}", outcomes))
        failures = floor_failures(outcomes)
        print("  floors: " + ("all met" if not failures else "; ".join(failures)))
        unseen = unseen_outcomes(messages, outcomes)
        for language in sorted({o.language for o in unseen}):
            subset = [o for o in unseen if o.language == language]
            total = sum(o.language == language for o in outcomes)
            print(f"  {language} without messages within 0.85 of a training example: {len(subset)} of {total}, "
                  f"answered right {accuracy(subset, answered=True):.3f}, "
                  f"confidently wrong {confidently_wrong(subset):.3f}")
        if args.calibrate:
            print(calibration(parsed, messages, [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7]))
    dev = dev_examples()
    if dev:
        print(report(f"Development messages ({DEV_MESSAGES.name}, labels merged as the set defines them)",
                     classify(agent, dev, DEV_LABELS)))
    else:
        print(f"\n{DEV_MESSAGES} not found: development report skipped")
    if len(PARSE_SECONDS) > 1:
        cuts = statistics.quantiles(PARSE_SECONDS, n=100)
        print(f"\nparse latency over {len(PARSE_SECONDS)} messages (in process, no HTTP): "
              f"p50 {cuts[49] * 1000:.1f} ms, p95 {cuts[94] * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
