"""The web pages: the demo site with the chat widget at ``/``, the agent console at ``/console``,
their static files, and the widget's configuration.

Front-end packages come from the npm registry (``web/package.json``, built by ``make web``); the
Socket.IO client is served from there, so no third-party CDN is involved.
"""
from __future__ import annotations

from pathlib import Path

import yaml
from aiohttp import web

from handoff.console.views import _agent
from handoff.config import ROOT
from handoff.keys import SETTINGS

STATIC = Path(__file__).resolve().parent / "static"
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


async def vendor(request: web.Request) -> web.StreamResponse:
    """Front-end packages from the npm registry; 404 with a hint when ``make web`` has not run."""
    path = VENDOR.get(request.match_info["name"])
    if path is None:
        raise web.HTTPNotFound()
    if not path.exists():
        raise web.HTTPNotFound(text=f"{path.name} is not built: run `make web`")
    return web.FileResponse(path, headers={"Cache-Control": "max-age=3600", "X-Content-Type-Options": "nosniff"})


def _notice(request: web.Request) -> dict:
    settings = request.app[SETTINGS]
    try:
        return yaml.safe_load(settings.incident_file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}


async def widget_config(request: web.Request) -> web.Response:
    """What the widget shows besides messages: retention, the notice link, the company name."""
    notice = _notice(request)
    return web.json_response({
        "retention_days": request.app[SETTINGS].retention_days,
        "notice_url": (notice.get("contacts") or {}).get("notice_url"),
        "company": notice.get("company"),
        "headline": notice.get("headline"),
        "languages": ["en", "de"],
    })


def canned_replies(notice: dict, language: str) -> list:
    """Ready answers for agents, built from the incident notice: ``[{"title", "text"}]``."""
    def text(value) -> str:
        return value.get(language) or value.get("en", "") if isinstance(value, dict) else ""

    contacts = notice.get("contacts") or {}
    hotline = contacts.get("hotline") or {}
    dpo = contacts.get("dpo") or {}
    titles = {
        "en": ["What happened", "What you can do", "What we will never ask", "Hotline", "Data protection officer"],
        "de": ["Was passiert ist", "Was Sie tun können", "Was wir nie fragen", "Hotline", "Datenschutzbeauftragte(r)"],
    }["de" if language == "de" else "en"]
    texts = [
        text((notice.get("what_happened") or {}).get("summary")),
        text(notice.get("what_you_can_do")),
        text((notice.get("how_we_contact") or {}).get("never")),
        f"{hotline.get('phone', '')}. {text(hotline.get('hours'))}".strip(". "),
        f"{dpo.get('name', '')}, {dpo.get('email', '')}".strip(", "),
    ]
    return [{"title": title, "text": body} for title, body in zip(titles, texts) if body]


async def canned(request: web.Request) -> web.Response:
    """``GET /console/api/canned?language=de``: canned replies (agents only)."""
    await _agent(request)
    language = request.query.get("language", "en")
    return web.json_response(canned_replies(_notice(request), language))


def setup(app: web.Application) -> None:
    """Add the page routes."""
    app.router.add_get("/", demo)
    app.router.add_get("/console", console)
    app.router.add_get("/widget/config", widget_config)
    app.router.add_get("/console/api/canned", canned)
    app.router.add_get("/static/vendor/{name}", vendor)
    app.router.add_static("/static/", STATIC, show_index=False, append_version=True)
