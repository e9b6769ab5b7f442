"""Record audit entries, and find them again. Callers describe what happened; this module adds
who, when, where.

Never pass secrets (passwords, tokens, share-link secrets) in `detail`: entries are kept
and shown to admins.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, UTC

from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy import Select, select, update

from advisor.extensions import db
from advisor.models.audit import AuditEntry
from advisor.services.changed_rows import changed_rows
from advisor.services.matching import contains

# The actor outside any request: a `flask --app advisor ...` command run on the server.
CLI_ACTOR = "cli"


def _default_actor() -> object:
    """Who is acting when the caller does not say: the API token's account, else the signed-in
    user, else (no request at all) the command line."""
    if not has_request_context():
        return CLI_ACTOR
    token = g.get("api_token")
    if token is not None:
        return token.user
    if current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def record(action: str, object_type: str | None = None, object_id: object = None,
           detail: str | None = None, *, actor: object = None) -> AuditEntry:
    """Add an entry to the current transaction (the caller commits, so the entry stands or
    falls with the change it describes). `actor` defaults to the API token's account, else the
    signed-in user, else "cli" outside a request; pass a User, or a string like "share link"
    or an email for sign-in attempts."""
    if actor is None:
        actor = _default_actor()
    actor_id = getattr(actor, "id", None)
    actor_name = getattr(actor, "email", None) or (str(actor) if actor else "anonymous")
    entry = AuditEntry(
        actor_id=actor_id, actor=actor_name[:254], action=action[:64], object_type=object_type,
        object_id=None if object_id is None else str(object_id)[:64],
        detail=None if detail is None else detail[:500],
        ip=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    return entry


def record_read(action: str, object_type: str | None = None, object_id: object = None,
                detail: str | None = None) -> None:
    """Record a read (a view or an export) and commit it: a read has no change to ride with.

    The commit leaves what the request loaded (the signed-in user, the student) loaded: the
    entry changed none of it, and expiring it would read it all again for the page."""
    record(action, object_type, object_id, detail)
    session = db.session()
    keep = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = keep


def record_counted(action: str, object_type: str, object_id: object, detail: str | None,
                   *, actor: object, now: datetime,
                   period: timedelta = timedelta(hours=1)) -> None:
    """Count one more `action` on the object in the entry of the current period (by default
    the clock hour), or start that entry: one row per object and hour instead of one per
    event, for frequent reads. The caller commits, and must hold a lock that serialises these
    calls for the object (the share link's own row, for a view), or two could both start an
    entry."""
    start = datetime.fromtimestamp(now.timestamp() // period.total_seconds()
                                   * period.total_seconds(), UTC)
    counted = changed_rows(
        update(AuditEntry)
        .where(AuditEntry.action == action, AuditEntry.object_type == object_type,
               AuditEntry.object_id == str(object_id), AuditEntry.at >= start)
        .values(count=AuditEntry.count + 1)
        .execution_options(synchronize_session=False))
    if not counted:
        record(action, object_type, object_id, detail, actor=actor).at = now


# ----------------------------------------------------------------------------- finding

def entry_query(actor: str | None = None, action: str | None = None,
                object_type: str | None = None, object_id: str | None = None,
                since: date | None = None, until: date | None = None) -> Select[AuditEntry]:
    """Entries newest first. `actor` matches any part of the actor's name (an email, "cli",
    "share link"), in any case; `since` and `until` are UTC days, both included."""
    query = select(AuditEntry)
    if actor and actor.strip():
        query = query.where(contains(AuditEntry.actor, actor.strip()))
    if action:
        query = query.where(AuditEntry.action == action)
    if object_type:
        query = query.where(AuditEntry.object_type == object_type)
    if object_id and object_id.strip():
        query = query.where(AuditEntry.object_id == object_id.strip())
    if since is not None:
        query = query.where(AuditEntry.at >= datetime.combine(since, time(), UTC))
    if until is not None:
        end = datetime.combine(until + timedelta(days=1), time(), UTC)
        query = query.where(AuditEntry.at < end)
    return query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def actions_in_use() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


def object_types_in_use() -> list[str]:
    return list(db.session.scalars(
        select(AuditEntry.object_type).distinct().where(AuditEntry.object_type.is_not(None))
        .order_by(AuditEntry.object_type)))
