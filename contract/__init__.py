"""The one contract shared by the bot, the actions, the front door and the pages.

Everything here is read from ``data/contract.json`` (the pages import the same file into their
bundles): supported languages, the notice-code format, button payloads and labels, handoff reasons
and the readable labels of redaction placeholders. ``tests/unit/test_contract.py`` and
``tests/handoff/test_contract.py`` fail when a side disagrees with it.

This package has no dependencies beyond the standard library, so both Python environments (the bot's
3.10 and the front door's 3.11+) import it.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Dict, Mapping, Tuple

CONTRACT_FILE = Path(__file__).resolve().parent.parent / "data" / "contract.json"


@functools.lru_cache(maxsize=1)
def load() -> Mapping[str, Any]:
    """The parsed contract file (read once per process).

    Raises:
        OSError, ValueError: the file is missing or not JSON (a broken checkout).
    """
    return json.loads(CONTRACT_FILE.read_text(encoding="utf-8"))


def languages() -> Tuple[str, ...]:
    """Supported conversation languages, e.g. ``("en", "de")``."""
    return tuple(load()["languages"]["supported"])


def default_language() -> str:
    """The language used when none is known or an unsupported one is asked for."""
    return load()["languages"]["default"]


def language_or_default(value: Any) -> str:
    """``value`` when it is a supported language code, else the default language."""
    return value if isinstance(value, str) and value in languages() else default_language()


def language_choice(code: str) -> Dict[str, str]:
    """The button that switches the chat to language ``code``, titled in that language ("Deutsch");
    the bot's ``switch_language`` intent with the ``language`` entity answers it."""
    return {"title": load()["languages"]["names"][code][code],
            "payload": '/switch_language{"language": "%s"}' % code}


def chosen_language(value: str) -> str | None:
    """The language whose choice button (``language_choice``) has payload ``value``, or None."""
    return next((code for code in languages() if language_choice(code)["payload"] == value), None)


def payload(button: str) -> str:
    """The payload of a named button, e.g. ``payload("request_human") == "/request_human"``.

    Raises:
        KeyError: no such button in the contract.
    """
    return load()["buttons"][button]["payload"]


def label(button: str, language: str) -> str:
    """The label of a named button in ``language`` (default language when unsupported)."""
    labels = load()["buttons"][button]["label"]
    return labels.get(language) or labels[default_language()]


def button(name: str, language: str) -> Dict[str, str]:
    """A Rasa-shaped button ``{"title", "payload"}`` for a named contract button."""
    return {"title": label(name, language), "payload": payload(name)}


def label_of_payload(value: str, language: str) -> str | None:
    """The label of the contract button whose payload is ``value``, or None."""
    for name, spec in load()["buttons"].items():
        if spec["payload"] == value:
            return label(name, language)
    return None


def front_door_payloads() -> Dict[str, str]:
    """Payloads the front door handles itself (never sent to Rasa): ``{payload: button name}``."""
    return {spec["payload"]: name for name, spec in load()["buttons"].items()
            if spec["handled_by"] == "front_door"}


def handoff_reasons() -> Tuple[str, ...]:
    """Every handoff reason the bot may send (docs/handoff-contract.md)."""
    return tuple(load()["handoff_reasons"]["labels"])


def handoff_reason(value: Any) -> str:
    """``value`` when it is a known handoff reason, else the documented fallback (``customer_request``)."""
    reasons = load()["handoff_reasons"]
    return value if isinstance(value, str) and value in reasons["labels"] else reasons["fallback"]


def redaction_label(kind: str, language: str) -> str:
    """The readable placeholder of a redaction kind, e.g. ``"[IBAN removed]"``; unknown kinds get a
    generic one."""
    labels = load()["redaction_kinds"].get(kind)
    if not isinstance(labels, dict):
        return "[entfernt]" if language == "de" else "[removed]"
    return f"[{labels.get(language) or labels[default_language()]}]"


def studio_page_roles(page: str) -> frozenset:
    """The roles that may open studio page ``page`` ("texts", "intents", "inbox", "suggestions",
    "insights", "models"), from the table the pages' nav is drawn from, so a link shows exactly where
    the front door lets the user in.

    Raises:
        KeyError: ``page`` is not in the table.
    """
    for entry in load()["studio_pages"]["pages"]:
        if entry["page"] == page:
            return frozenset(entry["roles"])
    raise KeyError(page)
