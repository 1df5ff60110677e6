"""The web pages: the demo site with the chat widget at ``/``, the agent console at ``/console``,
their static files, and the widget's configuration.

Front-end packages come from the npm registry (``web/package.json``, installed by ``make web``); the
Socket.IO client is served from there, so no third-party CDN is involved. The widget's and the console's
scripts are bundles that ``make web`` builds from ``handoff/static/src/`` (with ``data/contract.json``
and ``data/content/ui.yml``) into ``handoff/static/dist/``; they keep their public URLs
``/static/widget.js`` and ``/static/console.js``. Their texts as published in the studio come at run
time from ``/widget/texts`` and ``/console/api/texts`` (``handoff.ui_texts``).
"""
from __future__ import annotations

import json
from pathlib import Path

import yaml

import contract
from aiohttp import web

from handoff import ui_texts
from handoff.console.views import _agent
from handoff.config import ROOT
from handoff.keys import DEPS, PUBLISHED, SETTINGS
from handoff.suggestions import canned as studio_canned

STATIC = Path(__file__).resolve().parent / "static"
UI_TEXTS = ROOT / "data" / "content" / "ui.yml"
BUNDLES = STATIC / "dist"
VENDOR = {
    "socket.io.min.js": ROOT / "web" / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js",
}
# Pages run only our own scripts and talk only to this service (CSP 3: 'self' covers ws:/wss: of
# the same host; "ws: wss:" would allow sockets to any host).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; media-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
       "form-action 'self'")


def _page(name: str) -> web.FileResponse:
    response = web.FileResponse(STATIC / name)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


async def demo(_request: web.Request) -> web.FileResponse:
    """The demo website of the fictional company, with the incident banner and the widget."""
    return _page("demo.html")


async def console(_request: web.Request) -> web.FileResponse:
    """The agent console (a single page using the console API and the agent socket)."""
    return _page("console.html")


async def studio(_request: web.Request) -> web.FileResponse:
    """The comms studio (a single page using the studio API; it logs in like the console)."""
    return _page("studio.html")


async def studio_intents(_request: web.Request) -> web.FileResponse:
    """The studio's intent editor (issue 13; API ``handoff.studio_api.intents``)."""
    return _page("studio-intents.html")


async def studio_suggestions(_request: web.Request) -> web.FileResponse:
    """The studio's page of agents' suggestions (``handoff.suggestions``; log in at ``/studio``)."""
    return _page("studio-suggestions.html")


async def studio_insights(_request: web.Request) -> web.FileResponse:
    """The studio's insights page (numbers, charts, drill-down; ``handoff.insights``)."""
    return _page("studio-insights.html")


async def studio_models(_request: web.Request) -> web.FileResponse:
    """The studio's trainings and models (``handoff.training``: queue, progress, gate report, activation)."""
    return _page("studio-models.html")


async def vendor(request: web.Request) -> web.StreamResponse:
    """Front-end packages from the npm registry; 404 with a hint when ``make web`` has not run."""
    path = VENDOR.get(request.match_info["name"])
    if path is None:
        raise web.HTTPNotFound()
    if not path.exists():
        raise web.HTTPNotFound(text=f"{path.name} is not built: run `make web`")
    return web.FileResponse(path, headers={"Cache-Control": "max-age=3600", "X-Content-Type-Options": "nosniff"})


async def bundle(request: web.Request) -> web.StreamResponse:
    """A built script (``widget.js``, ``console.js``, their source maps and licence notes); 404 with a hint when
    ``make web`` has not built it."""
    name = request.match_info["name"]
    path = BUNDLES / name
    if not path.is_file():
        raise web.HTTPNotFound(text=f"{name} is not built: run `make web`")
    return web.FileResponse(path, headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"})


def _ui_texts() -> dict:
    """data/content/ui.yml, read at each use so that a wording change needs no restart."""
    try:
        return yaml.safe_load(UI_TEXTS.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}


def _notice(request: web.Request) -> dict:
    """The incident notice as plain data, from the front door's one notice reader (validated, reloaded
    when edited); empty when it is missing or broken."""
    notice = request.app[DEPS].content.notice()
    return json.loads(notice.json()) if notice is not None else {}


async def widget_config(request: web.Request) -> web.Response:
    """What the widget shows besides messages: retention, the notice link, the company name."""
    notice = _notice(request)
    return web.json_response({
        "retention_days": request.app[SETTINGS].retention_days,
        "notice_url": (notice.get("contacts") or {}).get("notice_url"),
        "company": notice.get("company"),
        "headline": notice.get("headline"),
        "languages": list(contract.languages()),
    })


def canned_replies(notice: dict, language: str, titles: dict | None = None) -> list:
    """Ready answers for agents, built from the incident notice: ``[{"title", "text"}]``. ``titles``
    maps each reply to its title per language (default: section ``canned`` of data/content/ui.yml; the
    console's route passes the published section)."""
    language = "de" if language == "de" else "en"

    def text(value) -> str:
        return value.get(language) or value.get("en", "") if isinstance(value, dict) else ""

    titles = titles if titles is not None else _ui_texts().get("canned", {})
    contacts = notice.get("contacts") or {}
    hotline = contacts.get("hotline") or {}
    dpo = contacts.get("dpo") or {}
    texts = {
        "what_happened": text((notice.get("what_happened") or {}).get("summary")),
        "what_you_can_do": text(notice.get("what_you_can_do")),
        "never_asked": text((notice.get("how_we_contact") or {}).get("never")),
        "hotline": f"{hotline.get('phone', '')}. {text(hotline.get('hours'))}".strip(". "),
        "dpo": f"{dpo.get('name', '')}, {dpo.get('email', '')}".strip(", "),
    }
    return [{"title": text(titles.get(key)) or key, "text": body} for key, body in texts.items() if body]


async def canned(request: web.Request) -> web.Response:
    """``GET /console/api/canned?language=de``: canned replies (agents only): those built from the
    notice, then those the studio published (``handoff.suggestions.canned``)."""
    await _agent(request)
    language = request.query.get("language", "en")
    titles = ui_texts.section(ui_texts.document(request.app), "canned")
    found = request.app[PUBLISHED].versioned(studio_canned.DOCUMENT) if PUBLISHED in request.app else None
    return web.json_response(canned_replies(_notice(request), language, titles or None)
                             + studio_canned.published(found[1] if found else None, "de" if language == "de" else "en"))


async def console_texts(request: web.Request) -> web.Response:
    """``GET /console/api/texts``: ``{"console": {...}, "intents": {...}}``, the published console
    texts (console users; 401/403 otherwise), with an ETag (``handoff.ui_texts``)."""
    await _agent(request)
    return await ui_texts.respond_with_intents(request, ("console", "intents"))


def setup(app: web.Application) -> None:
    """Add the page routes."""
    app.router.add_get("/", demo)
    app.router.add_get("/console", console)
    app.router.add_get("/studio", studio)
    app.router.add_get("/studio/intents", studio_intents)
    app.router.add_get("/studio/suggestions", studio_suggestions)
    app.router.add_get("/studio/insights", studio_insights)
    app.router.add_get("/studio/models", studio_models)
    app.router.add_get("/widget/config", widget_config)
    app.router.add_get("/widget/texts", ui_texts.widget)
    app.router.add_get("/console/api/texts", console_texts)
    app.router.add_get("/console/api/canned", canned)
    app.router.add_get("/static/vendor/{name}", vendor)
    app.router.add_get(r"/static/{name:(widget|console|studio|studio-intents|studio-inbox|studio-suggestions"
                       r"|studio-insights|studio-models)\.js(\.map|\.LEGAL\.txt)?}", bundle)
    app.router.add_static("/static/", STATIC, show_index=False, append_version=True)
