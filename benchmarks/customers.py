"""The simulated customers of the load benchmarks and the product they talk to.

Two ways in:
- **front door**: Socket.IO as the widget talks (``session_request`` with ``extended``, keeping the
  token the server issues; ``user_uttered`` with a ``client_message_id``; docs/front-door.md,
  "Client protocol"). A turn ends with the first ``bot_uttered`` numbered after the message's
  ``message_ack`` that is the bot's (answered) or the apology (degraded), or with a rejection;
- **Rasa direct**: Rasa's REST webhook with its token, each conversation sent to the Rasa process
  the front door would pick for it (``handoff.rasa_client.client.pick_url``).
Outcomes and figures: load.py.

The product is started as ``make run`` starts it (scripts/run, supervisord; tests/product.py) in
the configuration of issue 9 (one Rasa per core, Rasa's validation of action responses compiled
once: bot/serve.py) or, for comparison, the one before it (one Rasa, Rasa's own validation).
"""
from __future__ import annotations

import asyncio
import contextlib
import os
import random
import secrets
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import socketio  # noqa: E402

from benchmarks.cpu_per_turn import cpu_seconds  # noqa: E402
from benchmarks.load import ANSWERED, DEGRADED, LOST, Turn  # noqa: E402
from handoff.config import Settings  # noqa: E402
from handoff.content.store import FrontDoorContent  # noqa: E402
from handoff.rasa_client.client import pick_url  # noqa: E402
from tests.product import Product  # noqa: E402

# Realistic questions about the breach; every turn is one the bot answers itself (no handoff).
SCRIPTS: List[Tuple[str, List[str]]] = [
    ("en", ["hi", "what happened?", "when did this happen?", "which of my data did they get?",
            "what should I do now?", "thanks, bye"]),
    ("de", ["Hallo", "Was ist passiert?", "Wann ist das passiert?", "Welche Daten von mir sind betroffen?",
            "Was soll ich jetzt tun?", "Danke, tschüss"]),
    ("en", ["hello, I got a letter about a data breach", "is my password still safe?",
            "should I block my credit card?", "what is the company doing about it?",
            "is there free credit monitoring?", "ok thank you"]),
    ("de", ["Guten Tag, ich habe einen Brief wegen eines Datenlecks bekommen", "Ist mein Passwort noch sicher?",
            "Soll ich meine Kreditkarte sperren lassen?", "Was unternehmen Sie dagegen?",
            "Wie ändere ich mein Passwort?", "Vielen Dank"]),
]
APOLOGIES = {FrontDoorContent(Settings().incident_file).say("bot_unavailable", language) for language in ("en", "de")}


class FrontDoorCustomer:
    """A customer on the front door's Socket.IO namespace (docs/front-door.md, client protocol)."""

    def __init__(self, url: str, language: str, reply_seconds: float, http: aiohttp.ClientSession) -> None:
        self.url, self.language, self.reply_seconds = url, language, reply_seconds
        self.client = socketio.AsyncClient(reconnection=False, http_session=http)
        self.token: Optional[str] = None
        self.inbox: List[Tuple[float, dict]] = []
        self.acks: dict = {}
        self.arrived = asyncio.Event()
        self.client.on("session_confirm", lambda token: self._note(setattr(self, "token", token)))
        self.client.on("message_ack", lambda ack: self._note(self.acks.__setitem__(ack.get("client_message_id"),
                                                                                  ack.get("id"))))
        self.client.on("bot_uttered", lambda data: self._note(self.inbox.append((time.monotonic(), data))))

    def _note(self, _: object) -> None:
        self.arrived.set()

    async def _until(self, found: Callable[[], object], deadline: float) -> object:
        while True:
            self.arrived.clear()
            value = found()
            remaining = deadline - time.monotonic()
            if value or remaining <= 0 or not self.client.connected:
                return value
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.arrived.wait(), remaining)

    async def open(self) -> bool:
        """Connect and ask for a session; True once the server issued the token."""
        try:
            await self.client.connect(self.url, transports=["websocket"], wait_timeout=self.reply_seconds)
            await self.client.emit("session_request", {"session_id": None, "extended": True,
                                                       "customData": {"language": self.language}})
        except (socketio.exceptions.ConnectionError, OSError):
            return False
        return bool(await self._until(lambda: self.token, time.monotonic() + self.reply_seconds))

    def _reply(self, message_id: str) -> Optional[Tuple[str, float]]:
        ack = self.acks.get(message_id)
        for at, data in self.inbox:
            if data.get("error") and data.get("client_message_id") == message_id:
                return DEGRADED, at  # rejected: not stored
            if ack is None or not isinstance(data.get("id"), int) or data["id"] <= ack:
                continue  # a late reply to an earlier turn
            if data.get("sender") == "bot":
                return ANSWERED, at
            if data.get("text") in APOLOGIES:
                return DEGRADED, at
        return None  # other system messages (e.g. "the answer is coming") do not end a turn

    async def say(self, text: str) -> Turn:
        """Send ``text``; wait for this turn's answer or apology (at most the reply timeout)."""
        message_id = secrets.token_hex(8)
        self.inbox.clear()
        sent = time.monotonic()
        try:
            await self.client.emit("user_uttered", {"message": text, "client_message_id": message_id})
        except socketio.exceptions.BadNamespaceError:
            return Turn(sent, time.monotonic(), LOST)  # the socket is gone
        reply = await self._until(lambda: self._reply(message_id), sent + self.reply_seconds)
        if reply:
            return Turn(sent, reply[1], reply[0])
        anything = message_id in self.acks and any(data.get("id", 0) > self.acks[message_id] for _, data in self.inbox)
        return Turn(sent, time.monotonic(), DEGRADED if anything else LOST)

    async def close(self) -> None:
        """Disconnect."""
        await self.client.disconnect()


class RasaCustomer:
    """A customer of Rasa's REST webhook directly (with Rasa's token), on the Rasa the front door
    would pick for the same conversation id."""

    def __init__(self, product: Product, language: str, reply_seconds: float, http: aiohttp.ClientSession) -> None:
        self.sender = f"direct-{secrets.token_hex(8)}"
        self.url = f"{pick_url(product.rasa_urls, self.sender)}/webhooks/rest/webhook"
        self.headers = {"Authorization": f"Bearer {product.rasa_token}"}
        self.language, self.http = language, http
        self.timeout = aiohttp.ClientTimeout(total=reply_seconds)

    async def open(self) -> bool:
        """Nothing to open: Rasa starts a conversation on its first message."""
        return True

    async def say(self, text: str) -> Turn:
        """POST ``text``; answered with a non-empty answer (text or buttons), however late."""
        sent = time.monotonic()
        try:
            async with self.http.post(self.url, headers=self.headers, timeout=self.timeout, json={
                    "sender": self.sender, "message": text, "metadata": {"language": self.language}}) as reply:
                body = await reply.json(content_type=None)
                ended = time.monotonic()
        except (aiohttp.ClientError, asyncio.TimeoutError):
            return Turn(sent, time.monotonic(), LOST)
        except ValueError:
            return Turn(sent, time.monotonic(), DEGRADED)
        spoke = reply.status == 200 and isinstance(body, list) and any(
            isinstance(item, dict) and (item.get("text") or item.get("buttons")) for item in body)
        return Turn(sent, ended, ANSWERED if spoke else DEGRADED)

    async def close(self) -> None:
        """Nothing to close."""


Customer = Callable[[str], "FrontDoorCustomer | RasaCustomer"]  # language -> a new customer


def http_session() -> aiohttp.ClientSession:
    """One HTTP session for every simulated customer, without aiohttp's default cap of 100
    connections (which would queue the 101st customer inside this process, not in the product)."""
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))


def customers(product: Product, reply_seconds: float, http: aiohttp.ClientSession) -> List[Tuple[str, Customer]]:
    """The two ways in, named: ``("front door", ...)`` and ``("Rasa direct", ...)``."""
    return [("front door", lambda language: FrontDoorCustomer(product.url, language, reply_seconds, http)),
            ("Rasa direct", lambda language: RasaCustomer(product, language, reply_seconds, http))]


Stopped = Callable[[], bool]  # True once no new turn may be sent


async def converse(new_customer: Customer, script: int, think: float, stopped: Stopped, turns: List[Turn],
                   rng: random.Random) -> bool:
    """One conversation: ``SCRIPTS[script % len(SCRIPTS)]`` turn by turn, an exponential think time
    of mean ``think`` seconds after each answer, until the script ends, a turn is lost (the
    conversation is stuck behind it) or ``stopped()``. Appends to ``turns``. Returns False when the
    conversation could not even start (no session)."""
    language, lines = SCRIPTS[script % len(SCRIPTS)]
    customer = new_customer(language)
    try:
        if not await customer.open():
            return False
        for line in lines:
            if stopped():
                break
            turn = await customer.say(line)
            turns.append(turn)
            if turn.outcome == LOST:
                break
            if think > 0:
                await asyncio.sleep(rng.expovariate(1 / think))
        return True
    finally:
        await customer.close()


async def closed_loop(new_customer: Customer, concurrency: int, seconds: float, think: float, rng: random.Random,
                      stagger: float = 0.0, stopped: Optional[Stopped] = None) -> Tuple[List[Turn], float, int]:
    """``concurrency`` customers, started evenly over ``stagger`` seconds, each starting a new
    conversation as soon as one ends, sending for ``seconds`` from the start (or until
    ``stopped()``, when given); waits for the turns still open. Returns (turns, start in monotonic
    seconds, conversations that could not start)."""
    turns: List[Turn] = []
    failed = 0
    start = time.monotonic()
    stopped = stopped or (lambda: time.monotonic() >= start + seconds)

    async def customer(script: int) -> None:
        nonlocal failed
        await asyncio.sleep(stagger * script / concurrency)
        while not stopped():
            if not await converse(new_customer, script, think, stopped, turns, rng):
                failed += 1
                await asyncio.sleep(1)
            script += 1

    await asyncio.gather(*(customer(number) for number in range(concurrency)))
    return turns, start, failed


@dataclass(frozen=True)
class Configuration:
    """What runs: the product as of issue 9, or (``--baseline``) as before it."""

    name: str
    rasa_processes: int
    validation_patch: bool

    def describe(self) -> str:
        """E.g. ``issue 9: 2 Rasa, compiled validator``."""
        validation = "compiled validator" if self.validation_patch else "Rasa's validation"
        return f"{self.name}: {self.rasa_processes} Rasa, {validation}"

    def env(self) -> dict:
        """Extra environment for scripts/run. Every simulated customer comes from 127.0.0.1, so the
        per-address limit on new conversations (100 an hour) is lifted; nothing else changes."""
        return {"RASA_VALIDATION_PATCH": "1" if self.validation_patch else "0",
                "NEW_CONVERSATIONS_PER_HOUR": "1000000"}


def configurations(baseline: bool) -> List[Configuration]:
    """Issue 9's configuration (one Rasa per core, compiled validator), then with ``baseline`` the
    one before it (one Rasa, Rasa's own validation)."""
    now = [Configuration("issue 9", len(os.sched_getaffinity(0)), True)]
    return now + [Configuration("before issue 9", 1, False)] if baseline else now


@contextlib.contextmanager
def running(configuration: Configuration, wait_running: bool = False) -> Iterator[Product]:
    """The product started by scripts/run in ``configuration``, in a temporary VAR_DIR, stopped after."""
    with tempfile.TemporaryDirectory(prefix="bench-") as var:
        product = Product(Path(var), configuration.rasa_processes, configuration.env())
        try:
            product.start(wait_running=wait_running)
            yield product
        finally:
            product.stop()


def _product_pids(product: Product) -> List[int]:
    """The processes supervisord started for ``product`` (its children, from /proc)."""
    supervisor = (product.var / "supervisord.pid").read_text().strip()
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError):
            if stat.read_text().rsplit(")", 1)[1].split()[1] == supervisor:
                children.append(int(stat.parent.name))
    return children


async def settle(product: Product, idle_share: float = 0.1, most_seconds: float = 30) -> None:
    """Wait until the product's processes together use less than ``idle_share`` of one core over
    half a second (Rasa may still be working off requests the front door gave up on), at most
    ``most_seconds``."""
    started = time.monotonic()
    while time.monotonic() - started < most_seconds:
        pids = _product_pids(product)
        before = sum(_cpu(pid) for pid in pids)
        await asyncio.sleep(0.5)
        if sum(_cpu(pid) for pid in pids) - before < idle_share * 0.5:
            return


def _cpu(pid: int) -> float:
    try:
        return cpu_seconds(pid)
    except (OSError, IndexError):
        return 0.0  # gone meanwhile


async def warm_up(ways: List[Tuple[str, Customer]], seconds: float = 4.0) -> List[str]:
    """Four conversations at a time through each way in for ``seconds``, not measured (Rasa and the
    front door build parts on first use); returns a warning per way in with unanswered turns."""
    warnings = []
    for name, new_customer in ways:
        turns, _, failed = await closed_loop(new_customer, 4, seconds, 0.0, random.Random(0))
        unanswered = sum(turn.outcome != ANSWERED for turn in turns)
        if unanswered or failed:
            warnings.append(f"warning: warm-up {name}: {unanswered} of {len(turns)} turns not answered, "
                            f"{failed} conversations could not start")
    return warnings
