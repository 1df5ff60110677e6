"""Word lists for the context recognizers (plain data): names and passwords, health conditions."""
from __future__ import annotations

from handoff.redaction.wordlists.health import HEALTH_TERMS, HEALTH_WORD_PARTS
from handoff.redaction.wordlists.names import AMBIGUOUS_FIRST_NAMES, FIRST_NAMES, NOT_NAME_WORDS, NOT_PASSWORD_WORDS, SURNAMES

__all__ = ["AMBIGUOUS_FIRST_NAMES", "FIRST_NAMES", "HEALTH_TERMS", "HEALTH_WORD_PARTS", "NOT_NAME_WORDS",
           "NOT_PASSWORD_WORDS", "SURNAMES"]
