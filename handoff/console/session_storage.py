"""aiohttp-session storage that keeps agent sessions in the database (``agent_sessions``).

The cookie carries only a random id; data, creation and last use are on the server, so logging out
or a password change ends the session for every copy of the cookie (a cookie-only session could not
be revoked). The clock is the app's (``Deps.clock``), so tests move time instead of sleeping.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from aiohttp import web
from aiohttp_session import AbstractStorage, Session

from handoff.agents import sessions as login_sessions
from handoff.agents.auth import COOKIE_NAME
from handoff.keys import DEPS, SESSIONS


class DatabaseStorage(AbstractStorage):
    """Server-side sessions: idle limit ``idle``, absolute limit ``absolute`` (ASVS V3.3)."""

    def __init__(self, *, secure: bool, idle: dt.timedelta = login_sessions.IDLE,
                 absolute: dt.timedelta = login_sessions.ABSOLUTE) -> None:
        # No max_age: a browser-session cookie; the server decides when the session ends.
        super().__init__(cookie_name=COOKIE_NAME, httponly=True, samesite="Strict", secure=secure,
                         path="/", max_age=None)
        self.idle, self.absolute = idle, absolute

    @staticmethod
    def _now(request: web.Request) -> dt.datetime:
        return request.app[DEPS].clock()

    async def load_session(self, request: web.Request) -> Session:
        token: Optional[str] = self.load_cookie(request)
        if not token or len(token) > 128:
            return Session(None, data=None, new=True, max_age=None)
        async with request.app[SESSIONS]() as db:
            found = await login_sessions.load(db, token=token, now=self._now(request), idle=self.idle,
                                              absolute=self.absolute)
            await db.commit()
        if found is None:
            return Session(None, data=None, new=True, max_age=None)
        data, created = found
        return Session(token, data={"created": int(created.timestamp()), "session": data}, new=False,
                       max_age=None)

    async def save_session(self, request: web.Request, response: web.StreamResponse,
                           session: Session) -> None:
        async with request.app[SESSIONS]() as db:
            if session.empty:
                if session.identity:
                    await login_sessions.end(db, token=session.identity)
                await db.commit()
                self.save_cookie(response, "", max_age=None)
                return
            data = dict(session)
            if session.identity is None or session.new:
                if not isinstance(data.get("agent_id"), int):
                    return  # only a login creates a session
                earlier = self.load_cookie(request)
                if earlier and len(earlier) <= 128:
                    await login_sessions.end(db, token=earlier)  # a new login ends the browser's old one
                token = await login_sessions.create(db, agent_id=data["agent_id"], data=data,
                                                    now=self._now(request))
                await db.commit()
                self.save_cookie(response, token, max_age=None)
                return
            await login_sessions.update(db, token=session.identity, data=data)
            await db.commit()
