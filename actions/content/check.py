"""Check every text the bot can say: required fields, both languages, plain language, jargon.

Usage::

    python -m actions.content.check [INCIDENT.yml ...]

Without arguments it checks every notice in ``data/incidents/``. It always checks the advice
(``data/advice/categories.yml``), the phrases of the actions (``data/content/phrases.yml``) and of
the front door (``data/content/frontdoor.yml``), the texts of the chat widget, the agent console and
the comms studio (``data/content/ui.yml``: both languages and placeholders; plain language for the
widget only, the console and the studio are for staff), and the responses of ``bot/domain/``. Prints one line per problem (``file: field: message``) and exits 1 when there is any,
else prints the lowest scores and exits 0.

Rules (see ``actions/content/readability.py`` for the formulas and their sources):
- every response has a German variation (condition ``language = de``) and an English one without
  condition; every phrase has the same ``{placeholders}`` in both languages;
- reading ease >= 60 (Flesch for English, Amstad for German) for texts of 40+ words; shorter texts
  are pooled per notice section, per response and per phrase group, and a pool is judged once it
  reaches 40 words;
- at most 15 words per sentence on average, per text;
- no jargon from ``data/content/jargon.yml``; the error names the plain words to use;
- sentence ends, stray answer words ("Yes." in the middle of an answer), first answers of at most
  60 words, and joins in the answers the actions compose (``actions/content/composed.py``).
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

import yaml
from pydantic import BaseModel

from actions.config import ROOT
from actions.content.fill import placeholder_names, plain_placeholders
from actions.content.loader import ContentError, load, load_incident
from actions.content.models import LANGUAGES, AdviceCatalogue, FrontDoorPhrases, LocalizedText, Phrases, Strict
from actions.content import composed, readability
from actions.content.readability import JargonTerm

DOMAIN_DIR = ROOT / "bot" / "domain"
INCIDENTS_DIR = ROOT / "data" / "incidents"
ADVICE_FILE = ROOT / "data" / "advice" / "categories.yml"
PHRASES_FILE = ROOT / "data" / "content" / "phrases.yml"
JARGON_FILE = ROOT / "data" / "content" / "jargon.yml"
FRONT_DOOR_FILE = ROOT / "data" / "content" / "frontdoor.yml"
UI_FILE = ROOT / "data" / "content" / "ui.yml"


class PageTexts(Strict):
    """``data/content/ui.yml``: what the widget (customers), the console (agents) and the studio (the
    comms team) show themselves."""

    widget: Dict[str, LocalizedText]
    canned: Dict[str, LocalizedText]
    console: Dict[str, LocalizedText]
    studio: Dict[str, LocalizedText]
    intents: Dict[str, LocalizedText]  # the console's plain names of the bot's intents
    studio_api: Dict[str, LocalizedText]  # the studio API's errors and the checks' messages (served, not bundled)
    insights: Dict[str, LocalizedText]  # the studio's insights page and its API (handoff/insights)
    activation: Dict[str, LocalizedText]  # what the model activation routes answer (handoff/activation)
    studio_nav: Dict[str, LocalizedText]  # the studio pages' nav (bundled; pages and roles: data/contract.json)


@dataclass
class Text:
    """One text to check: where it is, its pool for reading ease, its language."""

    where: str  # "file: field"
    pool: str
    language: str
    text: str
    judge: bool = True  # False for labels and button titles: too short for any formula
    sentence: bool = False  # True for prose: it must end a sentence (composed.prose_problems)


@dataclass
class Report:
    """Problems found and the scores measured."""

    problems: List[str] = field(default_factory=list)
    scores: Dict[str, List[Tuple[float, str]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, where: str, message: str) -> None:
        """Record one problem at ``where`` ("file: field")."""
        self.problems.append(f"{where}: {message}")


def _display(path: Path) -> str:
    """``path`` relative to the project when inside it, else as given."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _texts_of_model(model: BaseModel, file: Path, prefix: str = "") -> Iterator[Tuple[str, LocalizedText]]:
    """Yield ``(dotted field, LocalizedText)`` for every localized text inside ``model``."""
    def walk(value: object, path: str) -> Iterator[Tuple[str, LocalizedText]]:
        if isinstance(value, LocalizedText):
            yield path, value
        elif isinstance(value, BaseModel):
            for name in value.__fields__:
                yield from walk(getattr(value, name), f"{path}.{name}" if path else name)
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, f"{path}.{key}" if path else str(key))
    yield from walk(model, prefix)


# Names, postal addresses and opening hours are not prose: reading-ease formulas say nothing about them.
NOT_PROSE = {"name", "address", "hours"}
# Names, addresses and the headline (a title) need no full stop; the hours do: answers go on after them.
NOT_SENTENCES = {"name", "address", "headline"}


def notice_texts(path: Path, report: Report) -> List[Text]:
    """Validate one incident notice and return its texts (pooled per top-level section)."""
    try:
        incident = load_incident(path)
    except ContentError as error:
        report.problems.extend(str(error).splitlines())
        return []
    texts = []
    for dotted, value in _texts_of_model(incident, path):
        for language in LANGUAGES:
            texts.append(Text(f"{_display(path)}: {dotted}.{language}",
                              f"{path.name}:{dotted.split('.')[0]}", language, value.get(language),
                              judge=dotted.split(".")[-1] not in NOT_PROSE,
                              sentence=dotted.split(".")[-1] not in NOT_SENTENCES))
    return texts


def advice_texts(report: Report) -> List[Text]:
    """Validate the advice catalogue and return its texts (labels are not scored)."""
    try:
        catalogue = load(ADVICE_FILE, AdviceCatalogue)
    except ContentError as error:
        report.problems.extend(str(error).splitlines())
        return []
    texts = []
    where = _display(ADVICE_FILE)
    for key, advice in catalogue.categories.items():
        for language in LANGUAGES:
            texts.append(Text(f"{where}: categories.{key}.advice.{language}", f"advice:{key}",
                              language, advice.advice.get(language), sentence=True))
            texts.append(Text(f"{where}: categories.{key}.label.{language}", "labels", language,
                              advice.label.get(language), judge=False))
    for key, group in catalogue.groups.items():
        texts += [Text(f"{where}: groups.{key}.label.{language}", "labels", language, group.label.get(language),
                       judge=False) for language in LANGUAGES]
    return texts


# Phrases that are labels (buttons, the speakers in a transcript), not sentences.
LABEL_PREFIXES = ("button_", "transcript_", "date_")  # labels and date parts: not prose


def phrase_texts(report: Report, path: Optional[Path] = None, model=Phrases) -> List[Text]:
    """Validate a phrases file (same placeholders in both languages) and return its texts.

    ``path`` defaults to the actions' phrases; ``model`` is its schema.
    """
    path = path or PHRASES_FILE
    try:
        phrases = load(path, model)
    except ContentError as error:
        report.problems.extend(str(error).splitlines())
        return []
    where = _display(path)
    texts = []
    for key, phrase in phrases.phrases.items():
        try:
            en, de = placeholder_names(phrase.en), placeholder_names(phrase.de)
        except ValueError as error:
            report.add(f"{where}: phrases.{key}", f"broken {{placeholder}}: {error}")
            continue
        if en != de:
            report.add(f"{where}: phrases.{key}",
                       f"placeholders differ: en has {sorted(en)}, de has {sorted(de)}")
        if not (plain_placeholders(phrase.en) and plain_placeholders(phrase.de)):
            report.add(f"{where}: phrases.{key}", "a {placeholder} must be a plain name (actions/content/fill.py)")
        is_label = key.startswith(LABEL_PREFIXES)
        for language in LANGUAGES:
            texts.append(Text(f"{where}: phrases.{key}.{language}", f"phrases:{key.split('_')[0]}",
                              language, readability.fill_placeholders(phrase.get(language)),
                              judge=not is_label))
            for problem in [] if is_label else composed.frame_problems(phrase.get(language), language):
                report.add(f"{where}: phrases.{key}.{language}", problem)
    for key, topic in getattr(phrases, "topics", {}).items():
        for language in LANGUAGES:
            texts.append(Text(f"{where}: topics.{key}.{language}", "topics", language,
                              topic.get(language), judge=False))
    return texts


def ui_texts(report: Report, path: Optional[Path] = None) -> List[Text]:
    """Validate the pages' texts (both languages, same ``{placeholders}``); return the widget's texts,
    which customers read (the console's and the studio's are for staff and keep words like "intent")."""
    path = path or UI_FILE
    try:
        texts = load(path, PageTexts)
    except ContentError as error:
        report.problems.extend(str(error).splitlines())
        return []
    where = _display(path)
    found = []
    for section in ("widget", "canned", "console", "studio", "intents", "studio_api", "insights", "activation",
                    "studio_nav"):
        for key, text in getattr(texts, section).items():
            en, de = placeholder_names(text.en), placeholder_names(text.de)
            if en != de:
                report.add(f"{where}: {section}.{key}",
                           f"placeholders differ: en has {sorted(en)}, de has {sorted(de)}")
            if section == "widget":
                found += [Text(f"{where}: widget.{key}.{language}", "ui:widget", language,
                               readability.fill_placeholders(text.get(language))) for language in LANGUAGES]
    return found


def _is_german(variation: dict) -> bool:
    return any(isinstance(c, dict) and c.get("type") == "slot" and c.get("name") == "language"
               and str(c.get("value")).lower() == "de" for c in variation.get("condition") or [])


def response_texts(report: Report) -> Tuple[List[Text], set]:
    """Check that every response exists in both languages; return its texts and the domain intents."""
    texts: List[Text] = []
    intents: set = set()
    for path in sorted(DOMAIN_DIR.glob("*.yml")):
        domain = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        intents.update(item if isinstance(item, str) else next(iter(item)) for item in domain.get("intents", []))
        where = _display(path)
        for name, variations in (domain.get("responses") or {}).items():
            german = [v for v in variations if _is_german(v)]
            default = [v for v in variations if not v.get("condition")]
            if not german:
                report.add(f"{where}: responses.{name}", "no German variation (condition language = de)")
            if not default:
                report.add(f"{where}: responses.{name}", "no English variation without condition")
            for variation in variations:
                language = "de" if _is_german(variation) else "en"
                if not str(variation.get("text") or "").strip():
                    report.add(f"{where}: responses.{name}", f"a {language} variation has no text")
                    continue
                texts.append(Text(f"{where}: responses.{name}.{language}", f"response:{name}",
                                  language, readability.fill_placeholders(variation["text"]), sentence=True))
                for button in variation.get("buttons") or []:
                    texts.append(Text(f"{where}: responses.{name}.buttons.{language}", "buttons",
                                      language, str(button.get("title", "")), judge=False))
                if len(german) and len(default) and \
                        len(german[0].get("buttons") or []) != len(default[0].get("buttons") or []):
                    report.add(f"{where}: responses.{name}", "German and English have different buttons")
    return texts, intents


def load_jargon() -> Dict[str, List[JargonTerm]]:
    """Read ``data/content/jargon.yml`` as ``{language: [JargonTerm]}``."""
    data = yaml.safe_load(JARGON_FILE.read_text(encoding="utf-8"))
    return {language: [JargonTerm(**entry) for entry in data.get(language, [])] for language in LANGUAGES}


def check_texts(texts: Sequence[Text], jargon: Dict[str, List[JargonTerm]], report: Report) -> None:
    """Apply sentence length, jargon and reading-ease rules to ``texts``."""
    pools: Dict[Tuple[str, str], List[Text]] = defaultdict(list)
    for where, problem in composed.check_prose([(item.where, item.language, item.text)
                                                for item in texts if item.sentence]):
        report.add(where, problem)
    for item in texts:
        for term in readability.jargon_in(item.text, jargon[item.language]):
            hint = " or explain it in the same text" if term.explain else ""
            report.add(item.where, f"jargon {term.term!r}: say {term.instead!r}{hint}")
        if not item.judge:
            continue
        per_sentence = readability.words_per_sentence(item.text)
        if per_sentence > readability.MAX_WORDS_PER_SENTENCE:
            report.add(item.where, f"sentences average {per_sentence:.1f} words; keep them to "
                                   f"{readability.MAX_WORDS_PER_SENTENCE:.0f} or fewer")
        score = readability.judge(item.text, item.language)
        if score is None:
            pools[(item.pool, item.language)].append(item)
        else:
            _score(item.where, score, item.language, report)
    # Pools still under 40 words are merged per file, so that no text escapes the measure.
    leftovers: Dict[Tuple[str, str], List[Text]] = defaultdict(list)
    for (pool, language), members in pools.items():
        if _judge_pool(members, language, f"short texts of {pool.split(':', 1)[-1]}", report) is None:
            leftovers[(members[0].where.split(":")[0], language)] += members
    for (file, language), members in leftovers.items():
        _judge_pool(members, language, "remaining short texts", report, force=True)


def _judge_pool(members: List[Text], language: str, label: str, report: Report,
                force: bool = False) -> Optional[float]:
    """Score the pooled ``members``; None when they are under 40 words (unless ``force``)."""
    pooled = " ".join(member.text if member.text.rstrip()[-1:] in ".!?:" else member.text + "."
                      for member in members)
    if readability.word_count(pooled) < readability.MIN_WORDS and not force:
        return None
    where = members[0].where if len(members) == 1 else \
        f"{members[0].where.split(':')[0]}: {len(members)} {label} ({language})"
    score = readability.reading_ease(pooled, language)
    _score(where, score, language, report)
    return score


def _score(where: str, score: float, language: str, report: Report) -> None:
    report.scores[language].append((score, where))
    if score < readability.MIN_READING_EASE:
        formula = "Flesch reading ease" if language == "en" else "Amstad reading ease"
        report.add(where, f"{formula} {score:.0f} is below {readability.MIN_READING_EASE:.0f}: "
                          "use shorter sentences and shorter words")


def run(incident_paths: Sequence[Path]) -> Report:
    """Check ``incident_paths`` plus advice, phrases and responses; return the report."""
    report = Report()
    texts: List[Text] = []
    for path in incident_paths:
        texts += notice_texts(path, report)
    texts += advice_texts(report)
    texts += phrase_texts(report)
    texts += phrase_texts(report, FRONT_DOOR_FILE, FrontDoorPhrases)
    texts += ui_texts(report)
    responses, intents = response_texts(report)
    texts += responses
    try:
        phrases = load(PHRASES_FILE, Phrases)
        unknown = sorted(set(phrases.topics) - intents)
        if unknown:
            report.add(f"{_display(PHRASES_FILE)}: topics", f"not intents of the domain: {unknown}")
    except ContentError:
        pass  # already reported by phrase_texts
    check_texts(texts, load_jargon(), report)
    for where, problem in composed.check_files(incident_paths, FRONT_DOOR_FILE, ADVICE_FILE, PHRASES_FILE, _display):
        report.add(where, problem)
    return report


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m actions.content.check",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("incidents", nargs="*", type=Path,
                        help="incident notices to check (default: data/incidents/*.yml)")
    args = parser.parse_args(argv)
    paths = [path.resolve() for path in args.incidents] or sorted(INCIDENTS_DIR.glob("*.yml"))
    report = run(paths)
    for problem in report.problems:
        print(problem)
    if report.problems:
        print(f"{len(report.problems)} problem(s) found", file=sys.stderr)
        return 1
    for language, scores in sorted(report.scores.items()):
        lowest, where = min(scores)
        print(f"{language}: {len(scores)} texts or pools scored, lowest reading ease {lowest:.0f} ({where})")
    print(f"content OK: {len(paths)} incident notice(s), advice, phrases of the bot and the front door, page texts, responses")
    return 0


if __name__ == "__main__":
    sys.exit(main())
