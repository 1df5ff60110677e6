"""The figures the training gate needs from one model (run in the bot's environment, Rasa 3.6):

    python -m bot.evaluate_model --model models/x.tar.gz --out evaluation.json \
        [--blind tests/nlu_blind] [--validation tests/nlu_validation]

writes ``{"sets": {"blind": S, "validation": S}}`` where ``S`` is ``{"languages": {lang: {"n", "accuracy",
"confidently_wrong"}}, "intents": {lang: {intent: {"n", "recall"}}}}`` computed with
``bot/nlu_evaluation.py`` ("answered right" recall, confidently wrong as ``bot/nlu_floors.py`` defines it).
The validation set also gets ``"messages"``: ``[{"language", "text", "expected", "answered",
"confidence"}]``, so the gate can show which predictions changed. The blind set NEVER gets its
messages written anywhere: showing them would unblind it. It gets ``"version"`` (a name of the set's
current content) and ``"outcomes"``: ``[{"id", "language", "expected", "answered", "right",
"confidently_wrong"}]``, one per message, keyed by an opaque id (``nlu_evaluation.message_ids``: an
HMAC of language and text under a key only the set's holder can compute), so the gate can compare two
models on the same messages (paired) without any text.
Exit status 0, or 1 with a message on stderr (model missing, set empty).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from bot import nlu_evaluation as evaluate


def summary(outcomes: Sequence[evaluate.Outcome]) -> Dict:
    """Per-language and per-intent figures of ``outcomes`` (no message text)."""
    languages: Dict[str, Dict] = {}
    intents: Dict[str, Dict] = defaultdict(dict)
    for language in sorted({o.language for o in outcomes}):
        subset = [o for o in outcomes if o.language == language]
        languages[language] = {"n": len(subset), "accuracy": round(evaluate.accuracy(subset, answered=True), 4),
                               "confidently_wrong": round(evaluate.confidently_wrong(subset), 4)}
        for intent, (count, recall) in evaluate.recall_by_intent(subset).items():
            intents[language][intent] = {"n": count, "recall": round(recall, 4)}
    return {"languages": languages, "intents": dict(intents)}


def evaluate_model(model: Path, blind: Path, validation: Path) -> Dict:
    """Load ``model`` once and score both sets."""
    agent = evaluate.load_agent(model)
    result: Dict = {"sets": {}}
    for name, folder in (("blind", blind), ("validation", validation)):
        messages = evaluate.set_messages(folder)
        if not messages:
            raise FileNotFoundError(f"{folder}: no messages")
        outcomes = evaluate.classify(agent, messages)
        result["sets"][name] = summary(outcomes)
        if name == "blind":
            key = evaluate.set_key(folder)
            result["sets"][name]["version"] = evaluate.set_version(key)
            result["sets"][name]["outcomes"] = [
                {"id": message_id, "language": outcome.language, "expected": outcome.expected,
                 "answered": outcome.answered, "right": outcome.answered_right,
                 "confidently_wrong": outcome.confidently_wrong}
                for message_id, outcome in zip(evaluate.message_ids(messages, key), outcomes)]
        if name == "validation":
            result["sets"][name]["messages"] = [
                {"language": language, "text": text, "expected": expected, "answered": outcome.answered,
                 "confidence": round(outcome.confidence, 4)}
                for (text, expected, language), outcome in zip(messages, outcomes)]
    return result


def main(argv: Optional[List[str]] = None) -> int:
    """Evaluate, write the JSON file; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--blind", type=Path, default=evaluate.ROOT / "tests" / "nlu_blind")
    parser.add_argument("--validation", type=Path, default=evaluate.ROOT / "tests" / "nlu_validation")
    args = parser.parse_args(argv)
    try:
        result = evaluate_model(args.model, args.blind, args.validation)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    args.out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
