"""The repo's training data as the intent editor reads it: example files per language, the domain's
intents and entities, and the comment at the top of each file (kept in the export)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List

import yaml

import contract

LANGUAGES = tuple(contract.languages())
STUDIO_FILE = "studio"  # data/nlu/<lang>/studio.yml: examples made in the studio


@dataclass(frozen=True)
class RepoExample:
    """One example of the repo: its language, file (stem), intent and text, as written."""

    language: str
    file: str
    intent: str
    text: str


def nlu_dir(root: Path) -> Path:
    """``data/nlu`` of the project at ``root``."""
    return root / "data" / "nlu"


def language_files(root: Path, language: str) -> List[Path]:
    """The example files of ``language`` (``data/nlu/<language>/*.yml``), sorted by name."""
    return sorted((nlu_dir(root) / language).glob("*.yml"))


def examples(path: Path, language: str) -> List[RepoExample]:
    """The intent examples of one file, in file order (lookup tables, synonyms and regexes are not
    examples; the export copies them from the repo). Raises OSError, yaml.YAMLError, ValueError."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found: List[RepoExample] = []
    for item in data.get("nlu") or []:
        if not isinstance(item, dict) or "intent" not in item:
            continue
        lines = item.get("examples") or ""
        if not isinstance(lines, str):
            raise ValueError(f"{path.name}: examples of {item['intent']} are not a block")
        for line in lines.splitlines():
            line = line.strip()
            if line.startswith("- "):
                found.append(RepoExample(language, path.stem, str(item["intent"]), line[2:]))
    return found


def other_items(path: Path) -> List[dict]:
    """The items of one file that are not intent examples (lookup tables, synonyms, regexes)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [item for item in data.get("nlu") or [] if not (isinstance(item, dict) and "intent" in item)]


def header(path: Path) -> str:
    """The comment lines at the top of a file (with their line breaks); "" when there are none."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines)


def _domain(root: Path) -> List[dict]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for path in sorted((root / "bot" / "domain").glob("*.yml"))]


def domain_intents(root: Path) -> List[str]:
    """The intents of the repo's domain (``bot/domain/*.yml``), in file order."""
    names: List[str] = []
    for data in _domain(root):
        for item in data.get("intents") or []:
            name = next(iter(item)) if isinstance(item, dict) else str(item)
            if name not in names:
                names.append(name)
    return names


def domain_entities(root: Path) -> List[str]:
    """The entities of the repo's domain."""
    names: List[str] = []
    for data in _domain(root):
        for item in data.get("entities") or []:
            names.append(next(iter(item)) if isinstance(item, dict) else str(item))
    return names


def repo_examples(root: Path) -> Dict[str, List[RepoExample]]:
    """Every intent example of the repo, per language."""
    return {language: [example for path in language_files(root, language) for example in examples(path, language)]
            for language in LANGUAGES}
