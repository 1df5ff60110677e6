"""Near-duplicates between training data and the messages that measure the bot.

A test message that (almost) repeats a training example measures memory, not understanding. This
module folds texts (case, umlauts, ß, whitespace) and compares every test message with every
training example by rapidfuzz's ``fuzz.ratio`` (normalised Indel similarity, 0-100) divided by 100.

    python -m tests.nlu.overlap            # list every test message within MAX_SIMILARITY

The test sets are the held-out sets (``tests/nlu_heldout/*.yml``), the blind sets
(``tests/nlu_blind/*.yml``, once the team lead adds them), the validation set that calibrates the
fallback threshold (``tests/nlu_validation/*.yml``) and the user texts of the test stories
(``tests/stories/*.yml``). Only texts are compared; this module never prints the blind set's
texts unless one of them collides with training data.
"""
from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, List, Optional, Sequence, Tuple

import yaml
from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parents[2]
TRAINING_DIRS = (ROOT / "data" / "nlu",)
HELDOUT_DIR = ROOT / "tests" / "nlu_heldout"
BLIND_DIR = ROOT / "tests" / "nlu_blind"
VALIDATION_DIR = ROOT / "tests" / "nlu_validation"
STORIES_DIR = ROOT / "tests" / "stories"
MAX_SIMILARITY = 0.85  # a test message this close to a training example is a copy

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")  # [text](entity) / [text]{...}
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, write umlauts as ae/oe/ue and ß as ss, collapse whitespace.

    "Ist mein Schlüssel  SICHER?" -> "ist mein schluessel sicher?"
    """
    text = unicodedata.normalize("NFC", text).casefold().translate(_FOLD)
    return _SPACES.sub(" ", text).strip()


def plain(text: str) -> str:
    """Remove Rasa entity annotations: "my code is [AB](notice_code)" -> "my code is AB"."""
    return _ANNOTATION.sub(r"\1", text)


@dataclass(frozen=True)
class Message:
    """A text and where it comes from (file, and intent when known)."""

    text: str
    source: str


def _examples_of_nlu_file(path: Path) -> List[Message]:
    """Intent examples of a Rasa NLU YAML file (``nlu: - intent: ... examples: |``)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    messages = []
    for block in data.get("nlu") or []:
        if "intent" not in block:
            continue  # regexes, lookups and synonyms are not messages
        for line in str(block.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                messages.append(Message(plain(line[2:].strip()), f"{path.relative_to(ROOT)} ({block['intent']})"))
    return messages


def training_examples(dirs: Sequence[Path] = TRAINING_DIRS) -> List[Message]:
    """Every intent example under ``dirs`` (``data/nlu/**.yml``)."""
    return [message for folder in dirs for path in sorted(folder.rglob("*.yml"))
            for message in _examples_of_nlu_file(path)]


def _examples_of_list_file(path: Path) -> List[Message]:
    """A blind or validation set: a YAML list of ``{text, intent}``."""
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [Message(str(item["text"]), f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}"
                    f" ({item.get('intent')})") for item in items]


def set_file_messages(path: Path) -> List[Message]:
    """Messages of one test set file, whichever of the two formats it has."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(data, list):
        return _examples_of_list_file(path)
    return _examples_of_nlu_file(path)


def story_user_texts(folder: Path = STORIES_DIR) -> List[Message]:
    """The ``user:`` texts of the test stories."""
    messages = []
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for story in data.get("stories") or []:
            for step in story.get("steps") or []:
                if "user" in step:
                    messages.append(Message(plain(str(step["user"]).strip()),
                                            f"{path.relative_to(ROOT)} ({story.get('story')})"))
    return messages


def suite_messages(blind_dir: Optional[Path] = BLIND_DIR) -> List[Message]:
    """Every message of every test set in the suite: held-out, blind (when present), validation,
    stories."""
    paths = sorted(HELDOUT_DIR.glob("*.yml"))
    if blind_dir is not None and blind_dir.is_dir():
        paths += sorted(blind_dir.glob("*.yml"))
    paths += sorted(VALIDATION_DIR.glob("*.yml"))
    return [message for path in paths for message in set_file_messages(path)] + story_user_texts()


def collisions(tests: Iterable[Message], training: Sequence[Message],
               threshold: float = MAX_SIMILARITY) -> List[Tuple[Message, Message, float]]:
    """``(test message, closest training example, similarity)`` for each test message whose
    folded text is within ``threshold`` (0-1) of a folded training example."""
    tests = list(tests)
    if not tests or not training:
        return []
    folded_training = [fold(example.text) for example in training]
    found = []
    for message in tests:
        best = process.extractOne(fold(message.text), folded_training, scorer=fuzz.ratio,
                                  score_cutoff=threshold * 100)
        if best is not None:
            _, score, index = best
            found.append((message, training[index], score / 100))
    return found


def describe(found: Sequence[Tuple[Message, Message, float]]) -> str:
    """A report telling what to do about each collision."""
    lines = [f"{len(found)} test messages repeat training data (similarity >= {MAX_SIMILARITY} after "
             "folding). Remove them from the test set; never copy test messages into training data:"]
    for message, example, score in found:
        lines.append(f"  {score:.2f}  test {message.text!r} [{message.source}]  ~  "
                     f"training {example.text!r} [{example.source}]")
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Print every collision; exit 1 when there is one."""
    found = collisions(suite_messages(), training_examples())
    print(describe(found) if found else "no test message repeats training data")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
