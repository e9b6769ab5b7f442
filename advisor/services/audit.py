"""Record audit entries. Callers describe what happened; this module adds who, when, where.

Never pass secrets (passwords, tokens, share-link secrets) in `detail`: entries are kept
and shown to admins.
"""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from advisor.extensions import db
from advisor.models.audit import AuditEntry


def record(action: str, object_type: str | None = None, object_id: object = None,
           detail: str | None = None, *, actor: object = None) -> AuditEntry:
    """Add an entry to the current transaction (the caller commits, so the entry stands or
    falls with the change it describes). `actor` defaults to the signed-in user; pass a
    User for API-token calls, or a string like "share link" or an email for sign-in attempts."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()  # type: ignore[attr-defined]
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
