"""HTTP client of Rasa's REST webhook and HTTP API.

Each conversation always goes to the same Rasa process (a stable hash of its id), because Rasa's
open-source Redis lock store is not safe across processes (RasaHQ/rasa#9213); adding Rasa processes
is how the bot scales out.

Rasa answers HTTP 200 with ``[]`` even when processing failed (REFERENCE.md), so an empty answer is
treated as a failure like an error status or a timeout.

Back-pressure: at most ``concurrency`` requests are in flight per Rasa process; further turns wait
in a first-come, first-served queue (``asyncio.Semaphore`` wakes waiters in order; a conversation
has at most one turn waiting, see ``handoff.intake``) for up to ``queue_seconds``. The request
timeout starts only when a turn's request is sent, so a saturated Rasa makes answers slower, not
apologies: Rasa works through a short queue instead of a long one whose tail times out.

Draining (``handoff.activation``): a Rasa process that is about to load another model is put out of
rotation with :meth:`RasaClient.set_draining`; the conversations whose hash points at it go to
``pick_url`` of the remaining processes meanwhile (Rasa's tracker store is shared SQL and a
conversation has one turn in flight at most, so a conversation may move between turns), the others
stay where they are. :meth:`RasaClient.busy` counts requests still running on given processes.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
from typing import Any, Dict, List, Optional, Sequence
from urllib.parse import quote

import aiohttp

logger = logging.getLogger(__name__)

Reply = Dict[str, Any]


class RasaUnavailable(Exception):
    """Rasa did not answer usefully: connection error, timeout, error status or an empty answer."""


def pick_url(urls: Sequence[str], conversation_id: str) -> str:
    """Return the Rasa base URL that always serves ``conversation_id`` (stable across restarts)."""
    digest = hashlib.sha256(conversation_id.encode("utf-8")).digest()
    return urls[int.from_bytes(digest[:8], "big") % len(urls)]


class RasaClient:
    """Send messages to Rasa and return its replies.

    Args:
        session: a shared aiohttp client session (owned by the app).
        urls: base URLs of the Rasa processes, e.g. ``("http://127.0.0.1:5005",)``.
        token: bearer token of the REST webhook and the HTTP API.
        timeout_seconds: time allowed per request once it is sent.
        concurrency: requests in flight per Rasa process (at least 1).
        queue_seconds: how long a turn may wait for a free request slot before Rasa counts as away.
    """

    def __init__(self, session: aiohttp.ClientSession, urls: Sequence[str], token: str,
                 timeout_seconds: float, *, concurrency: int = 4, queue_seconds: float = 60.0) -> None:
        if not urls:
            raise ValueError("at least one Rasa URL is needed")
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self._session = session
        self._urls = tuple(urls)
        self._slots = {url: asyncio.Semaphore(concurrency) for url in self._urls}
        self._queue_seconds = queue_seconds
        self._headers = {"Authorization": f"Bearer {token}"}
        # Rasa's HTTP API reads its token from the query string (the header is for JWTs).
        self._api_params = {"token": token}
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._draining: frozenset = frozenset()
        self._busy = {url: 0 for url in self._urls}

    @property
    def urls(self) -> tuple:
        """Base URLs of every Rasa process (draining or not)."""
        return self._urls

    @property
    def draining(self) -> frozenset:
        """Base URLs that get no new requests right now."""
        return self._draining

    def set_draining(self, urls: Sequence[str]) -> None:
        """Send no new request to ``urls`` (unknown ones ignored); requests running there go on."""
        self._draining = frozenset(url for url in urls if url in self._busy)

    def busy(self, urls: Sequence[str]) -> int:
        """Requests sent or waiting for a slot on ``urls`` now."""
        return sum(self._busy.get(url, 0) for url in urls)

    def pick(self, conversation_id: str) -> str:
        """The Rasa base URL for ``conversation_id``'s next request: its own (``pick_url``), or while
        that one drains, ``pick_url`` of the others that do not."""
        home = pick_url(self._urls, conversation_id)
        if home not in self._draining:
            return home
        others = [url for url in self._urls if url not in self._draining]
        return pick_url(others, conversation_id) if others else home

    async def _post(self, base: str, url: str, body: Dict[str, Any],
                    params: Optional[Dict[str, str]] = None) -> Any:
        # Counted before the first await: no turn slips between pick() and the count (draining).
        self._busy[base] += 1
        try:
            return await self._slotted(base, url, body, params)
        finally:
            self._busy[base] -= 1

    async def _slotted(self, base: str, url: str, body: Dict[str, Any], params: Optional[Dict[str, str]]) -> Any:
        slot = self._slots[base]
        try:
            await asyncio.wait_for(slot.acquire(), self._queue_seconds)
        except asyncio.TimeoutError:
            raise RasaUnavailable("no free request slot in time") from None
        try:
            return await self._request(url, body, params)
        finally:
            slot.release()

    async def _request(self, url: str, body: Dict[str, Any], params: Optional[Dict[str, str]]) -> Any:
        try:
            async with self._session.post(url, json=body, headers=self._headers, params=params,
                                          timeout=self._timeout) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"HTTP {response.status}")
                return await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            raise RasaUnavailable(type(error).__name__) from None

    async def send(self, conversation_id: str, text: str, language: str,
                   metadata: Optional[Dict[str, Any]] = None) -> List[Reply]:
        """Send one (redacted) message with ``language`` and further ``metadata`` (e.g. a notice
        code's keyed hash); return Rasa's replies (non-empty list of dicts).

        Raises:
            RasaUnavailable: as described in the module docstring.
        """
        base = self.pick(conversation_id)
        replies = await self._post(base, f"{base}/webhooks/rest/webhook", {"sender": conversation_id, "message": text,
                                         "metadata": {**(metadata or {}), "language": language}})
        if not isinstance(replies, list) or not replies:
            raise RasaUnavailable("empty answer")
        return [reply for reply in replies if isinstance(reply, dict)]

    async def trigger_intent(self, conversation_id: str, intent: str) -> List[Reply]:
        """Make the bot act as if the customer had sent ``intent`` (used when a person hands back).

        Raises:
            RasaUnavailable: as described in the module docstring.
        """
        base = self.pick(conversation_id)
        url = f"{base}/conversations/{quote(conversation_id, safe='')}/trigger_intent"
        answer = await self._post(base, url, {"name": intent}, self._api_params)
        messages = answer.get("messages") if isinstance(answer, dict) else None
        if not messages:
            raise RasaUnavailable("empty answer")
        return [message for message in messages if isinstance(message, dict)]

    async def set_slot(self, conversation_id: str, name: str, value: Any) -> None:
        """Set a slot in the conversation's tracker (Rasa's ``POST /conversations/{id}/tracker/events``),
        e.g. ``language`` when the customer started writing in another language.

        Raises:
            RasaUnavailable: as described in the module docstring.
        """
        base = self.pick(conversation_id)
        url = f"{base}/conversations/{quote(conversation_id, safe='')}/tracker/events"
        await self._post(base, url, {"event": "slot", "name": name, "value": value}, self._api_params)

    async def status(self, base: str, timeout_seconds: float = 10.0) -> Dict[str, Any]:
        """Rasa's ``GET /status`` of the process at ``base``: ``{"model_file", "model_id", ...}``.

        Raises:
            RasaUnavailable: no answer, an error status (409: no model loaded) or not a JSON object.
        """
        try:
            async with self._session.get(f"{base}/status", params=self._api_params,
                                         timeout=aiohttp.ClientTimeout(total=timeout_seconds)) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"HTTP {response.status}")
                answer = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            raise RasaUnavailable(type(error).__name__) from None
        if not isinstance(answer, dict):
            raise RasaUnavailable("not a JSON object")
        return answer

    async def load_model(self, base: str, model_file: str, timeout_seconds: float) -> None:
        """Make the process at ``base`` load ``model_file`` (Rasa's ``PUT /model``; a path on Rasa's
        machine). Rasa loads it inside its event loop: the process answers nothing until it is done,
        and keeps its old model when loading fails.

        Raises:
            RasaUnavailable: no answer in ``timeout_seconds`` or an error status (the text says which;
                Rasa's own message, which names paths, goes to the log only).
        """
        try:
            async with self._session.put(f"{base}/model", params=self._api_params, json={"model_file": model_file},
                                         timeout=aiohttp.ClientTimeout(total=timeout_seconds)) as response:
                if response.status == 204:
                    return
                logger.warning("Rasa at %s did not load a model: HTTP %s %s", base, response.status,
                               (await response.text())[:500])
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise RasaUnavailable(type(error).__name__) from None
        raise RasaUnavailable(f"HTTP {response.status}")
