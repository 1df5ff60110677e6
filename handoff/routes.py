"""URL map of the front door. Views live with their area."""
from __future__ import annotations

from aiohttp import web

from handoff import pages
from handoff.activation import views as activation
from handoff.channels import rest
from handoff.console import views as console
from handoff.inbox import views as inbox
from handoff.health import views as health_views
from handoff.studio_api import intents as studio_intents
from handoff.insights import views as insights
from handoff.studio_api import preview as studio_preview
from handoff.studio_api import views as studio
from handoff.suggestions import views as suggestions
from handoff.training import views as training


async def health(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def setup(app: web.Application) -> None:
    """Add every HTTP route to ``app`` (Socket.IO attaches itself at ``/socket.io/``)."""
    app.router.add_get("/health", health)
    health_views.setup(app)
    app.router.add_post("/webhooks/rest/webhook", rest.webhook)
    app.router.add_post("/webhooks/rest/messages", rest.messages)
    app.router.add_post("/webhooks/rest/transcript", rest.transcript)
    app.router.add_post("/console/api/login", console.login)
    app.router.add_post("/console/api/logout", console.logout)
    app.router.add_get("/console/api/me", console.me)
    app.router.add_post("/console/api/availability", console.availability)
    app.router.add_get("/console/api/queue", console.queue)
    app.router.add_get("/console/api/conversations/{id}", console.transcript)
    app.router.add_post("/console/api/conversations/{id}/claim", console.claim)
    app.router.add_post("/console/api/conversations/{id}/messages", console.reply)
    app.router.add_post("/console/api/conversations/{id}/notes", console.note)
    app.router.add_post("/console/api/conversations/{id}/hand-back", console.hand_back)
    app.router.add_post("/console/api/conversations/{id}/resolve", console.resolve)
    app.router.add_get("/console/api/mine", console.mine)
    studio.setup(app)
    studio_preview.setup(app)
    studio_intents.setup(app)
    insights.setup(app)
    inbox.setup(app)
    suggestions.setup(app)
    activation.setup(app)
    training.setup(app)
    pages.setup(app)
