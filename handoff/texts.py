"""The front door's own texts, from ``data/content/frontdoor.yml`` (edited by comms, both languages)."""
from __future__ import annotations

from pathlib import Path
from typing import Dict

import yaml

from handoff.config import ROOT

TEXTS_FILE = ROOT / "data" / "content" / "frontdoor.yml"


class Texts:
    """Phrases by id and language; ``say`` fills ``{placeholders}``.

    Raises (at construction):
        ValueError: a phrase lacks English or German.
    """

    def __init__(self, path: Path = TEXTS_FILE) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        self._phrases: Dict[str, Dict[str, str]] = data["phrases"]
        for key, phrase in self._phrases.items():
            if not (isinstance(phrase, dict) and phrase.get("en") and phrase.get("de")):
                raise ValueError(f"{path}: phrases.{key} needs 'en' and 'de'")

    def say(self, phrase_id: str, language: str, **values: object) -> str:
        """The phrase in ``language`` ('de', else English) with ``values`` filled in."""
        phrase = self._phrases[phrase_id]
        return phrase["de" if language == "de" else "en"].format(**values)
