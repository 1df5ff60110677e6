"""The pages' own texts at run time: the studio's published ``ui`` document (``data/content/ui.yml``),
so that a published wording change reaches the widget, the console and the studio on their next load
without ``make web`` or a restart. The bundles keep the texts they were built with as the fallback
(first paint, offline); the pages lay the served texts over them (``handoff/static/src/shared/texts.js``).

Routes:
* ``GET /widget/texts``: section ``widget`` for everyone (customers' pages, any origin, no cookies).
* ``GET /console/api/texts``: sections ``console`` and ``intents`` for console users.
* ``GET /studio/api/texts``: section ``studio`` for studio users.
* the intent editor's, the inbox's and the insights' texts (``.../texts`` of their APIs) with
  section ``intents``. Section ``intents`` names the repo's intents (ui.yml); the intents made in the
  studio keep their plain name with the intent (``intents.titles``): ``respond_with_intents`` adds them.

Each answer carries an ``ETag`` (a hash of its body) and ``Cache-Control: no-cache``: browsers ask
again on every load and get ``304 Not Modified`` until something is published.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any, Dict, Optional, Tuple

import yaml
from aiohttp import web

import contract
from actions.content.fill import fill
from handoff.config import ROOT
from handoff.intents import answers as studio_intents
from handoff.keys import PUBLISHED, SESSIONS

UI_FILE = ROOT / "data" / "content" / "ui.yml"
LANGUAGES = tuple(contract.languages())


def _file() -> Dict[str, Any]:
    """data/content/ui.yml (no published content yet: a database that was never seeded)."""
    try:
        data = yaml.safe_load(UI_FILE.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def document(app: web.Application) -> Dict[str, Any]:
    """The published ``ui`` document (YAML data), else the repo file; {} when neither is readable."""
    published = app.get(PUBLISHED)
    found = published.versioned("ui") if published is not None else None
    return found[1] if found is not None else _file()


def section(data: Dict[str, Any], name: str) -> Dict[str, Dict[str, str]]:
    """Section ``name`` as ``{key: {language: text}}``, keeping only non-empty texts of known
    languages (the pages fall back to their bundled text for anything left out)."""
    found = data.get(name) if isinstance(data, dict) else None
    if not isinstance(found, dict):
        return {}
    clean: Dict[str, Dict[str, str]] = {}
    for key, value in found.items():
        if isinstance(key, str) and isinstance(value, dict):
            texts = {language: value[language] for language in LANGUAGES
                     if isinstance(value.get(language), str) and value[language].strip()}
            if texts:
                clean[key] = texts
    return clean


def text(app: web.Application, section_name: str, key: str, language: str, /, **values: Any) -> str:
    """Text ``key`` of section ``section_name`` in ``language`` (else English) with ``{values}`` filled
    in; the repo file's text when the published document lacks it (a section added after the seed);
    the key itself when neither has it (a broken document must not break an answer)."""
    entry = section(document(app), section_name).get(key) or section(_file(), section_name).get(key) or {}
    template = entry.get(language) or entry.get("en") or key
    try:
        return fill(template, **values)
    except (KeyError, IndexError, ValueError):
        return template


# sections -> (the published document they were made from, body, ETag): every widget load asks, a
# publish is rare. The document is compared by identity (a refresh makes new objects; holding it
# keeps its id from being reused).
_BODIES: Dict[Tuple[str, ...], Tuple[Any, bytes, str]] = {}


def _body(app: web.Application, names: Tuple[str, ...],
          extra: Optional[Dict[str, Dict[str, Dict[str, str]]]] = None) -> Tuple[bytes, str]:
    published = app.get(PUBLISHED)
    found = published.versioned("ui") if published is not None else None
    data = found[1] if found is not None else None
    cached = _BODIES.get(names)
    if data is not None and cached is not None and cached[0] is data and not extra:
        return cached[1], cached[2]
    sections = {name: section(data if data is not None else _file(), name) for name in names}
    for name, entries in (extra or {}).items():
        if name in sections:
            sections[name] = {**entries, **sections[name]}  # the document's own entries win
    body = json.dumps(sections, ensure_ascii=False, sort_keys=True).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if data is not None and not extra:
        _BODIES[names] = (data, body, etag)
    return body, etag


def respond(request: web.Request, names: Tuple[str, ...], private: bool,
            headers: Optional[Dict[str, str]] = None,
            extra: Optional[Dict[str, Dict[str, Dict[str, str]]]] = None) -> web.Response:
    """The sections ``names`` as JSON with an ETag; 304 when the browser's copy is current.
    ``extra``: entries added to a section (``{section: {key: {language: text}}}``), its own win."""
    body, etag = _body(request.app, names, extra)
    common = {"ETag": etag, "Cache-Control": ("private, " if private else "") + "no-cache",
              "X-Content-Type-Options": "nosniff", **(headers or {})}
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        return web.Response(status=304, headers=common)
    return web.Response(body=body, content_type="application/json", charset="utf-8", headers=common)


async def respond_with_intents(request: web.Request, names: Tuple[str, ...], private: bool = True) -> web.Response:
    """``respond`` for users of the console and the studio, with the plain names of the intents made
    in the studio (``handoff.intents.answers.titles``) added to section ``intents``."""
    async with request.app[SESSIONS]() as session:
        titles = await studio_intents.titles(session)
    return respond(request, names, private, extra={"intents": titles} if titles else None)


async def widget(request: web.Request) -> web.Response:
    """``GET /widget/texts``: ``{"widget": {key: {en, de}}}``, the published widget texts. Public (the
    widget runs on the company's own site too): no cookies are read, any origin may fetch it."""
    return respond(request, ("widget",), private=False, headers={"Access-Control-Allow-Origin": "*"})
