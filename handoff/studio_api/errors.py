"""The studio API's error answers in the studio user's language: ``{"error": <sentence>, "code": <key>}``,
the sentence being text ``key`` of section ``studio_api`` of the published ``ui`` document
(``data/content/ui.yml``, English and German) with its ``{placeholders}`` filled in."""
from __future__ import annotations

import json
import re
from typing import Any, NoReturn, Type

from aiohttp import web

from handoff import ui_texts

SECTION = "studio_api"
# The flow's refusals (``handoff.studio.flow``, English for the log) as keys of section ``studio_api``;
# the captured numbers and states fill the text's placeholders.
REFUSALS = (
    (re.compile(r"an approver may not approve their own draft"), "own_draft"),
    (re.compile(r"this draft fails the checks"), "fails_checks"),
    (re.compile(r"you approved this draft already"), "approved_already"),
    (re.compile(r"say what should change"), "comment_empty"),
    (re.compile(r"version (?P<version>\d+) is (?P<status>[a-z ]+), not (?P<wanted>[a-z_]+)$"), "wrong_state"),
    (re.compile(r"version (?P<version>\d+) is no longer the newest"), "not_newest"),
    (re.compile(r"version (?P<version>\d+) was never published"), "never_published"),
)
STATUSES = ("draft", "approved", "sent_back", "published", "replaced")


def language(request: web.Request) -> str:
    """The studio user's language: "de" when ``Accept-Language`` starts with German, else "en"."""
    first = request.headers.get("Accept-Language", "").split(",")[0].strip().lower()
    return "de" if first[:2] == "de" else "en"


def message(request: web.Request, key: str, /, **values: Any) -> str:
    """Text ``key`` of section ``studio_api`` in the user's language, ``values`` filled in."""
    return ui_texts.text(request.app, SECTION, key, language(request), **values)


def fail(request: web.Request, error: Type[web.HTTPException], key: str, /, **values: Any) -> NoReturn:
    """Raise ``error`` with ``{"error": message, "code": key}`` (the extra headers of 413 included)."""
    body = json.dumps({"error": message(request, key, **values), "code": key}, ensure_ascii=False)
    if error is web.HTTPRequestEntityTooLarge:
        raise error(max_size=values["limit"], actual_size=values["size"], text=body, content_type="application/json")
    raise error(text=body, content_type="application/json")


def answer(request: web.Request, status: int, key: str, /, **extra: Any) -> web.Response:
    """A JSON error answer ``{"error", "code", **extra}`` (``extra`` also fills the text's placeholders)."""
    return web.json_response({"error": message(request, key, **extra), "code": key, **extra}, status=status)


def refuse(request: web.Request, error: Type[web.HTTPException], refused: Exception) -> NoReturn:
    """A flow refusal in the user's language (a role name: the role may not; an unknown refusal: as
    the flow words it)."""
    said = str(refused)
    if said in ("agent", "supervisor", "comms_editor", "approver", "annotator"):
        fail(request, error, "role_refused")
    for pattern, key in REFUSALS:
        found = pattern.search(said)
        if found:
            values = found.groupdict()
            for name in ("status", "wanted"):
                if name in values:
                    status = values[name].replace(" ", "_")
                    values[name] = ui_texts.text(request.app, "studio", f"status_{status}", language(request)) \
                        if status in STATUSES else values[name]
            fail(request, error, key, **values)
    raise error(text=json.dumps({"error": said, "code": "refused"}), content_type="application/json")
