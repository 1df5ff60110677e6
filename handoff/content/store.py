"""The front door's one reader of content: its own phrases (``data/content/frontdoor.yml``) and the
incident notice (``data/incidents/<id>.yml``), validated by the same schema as the actions
(``actions.content.models``). The studio's published version wins when the database holds one
(``handoff.studio.store.PublishedCache``); else the file, reloaded when it changes. Either way a
comms edit of a phrase or of the hotline hours reaches the queue messages without a restart.
"""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Optional, Tuple
from zoneinfo import ZoneInfo

from actions.content.fill import fill
from actions.content.loader import (ContentError, Lookup, Reloading, load, load_incident, parse, parse_incident,
                                     sources)
from actions.content.models import WEEKDAYS, FrontDoorPhrases, Hotline, Incident
from actions.notice_codes import NoticeCodeError, NoticeCodeStore
from handoff.config import ROOT

logger = logging.getLogger(__name__)
PHRASES_FILE = ROOT / "data" / "content" / "frontdoor.yml"


class FrontDoorContent:
    """Phrases and the incident notice, each read again when its file changes.

    Args:
        incident_file: the notice the bot speaks about (it may be missing: then there is no hotline).
        notice_codes_file: the incident's hashed notice codes (None: codes cannot be checked).
        phrases_file: the front door's phrases.
        published: ``document id -> (revision, data) or None``, the studio's published content
            (None: files only).

    Raises (at construction):
        ContentError: the phrases file is missing or breaks its schema (a broken checkout).
    """

    def __init__(self, incident_file: Path, notice_codes_file: Optional[Path] = None,
                 phrases_file: Path = PHRASES_FILE,
                 published: Optional[Lookup] = None) -> None:
        source = sources(published)

        incident = f"incidents/{incident_file.stem}"
        self._phrases = Reloading(phrases_file, lambda path: load(path, FrontDoorPhrases), source("frontdoor"),
                                  lambda data: parse(data, FrontDoorPhrases, "studio: frontdoor"))
        self._notice = Reloading(incident_file, load_incident, source(incident),
                                 lambda data: parse_incident(data, incident_file.stem, f"studio: {incident}"))
        self._codes = Reloading(notice_codes_file, NoticeCodeStore.read) if notice_codes_file else None
        self._phrases.get()

    def say(self, phrase_id: str, language: str, **values: object) -> str:
        """Phrase ``phrase_id`` in ``language`` ('de', else English) with ``values`` filled in.

        Raises:
            KeyError: no such phrase, or a placeholder without a value.
            ValueError: a placeholder that is not a plain ``{name}`` (``actions.content.fill``).
        """
        return fill(self._phrases.get().phrases[phrase_id].get(language), **values)

    def notice(self) -> Optional[Incident]:
        """The incident notice, or None when it is missing or broken (logged: the chat goes on)."""
        try:
            return self._notice.get()
        except ContentError as error:
            logger.error("incident notice unavailable: %s", error)
            return None

    def notice_code_hash(self, code: str) -> Optional[str]:
        """The keyed hash of a notice code under the incident's code file salt (scrypt, the same the
        action server compares), or None without a readable code file. CPU-heavy: run in a thread."""
        if self._codes is None:
            return None
        try:
            return self._codes.get().hash_of(code)
        except (ContentError, NoticeCodeError) as error:
            logger.error("notice codes unavailable: %s", error)
            return None

    def public_contacts(self) -> Tuple[str, ...]:
        """The company's own contact data from the notice (hotline number, the data protection
        officer's address): agents may give these to customers without them being redacted."""
        notice = self.notice()
        if notice is None:
            return ()
        contacts = notice.contacts
        return tuple(value for value in (contacts.hotline.phone, contacts.dpo.email) if value)

    def hotline(self) -> Optional[Hotline]:
        """The notice's hotline (phone, hours text, opening hours), or None without a notice."""
        notice = self.notice()
        return notice.contacts.hotline if notice is not None else None


def hotline_open(hotline: Optional[Hotline], now: dt.datetime) -> bool:
    """True when the support team works at ``now`` (timezone-aware); always True without a hotline."""
    if hotline is None:
        return True
    hours = hotline.opening_hours
    local = now.astimezone(ZoneInfo(hours.timezone))
    return WEEKDAYS[local.weekday()] in hours.days and hours.open <= local.time() < hours.close
