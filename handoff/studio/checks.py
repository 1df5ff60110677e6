"""The content checks of one field, asked of the action server (``POST /content/check``), which
holds the measuring libraries and the rules (``actions.content.field_check``, the rules of
``make check-content``); plus the value check of language-less fields (dates, numbers)."""
from __future__ import annotations

from typing import Dict, List, Optional

import aiohttp
import yaml

CHECK_TIMEOUT_SECONDS = 5.0


class ChecksUnavailable(RuntimeError):
    """The action server did not answer the check (down, wrong token, timeout)."""


class FieldChecker:
    """Asks the action server at ``url`` (with ``token``) for the problems of one text."""

    def __init__(self, http: aiohttp.ClientSession, url: Optional[str], token: str) -> None:
        self._http, self._url, self._token = http, (url or "").rstrip("/"), token

    async def problems(self, *, path: str, language: str, kind: str, text: str,
                       other_text: Optional[str], document: Optional[str] = None) -> List[Dict[str, object]]:
        """``[{"rule", "key", "values"}]`` for ``text`` (``key``: a text of section ``studio_api`` of
        data/content/ui.yml, worded by the studio's API in the user's language); [] when it passes.

        Raises:
            ChecksUnavailable: no answer from the action server.
        """
        if kind == "yaml":  # a date, number or list: its value must parse; no prose rules apply
            try:
                yaml.safe_load(text)
            except yaml.YAMLError:
                return [{"rule": "value", "key": "check_value", "values": {}}]
            return []
        if not self._url:
            raise ChecksUnavailable("no action server configured")
        try:
            async with self._http.post(f"{self._url}/content/check", params={"token": self._token},
                                       json={"path": path, "language": language, "text": text,
                                             "other_text": other_text, "document": document},
                                       timeout=aiohttp.ClientTimeout(total=CHECK_TIMEOUT_SECONDS)) as reply:
                if reply.status != 200:
                    raise ChecksUnavailable(f"action server answered {reply.status}")
                return list((await reply.json()).get("problems", []))
        except (aiohttp.ClientError, TimeoutError) as error:
            raise ChecksUnavailable(type(error).__name__) from None
