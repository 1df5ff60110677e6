"""Test clients that speak to the front door exactly as real ones do: Socket.IO and HTTP."""
from __future__ import annotations

import asyncio
import secrets
from typing import Any, Dict, List, Optional

import aiohttp
import socketio


class Customer:
    """A customer's browser: a Socket.IO connection speaking Rasa's socketio protocol."""

    def __init__(self, url: str, language: str = "en", session_id: Optional[str] = None) -> None:
        self.url = url
        self.language = language
        self.session_id = session_id
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: "asyncio.Queue[tuple]" = asyncio.Queue()
        self.received: List[tuple] = []
        for event in ("session_confirm", "bot_uttered", "message_ack", "history", "handoff_status", "agent_typing",
                      "language"):
            self.sio.on(event, self._recorder(event))

    def _recorder(self, event: str):
        async def record(data: Any = None) -> None:
            self.received.append((event, data))
            await self.events.put((event, data))
        return record

    async def connect(self, last_seen_id: Optional[int] = None, headers: Optional[Dict[str, str]] = None) -> str:
        """Connect and ask for a session; return the confirmed session id."""
        await self.sio.connect(self.url, transports=["websocket"], headers=headers or {})
        request: Dict[str, Any] = {"session_id": self.session_id, "customData": {"language": self.language},
                                   "extended": True}
        if last_seen_id is not None:
            request["last_seen_id"] = last_seen_id
        await self.sio.emit("session_request", request)
        _, confirmed = await self.wait_for("session_confirm")
        self.session_id = confirmed
        return confirmed

    async def say(self, text: Any, client_message_id: Optional[str] = None) -> None:
        """Send a message (like a widget: with a client message id)."""
        await self.sio.emit("user_uttered", {"message": text, "session_id": self.session_id,
                                             "client_message_id": client_message_id or secrets.token_hex(8)})

    async def wait_for(self, event: str, predicate=lambda data: True, timeout: float = 15) -> tuple:
        """Wait for the next ``event`` whose data satisfies ``predicate``; earlier others are kept."""
        deadline = asyncio.get_running_loop().time() + timeout
        skipped = []
        try:
            while True:
                remaining = deadline - asyncio.get_running_loop().time()
                if remaining <= 0:
                    raise AssertionError(f"no {event} within {timeout} s; received {self.received[-10:]}")
                try:
                    name, data = await asyncio.wait_for(self.events.get(), remaining)
                except TimeoutError:
                    raise AssertionError(f"no {event} within {timeout} s; received {self.received[-10:]}") from None
                if name == event and predicate(data):
                    return name, data
                skipped.append((name, data))
        finally:
            for item in skipped:
                self.events.put_nowait(item)

    async def bot_texts_until(self, predicate, timeout: float = 15) -> List[Dict[str, Any]]:
        """Collect ``bot_uttered`` messages until one satisfies ``predicate``; return them all."""
        collected = []
        while True:
            _, data = await self.wait_for("bot_uttered", timeout=timeout)
            collected.append(data)
            if predicate(data):
                return collected

    async def close(self) -> None:
        await self.sio.disconnect()
        await close_refused(self.sio)


async def close_refused(client: socketio.AsyncClient) -> None:
    """Close the HTTP session a refused Socket.IO client leaves behind."""
    http = getattr(client.eio, "http", None)
    if http is not None and not http.closed:
        await http.close()


class Agent:
    """An agent's browser: an HTTP session with the login cookie, and the agent socket."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.csrf = ""
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: "asyncio.Queue[tuple]" = asyncio.Queue()
        for event in ("handoff.requested", "message.created", "queue.changed", "note.created", "callback.requested",
                      "customer.typing"):
            self.sio.on(event, self._recorder(event), namespace="/agent")

    def _recorder(self, event: str):
        async def record(data: Any = None) -> None:
            await self.events.put((event, data))
        return record

    async def login(self, username: str, password: str) -> aiohttp.ClientResponse:
        response = await self.http.post(f"{self.url}/console/api/login",
                                        json={"username": username, "password": password})
        if response.status == 200:
            self.csrf = (await response.json())["csrf_token"]
        return response

    def cookie_header(self) -> str:
        return "; ".join(f"{c.key}={c.value}" for c in self.http.cookie_jar)

    async def connect_socket(self) -> None:
        await self.sio.connect(self.url, namespaces=["/agent"], transports=["websocket"],
                               headers={"Cookie": self.cookie_header()})

    async def watch(self, conversation_id: str, last_seen_id: int = 0) -> Dict[str, Any]:
        """Follow a conversation live; returns the messages after ``last_seen_id``."""
        return await self.sio.call("watch", {"conversation_id": conversation_id, "last_seen_id": last_seen_id},
                                   namespace="/agent", timeout=10)

    async def post(self, path: str, body: Optional[Dict[str, Any]] = None, csrf: bool = True) -> aiohttp.ClientResponse:
        headers = {"X-CSRF-Token": self.csrf} if csrf else {}
        return await self.http.post(f"{self.url}/console/api{path}", json=body or {}, headers=headers)

    async def get(self, path: str) -> aiohttp.ClientResponse:
        return await self.http.get(f"{self.url}/console/api{path}")

    async def wait_for(self, event: str, predicate=lambda data: True, timeout: float = 30) -> Any:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise AssertionError(f"agent got no {event} within {timeout} s")
            try:
                name, data = await asyncio.wait_for(self.events.get(), remaining)
            except TimeoutError:
                raise AssertionError(f"agent got no {event} within {timeout} s") from None
            if name == event and predicate(data):
                return data

    async def close(self) -> None:
        if self.sio.connected:
            await self.sio.disconnect()
        await self.http.close()
