"""The publish flow of one field: draft -> approve (or send back) -> publish; rollback; every step
audited in ``content_audit`` (who, when, what, note).

Rules (issue 12; NIST SP 800-61 / FTC breach guide: public wording goes out only once approved):
* ``comms_editor`` (and ``approver``) save drafts. A save names the version it started from (``base_version``); when
  that is not the field's newest version someone saved in between: :class:`Conflict`, nothing stored.
* A draft that fails the checks is saved (``checks_passed`` False) but cannot be approved.
* ``approver`` approves or sends back (comment required) the newest draft, never their own; with
  ``approvals_required`` 2 (setting ``STUDIO_APPROVALS_REQUIRED``) two different approvers must approve.
* Publishing needs an approved version (``comms_editor`` or ``approver`` may publish it), now or at
  a time (:func:`publish_due`, run every second by the front door, publishes what is due).
* Rollback (``approver``) publishes the text of an earlier published version as a new version.
* Supervisors, editors and approvers read; other roles get :class:`Forbidden`.
"""
from __future__ import annotations

import contract
import asyncio
import datetime as dt
import logging
from typing import Callable, List, Optional, Sequence

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from handoff.agents.models import Agent
from handoff.db import utcnow
from handoff.studio.models import ContentApproval, ContentAudit, ContentField, ContentVersion
from handoff.studio.store import bump_revision

logger = logging.getLogger(__name__)
READERS = contract.studio_page_roles("texts")
EDITORS = frozenset({"comms_editor", "approver"})  # approvers may fix wording; never approve it themselves
APPROVERS = frozenset({"approver"})
PUBLISHERS = frozenset({"comms_editor", "approver"})
OPEN = ("draft", "approved")  # waiting for a step; a newer save replaces them (sent_back stays, as a record)


class Forbidden(Exception):
    """The user's role may not do this, or an approver tried to approve their own draft (403)."""


class NotFound(LookupError):
    """No such field or version (404)."""


class Conflict(Exception):
    """The field changed since the editor's base version (409); ``latest`` is the newest version."""

    def __init__(self, latest: ContentVersion) -> None:
        super().__init__(f"version {latest.version} was saved meanwhile")
        self.latest = latest


class Refused(ValueError):
    """The step does not fit the version's state (422): e.g. approving a draft that fails checks."""


def require(agent: Agent, roles: Sequence[str]) -> None:
    """Raise :class:`Forbidden` unless ``agent`` has one of ``roles``."""
    if agent.role not in roles:
        raise Forbidden(agent.role)


async def field(session: AsyncSession, field_id: int) -> ContentField:
    """The field ``field_id``. Raises NotFound."""
    found = await session.get(ContentField, field_id)
    if found is None:
        raise NotFound(f"field {field_id}")
    return found


async def versions(session: AsyncSession, field_id: int) -> List[ContentVersion]:
    """Every version of a field, newest first."""
    return list(await session.scalars(select(ContentVersion).where(ContentVersion.field_id == field_id)
                                      .order_by(ContentVersion.version.desc())))


async def latest(session: AsyncSession, field_id: int) -> ContentVersion:
    """The newest version of a field (there is always the seed). Raises NotFound."""
    found = await session.scalar(select(ContentVersion).where(ContentVersion.field_id == field_id)
                                 .order_by(ContentVersion.version.desc()).limit(1))
    if found is None:
        raise NotFound(f"field {field_id}")
    return found


async def _version(session: AsyncSession, field_id: int, version: int) -> ContentVersion:
    found = await session.scalar(select(ContentVersion).where(ContentVersion.field_id == field_id,
                                                              ContentVersion.version == version))
    if found is None:
        raise NotFound(f"field {field_id} version {version}")
    return found


def _audit(session: AsyncSession, agent: Agent, action: str, version: ContentVersion, note: Optional[str]) -> None:
    session.add(ContentAudit(agent_id=agent.id, action=action, field_id=version.field_id,
                             version=version.version, note=note))


async def save_draft(session: AsyncSession, *, agent: Agent, field_id: int, text: str, base_version: int,
                     checks_passed: bool, note: Optional[str] = None) -> ContentVersion:
    """Store ``text`` as the field's new newest version (a draft); older open versions are replaced.

    Raises:
        Forbidden, NotFound, Conflict (``base_version`` is not the newest version).
    """
    require(agent, EDITORS)
    await field(session, field_id)
    newest = await latest(session, field_id)
    if newest.version != base_version:
        raise Conflict(newest)
    await session.execute(update(ContentVersion).where(ContentVersion.field_id == field_id,
                                                       ContentVersion.status.in_(OPEN))
                          .values(status="replaced"))
    draft = ContentVersion(field_id=field_id, version=newest.version + 1, text=text, status="draft",
                           base_version=base_version, checks_passed=checks_passed, note=note,
                           author_id=agent.id, created_at=utcnow())
    session.add(draft)
    await session.flush()  # the unique (field, version) key turns a race into an IntegrityError
    _audit(session, agent, "draft.saved", draft, note)
    return draft


async def _newest_open(session: AsyncSession, field_id: int, version: int, status: str) -> ContentVersion:
    found = await _version(session, field_id, version)
    if found.status != status:
        raise Refused(f"version {version} is {found.status.replace('_', ' ')}, not {status}")
    if (await latest(session, field_id)).version != version:
        raise Refused(f"version {version} is no longer the newest")
    return found


async def approve(session: AsyncSession, *, agent: Agent, field_id: int, version: int,
                  note: Optional[str] = None, approvals_required: int = 1) -> ContentVersion:
    """Record ``agent``'s approval of the newest draft; it is approved once ``approvals_required``
    different approvers approved it (until then its status stays "draft").

    Raises:
        Forbidden (role; own draft), NotFound, Refused (fails checks; approved by this agent already).
    """
    require(agent, APPROVERS)
    draft = await _newest_open(session, field_id, version, "draft")
    if draft.author_id == agent.id:
        raise Forbidden("an approver may not approve their own draft")
    if not draft.checks_passed:
        raise Refused("this draft fails the checks; the editor must fix it first")
    if await session.scalar(select(ContentApproval.id).where(ContentApproval.version_id == draft.id,
                                                             ContentApproval.agent_id == agent.id)):
        raise Refused("you approved this draft already; a second approver is needed")
    session.add(ContentApproval(version_id=draft.id, agent_id=agent.id))
    await session.flush()
    if await approvals(session, draft) >= approvals_required:
        draft.status, draft.approver_id, draft.approved_at = "approved", agent.id, utcnow()
    _audit(session, agent, "draft.approved", draft, note)
    return draft


async def approvals(session: AsyncSession, version: ContentVersion) -> int:
    """How many approvers approved ``version``."""
    return int(await session.scalar(select(func.count()).select_from(ContentApproval)
                                    .where(ContentApproval.version_id == version.id)) or 0)


async def send_back(session: AsyncSession, *, agent: Agent, field_id: int, version: int,
                    comment: str) -> ContentVersion:
    """Return the newest draft to its editor with ``comment``. Raises Forbidden, NotFound, Refused."""
    require(agent, APPROVERS)
    if not comment.strip():
        raise Refused("say what should change: the comment is empty")
    draft = await _newest_open(session, field_id, version, "draft")
    draft.status = "sent_back"
    _audit(session, agent, "draft.sent_back", draft, comment)
    return draft


async def _publish(session: AsyncSession, agent: Agent, version: ContentVersion) -> None:
    version.status, version.publisher_id, version.published_at = "published", agent.id, utcnow()
    content_field = await field(session, version.field_id)
    content_field.published_version = version.version
    await bump_revision(session)


async def publish(session: AsyncSession, *, agent: Agent, field_id: int, version: int,
                  note: Optional[str] = None, at: Optional[dt.datetime] = None,
                  now: Optional[dt.datetime] = None, customer_note: Optional[str] = None) -> ContentVersion:
    """Serve the approved newest version to customers now, or schedule it for ``at`` (aware UTC)
    when that is after ``now``. ``customer_note``: what changed, for customers (kept with the
    version, also when scheduled; approvers only). Raises Forbidden, NotFound, Refused."""
    require(agent, PUBLISHERS)
    if customer_note:
        # What every customer is told goes out only with an approver's word (security review: an
        # editor's note reached customers unreviewed, its links made clickable by the widget).
        require(agent, APPROVERS)
    approved = await _newest_open(session, field_id, version, "approved")
    approved.customer_note = customer_note or None
    told = f" | to customers: {customer_note}" if customer_note else ""
    if at is not None and at > (now or utcnow()):
        approved.publish_at, approved.publisher_id = at, agent.id
        _audit(session, agent, "version.scheduled", approved,
               f"{at.isoformat()}" + (f": {note}" if note else "") + told)
        return approved
    await _publish(session, agent, approved)
    _audit(session, agent, "version.published", approved, (note or "") + told or None)
    return approved


async def publish_due(session: AsyncSession, now: dt.datetime) -> int:
    """Publish every scheduled version whose time has come and that is still approved and newest
    (a newer save replaced it otherwise). Safe with several front door processes: the status
    change is conditional, so one process publishes each version. Returns how many were published."""
    published = 0
    due = await session.scalars(select(ContentVersion).where(ContentVersion.status == "approved",
                                                             ContentVersion.publish_at <= now))
    for version in list(due):
        claimed = await session.execute(update(ContentVersion).where(
            ContentVersion.id == version.id, ContentVersion.status == "approved").values(status="published"))
        if claimed.rowcount != 1:
            continue
        version.published_at = now
        (await field(session, version.field_id)).published_version = version.version
        await bump_revision(session)
        session.add(ContentAudit(agent_id=version.publisher_id, action="version.published",
                                 field_id=version.field_id, version=version.version, note="as scheduled"))
        published += 1
    return published


async def publish_due_periodically(sessions: async_sessionmaker, clock: Callable[[], dt.datetime],
                                   interval: float = 1.0) -> None:
    """Run :func:`publish_due` every ``interval`` seconds until cancelled (errors are logged)."""
    while True:
        try:
            async with sessions() as session:
                if await publish_due(session, clock()):
                    await session.commit()
        except Exception as error:  # noqa: BLE001 - the next round tries again
            logger.warning("scheduled publishing failed: %s", type(error).__name__)
        await asyncio.sleep(interval)


async def rollback(session: AsyncSession, *, agent: Agent, field_id: int, version: int,
                   note: Optional[str] = None, customer_note: Optional[str] = None) -> ContentVersion:
    """Publish the text of earlier published ``version`` as a new version (open drafts are replaced);
    ``customer_note``: what changed, for customers.

    Raises:
        Forbidden, NotFound, Refused (``version`` was never published).
    """
    require(agent, APPROVERS)
    old = await _version(session, field_id, version)
    if old.published_at is None:
        raise Refused(f"version {version} was never published")
    newest = await latest(session, field_id)
    await session.execute(update(ContentVersion).where(ContentVersion.field_id == field_id,
                                                       ContentVersion.status.in_(OPEN))
                          .values(status="replaced"))
    now = utcnow()
    restored = ContentVersion(field_id=field_id, version=newest.version + 1, text=old.text, status="published",
                              base_version=newest.version, checks_passed=old.checks_passed,
                              note=note or f"rollback to version {version}", author_id=old.author_id,
                              created_at=now, approver_id=agent.id, approved_at=now,
                              customer_note=customer_note or None)
    session.add(restored)
    await session.flush()
    await _publish(session, agent, restored)
    _audit(session, agent, "version.rolled_back", restored, f"to version {version}" + (f": {note}" if note else "")
           + (f" | to customers: {customer_note}" if customer_note else ""))
    return restored

