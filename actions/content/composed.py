"""Checks on what the customer reads once texts are put together: sentence ends, stray answer words,
and the answers the actions really compose for each topic.

Rules (issue 10, "Answers that fit"; used by ``python -m actions.content.check``):
- a text that customers read as prose ends a sentence: ``.``, ``!``, ``?``, or ``:`` before a list;
  a link or an e-mail address at the very end needs none (a full stop would look like part of it);
- no sentence is only an answer word ("Yes." / "Ja." / "No." / "Nein."): the bot never asked a
  question such a text could answer, so the word is a slip, wherever the text is joined in;
- the first answer to a topic (``ANSWER_ACTIONS``) is at most ``MAX_FIRST_ANSWER_WORDS`` words over
  all its bubbles; the rest sits behind "More detail";
- in every composed answer (first, "More detail", each advice group, the handoff) and in the front
  door's phrases filled with the notice's phone and hours, each joined part ends a sentence: a
  lower-case word followed by a word that only opens a sentence ("... German time We can") means a
  full stop is missing at a join.
"""
from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Sequence, Tuple

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.content import readability
from actions.content.loader import ContentError, load, load_incident
from actions.content.models import LANGUAGES, AdviceCatalogue, FrontDoorPhrases, Incident, Phrases

# About one 360 px phone screen of bubbles (issue 10); counted with readability.word_count.
MAX_FIRST_ANSWER_WORDS = 60
SENTENCE_ENDS = ".!?:…"
ANSWER_WORDS = frozenset({"yes", "no", "ja", "nein", "jein", "doch"})
_CLOSING = "\"'»«“”„)]"
_LINK_AT_END = re.compile(r"(https?://\S+|[^\s@]+@[^\s@]+\.[A-Za-z]{2,})$")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
# Words that start a sentence in the bot's texts and are never capitalised inside one. German "Sie"
# and "Ihr" are left out: the polite forms are capitalised anywhere.
_OPENERS = {
    "en": "We|You|Our|Or|If|It|Please|This|They|Someone|Then|So|Do|Call|Check|Be|Look|Type",
    "de": "Wir|Oder|Bitte|Vielleicht|Unser|Unsere|Das|Es|Wenn|Dann|Danach|Sobald|Rufen|Prüfen|Seien|Suchen",
}
_MISSING_STOP = {language: re.compile(r"[a-zäöüß0-9](\s+)(" + words + r")\b")
                 for language, words in _OPENERS.items()}


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with a sentence end (after closing quotes or brackets) or a link."""
    stripped = text.strip()
    if _LINK_AT_END.search(stripped):
        return True
    return stripped.rstrip(_CLOSING)[-1:] in tuple(SENTENCE_ENDS)


def stray_answer_words(text: str) -> List[str]:
    """The sentences of ``text`` that are only an answer word, e.g. ``["Yes."]``."""
    return [sentence for sentence in _SENTENCE_SPLIT.split(text.strip())
            if re.sub(r"[^\w]", "", sentence).lower() in ANSWER_WORDS]


def missing_stops(text: str, language: str) -> List[str]:
    """The places in ``text`` where a sentence starts without a full stop before it, as
    ``"...German time We can..."`` excerpts."""
    return [f"...{text[max(0, m.start() - 20):m.end() + 10]}..." for m in _MISSING_STOP[language].finditer(text)]


def prose_problems(text: str, language: str, whole: bool = True) -> List[str]:
    """The sentence-end and stray-word problems of one text; ``whole`` also checks its end."""
    problems = [f"stray {fragment!r}: say it as a statement, without an answer word"
                for fragment in stray_answer_words(text)]
    problems += [f"no full stop before a new sentence: {excerpt!r}" for excerpt in missing_stops(text, language)]
    if whole and not ends_sentence(text):
        problems.append(f"does not end a sentence ({text.strip()[-30:]!r}): end it with . ! ? or : before a list")
    return problems


def frame_problems(frame: str, language: str) -> List[str]:
    """The problems of a phrase with ``{placeholders}``: its own words are checked, and its end
    unless a placeholder ends it (then the filled value decides, which the composed answers check)."""
    problems = [problem for part in _PLACEHOLDER.split(frame)
                for problem in prose_problems(part, language, whole=False)]
    if not frame.rstrip().endswith("}") and not ends_sentence(frame):
        problems += prose_problems(frame, language)[-1:]
    return problems


@dataclass
class Answer:
    """One composed answer: which topic, which variant ("first", "more", "group:<id>"), the bubbles."""

    topic: str
    variant: str
    language: str
    messages: List[Dict[str, Any]]

    @property
    def texts(self) -> List[str]:
        return [message.get("text") or "" for message in self.messages if message.get("text")]


@contextlib.contextmanager
def _speaking_about(path: Path) -> Iterator[None]:
    """Point the actions at the notice ``path`` (as INCIDENT_ID/INCIDENTS_DIR do), then restore."""
    from actions import common, config

    saved = {name: os.environ.get(name) for name in ("INCIDENT_ID", "INCIDENTS_DIR")}
    os.environ.update(INCIDENT_ID=path.stem, INCIDENTS_DIR=str(path.parent))
    config.settings.cache_clear()
    common.content.cache_clear()
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        config.settings.cache_clear()
        common.content.cache_clear()


def _tracker(intent: str, language: str, entities: Dict[str, str]) -> Tracker:
    parse = {"intent": {"name": intent, "confidence": 1.0}, "text": f"/{intent}",
             "entities": [{"entity": name, "value": value} for name, value in entities.items()]}
    return Tracker(sender_id="check-content", slots={"language": language, "notice_code_attempts": 0.0},
                   latest_message=parse, events=[{"event": "user", "text": parse["text"], "parse_data": parse}],
                   paused=False, followup_action=None, active_loop={}, latest_action_name="action_listen")


def _run(action, intent: str, language: str, **entities: str) -> List[Dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, _tracker(intent, language, entities), {}))
    return dispatcher.messages


def compose(path: Path) -> List[Answer]:
    """Every answer the actions give about the notice at ``path``, in every language: the first
    answer and "More detail" of each topic, each advice group, and the handoff."""
    # Imported here: the actions import this package's models, and the check of the files alone
    # (without composing) must not need them.
    import actions.affected  # noqa: F401  (defines answer actions)
    import actions.notice  # noqa: F401
    from actions.advice import ActionAdviseNextSteps
    from actions.common import ANSWER_ACTIONS, GROUP_ENTITY, ContentAction, content
    from actions.handoff import ActionHandOff

    actions = {cls().name(): cls() for cls in _subclasses(ContentAction)
               if not inspect.isabstract(cls) and "name" in vars(cls)}
    answers = []
    with _speaking_about(path):
        for language in LANGUAGES:
            for topic, action_name in ANSWER_ACTIONS.items():
                action = actions[action_name]
                answers.append(Answer(topic, "first", language, _run(action, topic, language)))
                answers.append(Answer(topic, "more", language, _run(action, topic, language, detail="more")))
            advise = ActionAdviseNextSteps()
            involved, pending = advise.categories(_tracker("what_should_i_do", language, {}))
            for group in content().advice.groups_of(involved + pending):
                answers.append(Answer("what_should_i_do", f"group:{group}", language,
                                      _run(advise, "what_should_i_do", language, **{GROUP_ENTITY: group})))
            answers.append(Answer("request_human", "handoff", language,
                                  _run(ActionHandOff(), "request_human", language)))
    return answers


def _subclasses(cls: type) -> List[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub] + _subclasses(sub)
    return found


def check_answers(path: Path, where: str) -> List[Tuple[str, str]]:
    """``(where, problem)`` for the composed answers about the notice at ``path``."""
    problems = []
    for answer in compose(path):
        place = f"{where}: answer {answer.topic} ({answer.variant}, {answer.language})"
        if answer.variant == "first":
            words = sum(readability.word_count(text) for text in answer.texts)
            if words > MAX_FIRST_ANSWER_WORDS:
                problems.append((place, f"the first answer has {words} words in {len(answer.texts)} bubble(s); "
                                        f"keep it to {MAX_FIRST_ANSWER_WORDS} or fewer and move the rest "
                                        "behind More detail"))
        for text in answer.texts:
            problems += [(place, problem) for problem in prose_problems(text, answer.language, whole=False)]
    return problems


def check_front_door(incident: Incident, phrases: FrontDoorPhrases, where: str) -> List[Tuple[str, str]]:
    """``(where, problem)`` for the front door's phrases filled with the notice's phone and hours, as
    the queue messages fill them (``handoff.queue.service.waiting_text``)."""
    hotline = incident.contacts.hotline
    problems = []
    for key, phrase in phrases.phrases.items():
        for language in LANGUAGES:
            frame = phrase.get(language)
            if "{hours}" not in frame and "{phone}" not in frame:
                continue
            text = readability.fill_placeholders(
                frame.replace("{phone}", hotline.phone).replace("{hours}", hotline.hours.get(language)))
            problems += [(f"{where}: phrases.{key}.{language} with the hotline of {incident.id}", problem)
                         for problem in prose_problems(text, language)]
    return problems


def check_files(incident_paths: Sequence[Path], front_door_file: Path, advice_file: Path, phrases_file: Path,
                display: Callable[[Path], str]) -> List[Tuple[str, str]]:
    """``(where, problem)`` for the answers composed about each notice and the front door's hotline
    phrases; nothing when a file is broken (its errors are reported by the file checks, and the
    actions cannot answer from it). ``display`` names a file in a problem."""
    try:
        front_door = load(front_door_file, FrontDoorPhrases)
        load(advice_file, AdviceCatalogue)
        load(phrases_file, Phrases)
    except ContentError:
        return []
    problems = []
    for path in incident_paths:
        try:
            incident = load_incident(path)
        except ContentError:
            continue
        problems += check_answers(path, display(path)) + check_front_door(incident, front_door, display(front_door_file))
    return problems


def check_prose(texts: Sequence[Tuple[str, str, str]]) -> List[Tuple[str, str]]:
    """``(where, problem)`` for ``(where, language, text)`` items that customers read as prose."""
    return [(where, problem) for where, language, text in texts for problem in prose_problems(text, language)]
