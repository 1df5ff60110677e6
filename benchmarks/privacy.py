"""Privacy benchmark of the redaction: recall per category and ordinary messages changed wrongly.

    .venv-handoff/bin/python benchmarks/privacy.py [--corpus DIR]      (make bench-privacy)

The corpus folder (default ``benchmarks/privacy_corpus/``) holds two files, YAML or JSON:

- ``pii.yml``: a list of ``{text, lang, items: [{value, category}]}``: messages with personal data;
- ``ordinary.yml``: a list of ``{text, lang}``: messages without any, which must stay unchanged.

An item counts as found when its value no longer appears in the redacted text. Prints recall per
category and language, the share of ordinary messages changed, and the CPU time per message
(``time.process_time`` over the whole corpus, after a warm-up). Not a pass/fail test: the goals
(recall >= 0.95 per category, ordinary changed <= 2 %) are printed beside the figures. Message texts
are never printed, only counts, so the corpus can stay blind to the people tuning the recognizers.

NOTICE_CODE items are left in the text by the redactor on purpose; the front door masks them when
storing (``contract.notice_code.mask``) and sends Rasa a stand-in with a keyed hash, so their recall
is counted as stored.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Callable, Dict, List, Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handoff.redaction import Redactor  # noqa: E402

DEFAULT_CORPUS = ROOT / "benchmarks" / "privacy_corpus"
LANGUAGES = ("en", "de")
RECALL_GOAL = 0.95
CHANGED_GOAL = 0.02


def load(folder: Path, stem: str) -> List[dict]:
    """The list stored in ``folder/stem.yml`` (or ``.yaml`` / ``.json``)."""
    for suffix in (".yml", ".yaml", ".json"):
        path = folder / f"{stem}{suffix}"
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                data = json.load(handle) if suffix == ".json" else yaml.safe_load(handle)
            if not isinstance(data, list):
                raise SystemExit(f"{path}: expected a list of messages")
            return data
    raise SystemExit(
        f"no {stem}.yml, {stem}.yaml or {stem}.json in {folder}: the blind corpus is copied there at merge "
        "time; until then pass --corpus DIR (make bench-privacy CORPUS=DIR)"
    )


def store_mask() -> Optional[Callable[[str], str]]:
    """The notice-code masking the front door applies before storing (the shared contract's)."""
    from contract import notice_code

    return notice_code.mask


def fmt(found: int, total: int) -> str:
    return f"{found / total:6.3f} ({found:>3}/{total:<3})" if total else "     -          "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"folder with pii.yml and ordinary.yml (default: {DEFAULT_CORPUS.relative_to(ROOT)})")
    args = parser.parse_args()
    pii = load(args.corpus, "pii")
    ordinary = load(args.corpus, "ordinary")

    started = time.perf_counter()
    redactor = Redactor()
    build_seconds = time.perf_counter() - started
    mask = store_mask()

    texts = [(m["text"], m.get("lang", "en")) for m in pii] + [(m["text"], m.get("lang", "en")) for m in ordinary]
    for text, lang in texts[:50]:  # warm-up: regex caches, first-call costs
        redactor.redact(text, lang)
    cpu_started = time.process_time()
    wall_started = time.perf_counter()
    redacted = [redactor.redact(text, lang).text for text, lang in texts]
    cpu = time.process_time() - cpu_started
    wall = time.perf_counter() - wall_started
    pii_out, ordinary_out = redacted[: len(pii)], redacted[len(pii):]

    # recall[category][lang] = [found, total]; the same as stored (notice codes masked)
    recall: Dict[str, Dict[str, List[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    stored: Dict[str, Dict[str, List[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for message, out in zip(pii, pii_out):
        lang = message.get("lang", "en")
        out_stored = mask(out) if mask else out
        for item in message.get("items") or []:
            value, category = str(item["value"]), item["category"]
            for table, text in ((recall, out), (stored, out_stored)):
                cell = table[category][lang]
                cell[1] += 1
                cell[0] += value not in text

    print(f"corpus: {args.corpus}  ({len(pii)} messages with personal data, {len(ordinary)} ordinary)")
    print(f"redactor built in {build_seconds * 1000:.0f} ms")
    print()
    print(f"recall per category (goal >= {RECALL_GOAL}): an item is found when its value is gone from the redacted text")
    print(f"  {'category':<28} {'en':<18} {'de':<18} {'all':<18}")
    below = []
    for category in sorted(recall):
        cells = stored[category] if category == "NOTICE_CODE" and mask else recall[category]
        found = sum(c[0] for c in cells.values())
        total = sum(c[1] for c in cells.values())
        mark = "" if total and found / total >= RECALL_GOAL else "  <"
        if mark:
            below.append(category)
        row = "".join(f"{fmt(*cells[lang]) if lang in cells else fmt(0, 0):<18} " for lang in LANGUAGES)
        label = f"{category} (as stored)" if category == "NOTICE_CODE" and mask else category
        print(f"  {label:<28} {row}{fmt(found, total)}{mark}")
    counted = {c: (stored[c] if c == "NOTICE_CODE" and mask else recall[c]) for c in recall}
    all_found = sum(c[0] for cells in counted.values() for c in cells.values())
    all_total = sum(c[1] for cells in counted.values() for c in cells.values())
    print(f"  {'all items':<28} {'':<38}{fmt(all_found, all_total)}")
    print()
    print(f"ordinary messages changed wrongly (goal <= {CHANGED_GOAL:.0%}):")
    for lang in LANGUAGES:
        pairs = [(m["text"], out) for m, out in zip(ordinary, ordinary_out) if m.get("lang", "en") == lang]
        changed = sum(text != out for text, out in pairs)
        share = changed / len(pairs) if pairs else 0.0
        print(f"  {lang}: {share:6.1%} ({changed}/{len(pairs)}){'  >' if share > CHANGED_GOAL else ''}")
    print()
    per_message = cpu / len(texts) * 1000 if texts else 0.0
    print(f"CPU time per message: {per_message:.2f} ms (time.process_time over {len(texts)} messages; wall {wall / len(texts) * 1000:.2f} ms)")
    if below:
        print(f"below the recall goal: {', '.join(below)}")


if __name__ == "__main__":
    main()
