"""Content files as fields: ``(document, field path, language) -> text`` and back.

The studio stores every text a customer reads as one field per language (``handoff/studio``); the
actions and the front door read the published fields back as the YAML shape their schemas
(``actions.content.models``) validate. This module is the one place that maps between the two; it
runs in both Python environments (no database code here).

* A mapping whose keys are exactly the languages (``{en: ..., de: ...}``) is one field per language.
* Any other scalar (a date, a phone number, ``unknown``, a number) is one field with language ``""``,
  stored as YAML text (``kind = "yaml"``) so the export gives back the same type.
* Lists are walked with their index as a path segment (``days.0``).
* ``bot/domain/responses.yml`` is special: its variations carry the language as a condition
  (``language = de``); there the German variation's texts become the ``de`` fields and the
  unconditioned one's the ``en`` fields (``responses.utter_greet.text``, ``...buttons.0.title``).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import yaml

import contract

LANGUAGES = tuple(contract.languages())
NO_LANGUAGE = ""
RESPONSES = "responses"
_DE_CONDITION = [{"type": "slot", "name": "language", "value": "de"}]


@dataclass(frozen=True)
class Field:
    """One editable value: where it is and its text (``kind`` "text", or "yaml" for other scalars)."""

    document: str
    path: str
    language: str
    text: str
    kind: str = "text"


def documents(incident_file: Path, root: Path) -> Dict[str, Path]:
    """The documents the studio edits: ``{document id: repo file}``.

    Args:
        incident_file: the incident notice in use (its id is the file name).
        root: the project folder.
    """
    return {
        f"incidents/{incident_file.stem}": incident_file,
        "advice": root / "data" / "advice" / "categories.yml",
        "phrases": root / "data" / "content" / "phrases.yml",
        "frontdoor": root / "data" / "content" / "frontdoor.yml",
        "ui": root / "data" / "content" / "ui.yml",
        RESPONSES: root / "bot" / "domain" / "responses.yml",
    }


def export_name(document: str) -> str:
    """The file name (relative) an exported document is written to, as in the repo."""
    names = {"advice": "data/advice/categories.yml", "phrases": "data/content/phrases.yml",
             "frontdoor": "data/content/frontdoor.yml", "ui": "data/content/ui.yml",
             RESPONSES: "bot/domain/responses.yml"}
    return names.get(document) or f"data/{document}.yml"


def _is_localized(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and set(value) <= set(LANGUAGES) and \
        all(isinstance(item, str) for item in value.values())


def _scalar(document: str, path: str, value: Any) -> Field:
    if isinstance(value, str):
        return Field(document, path, NO_LANGUAGE, value)
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True).strip()
    return Field(document, path, NO_LANGUAGE, text.removesuffix("\n...").strip(), "yaml")


def _walk(document: str, value: Any, path: str) -> Iterator[Field]:
    if _is_localized(value):
        for language, text in value.items():
            yield Field(document, path, language, text)
    elif isinstance(value, dict) and value:
        for key, item in value.items():
            yield from _walk(document, item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            yield from _walk(document, item, f"{path}.{index}")
    else:
        yield _scalar(document, path, value)


def _is_german(variation: Dict[str, Any]) -> bool:
    return any(isinstance(c, dict) and c.get("name") == "language" and str(c.get("value")).lower() == "de"
               for c in variation.get("condition") or [])


def _response_fields(data: Dict[str, Any]) -> Iterator[Field]:
    for key, value in data.items():
        if key != RESPONSES:
            yield from _walk(RESPONSES, value, key)
            continue
        for name, variations in value.items():
            for variation in variations:
                language = "de" if _is_german(variation) else "en"
                rest = {k: v for k, v in variation.items() if k != "condition"}
                for found in _walk(RESPONSES, rest, f"{RESPONSES}.{name}"):
                    yield Field(RESPONSES, found.path, language, found.text, found.kind)


def flatten(document: str, data: Dict[str, Any]) -> List[Field]:
    """The fields of one document's YAML data, in file order."""
    if document == RESPONSES:
        return list(_response_fields(data))
    return list(_walk(document, data, ""))


def _value(field: Field) -> Any:
    return yaml.safe_load(field.text) if field.kind == "yaml" else field.text


def _put(tree: Dict[str, Any], parts: List[str], value: Any) -> None:
    node = tree
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def _lists(node: Any) -> Any:
    """Turn dicts whose keys are 0..n-1 back into lists (the walk wrote list indexes as keys)."""
    if not isinstance(node, dict):
        return node
    converted = {key: _lists(item) for key, item in node.items()}
    if converted and all(key.isdigit() for key in converted) and \
            sorted(int(key) for key in converted) == list(range(len(converted))):
        return [converted[str(index)] for index in range(len(converted))]
    return converted


def unflatten(document: str, fields: List[Field]) -> Dict[str, Any]:
    """The YAML data of one document from its fields (in file order): the inverse of :func:`flatten`."""
    tree: Dict[str, Any] = {}
    by_language: Dict[str, Dict[str, Any]] = {}
    for field in fields:
        parts = field.path.split(".") if field.path else []
        if document == RESPONSES and parts[:1] == [RESPONSES]:
            _put(by_language.setdefault(parts[1], {}).setdefault(field.language, {}), parts[2:], _value(field))
        elif field.language:
            _put(tree, parts + [field.language], _value(field))
        else:
            _put(tree, parts, _value(field))
    tree = _lists(tree)
    if by_language:
        tree[RESPONSES] = {name: [_variation(variants[language], language) for language in ("de", "en")
                                  if language in variants] for name, variants in by_language.items()}
    return tree


def _variation(variant: Dict[str, Any], language: str) -> Dict[str, Any]:
    variation = _lists(variant)
    if language == "de":
        variation = {"text": variation.pop("text", ""), "condition": [dict(c) for c in _DE_CONDITION], **variation}
    return variation


def read(document: str, path: Path) -> List[Field]:
    """The fields of a repo file. Raises OSError, yaml.YAMLError, ValueError (not a mapping)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: must hold a mapping")
    return flatten(document, data)


def dump(data: Dict[str, Any]) -> str:
    """YAML text of an exported document (keys in file order, umlauts as they are)."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120)


def key(field: Field) -> Tuple[str, str, str]:
    """The identity of a field across versions."""
    return field.document, field.path, field.language


def other_language(language: str) -> Optional[str]:
    """The language a translation is compared with ('en' <-> 'de'); None for language-less fields."""
    return {"en": "de", "de": "en"}.get(language)
