"""Example texts: the normal form they are stored in and the key duplicates are compared by.

* Stored form: Unicode NFC, every run of whitespace (any Unicode space, tab, line break) one space,
  no leading or trailing space, zero-width and other invisible format characters removed. Case and
  Rasa's entity annotations (``[K7QX-4MPD-9TRA](notice_code)``, ``[Deutsch]{"entity": ...}``) stay.
* Comparison key: the text a customer would type (annotations replaced by their visible text),
  case-folded, in NFC. "Hello  World" and "hello world" are the same example.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from typing import Iterable, List, Optional

# Rasa 3.6's annotation syntax (rasa/shared/nlu/training_data/formats/readerwriter.py, ENTITY_REGEX),
# without the list form, which this project does not use.
ANNOTATION = re.compile(r"\[(?P<text>[^\]]+?)\](?:\((?P<entity>[^:)]+?)(?::(?P<value>[^)]+))?\)"
                        r"|\{(?P<json>[^}]+?)\})")


def normalise(text: str) -> str:
    """The stored form of ``text`` (see the module docstring)."""
    text = unicodedata.normalize("NFC", text)
    if text.isprintable():  # the usual case, fast: no invisible characters, no space but " "
        return " ".join(text.split())
    # Format (Cf: zero-width space, BOM, bidi marks) and control (Cc) characters are invisible;
    # whitespace among them (tab, line breaks) becomes a space first.
    text = "".join(" " if char.isspace() else char for char in text
                   if char.isspace() or unicodedata.category(char) not in ("Cc", "Cf"))
    return " ".join(text.split())


def visible(text: str) -> str:
    """``text`` with every entity annotation replaced by its visible text."""
    return ANNOTATION.sub(lambda found: found.group("text"), text)


def key(text: str) -> str:
    """The comparison key of ``text`` (equal keys: the same example)."""
    return unicodedata.normalize("NFC", normalise(visible(normalise(text))).casefold())


def key_hash(text: str) -> str:
    """SHA-256 (hex) of :func:`key`, stored for the unique check."""
    return hashlib.sha256(key(text).encode("utf-8")).hexdigest()


def entity_of(found: "re.Match[str]") -> Optional[str]:
    """The entity name of one annotation match; None when its JSON form is broken."""
    if found.group("entity"):
        return found.group("entity").strip()
    try:
        data = json.loads("{" + found.group("json") + "}")
    except ValueError:
        return None
    return data.get("entity") if isinstance(data, dict) and isinstance(data.get("entity"), str) else None


def keep_known_annotations(text: str, entities: Iterable[str]) -> str:
    """``text`` with annotations of entities outside ``entities`` turned into their plain text (a
    customer's "[see here](link)" must not become an unknown entity in the training data)."""
    known = set(entities)
    return ANNOTATION.sub(lambda found: found.group(0) if entity_of(found) in known else found.group("text"), text)


def annotated_entities(text: str) -> List[str]:
    """The entity names annotated in ``text``, in order."""
    return [name for name in (entity_of(found) for found in ANNOTATION.finditer(text)) if name]
