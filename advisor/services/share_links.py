"""Read-only links that let a student open their own advice page without an account.

A link is `/shared/<secret>`, where the secret is 32 random bytes (`secrets.token_urlsafe`).
Only the SHA-256 hash of the secret is stored, so the database (or a backup of it) cannot be
turned back into working links, and the full link is shown once, to the advisor who made it.

This is what "signed, expiring, revocable" asks for, without a signing key: a link cannot be
guessed or forged (256 random bits that the server must have issued, checked against its
hash), it stops working at `expires_at`, and it stops working at once when revoked. Because
the check is a lookup rather than a signature, revoking needs no blacklist and rotating the
app's secret key does not silently break or revive links.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from advisor.extensions import db
from advisor.models import ShareLink, Student, User
from advisor.models.columns import utcnow
from advisor.services.changed_rows import changed_rows
from advisor.services.audit import record, record_counted

EXPIRY_DAYS: tuple[int, ...] = (7, 30, 90)
DEFAULT_EXPIRY_DAYS = 30
SECRET_BYTES = 32
# token_urlsafe(32) gives 43 characters; anything far outside that is not one of ours.
_MAX_SECRET_LENGTH = 100
# Whoever opens a link is not known; the audit log names them this way.
SHARE_LINK_ACTOR = "share link"
# SHARE_LINK_VIEWS_PER_MINUTE views of one link are allowed within this window.
THROTTLE_WINDOW = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_link(student: Student, created_by: User | None, days: int = DEFAULT_EXPIRY_DAYS,
                now: datetime | None = None) -> tuple[ShareLink, str]:
    """A new link for `student`, valid for `days` days; returns it with its secret.

    The secret is returned only here: show it once and forget it. The caller commits.
    """
    if days not in EXPIRY_DAYS:
        raise ValueError(f"a share link lasts {', '.join(map(str, EXPIRY_DAYS))} days, not {days}")
    now = now or utcnow()
    secret = secrets.token_urlsafe(SECRET_BYTES)
    link = ShareLink(student_id=student.id, token_hash=hash_secret(secret),
                     created_by_id=created_by.id if created_by is not None else None,
                     created_at=now, expires_at=now + timedelta(days=days))
    db.session.add(link)
    db.session.flush()
    # The entry names the link by id: its secret must never reach the log.
    record("share_link_created", "share_link", link.id, f"student {student.id}, {days} days",
           actor=created_by)
    return link, secret


class ShareLinkThrottled(Exception):
    """The link was opened too often in the current minute; `retry_after` is in seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"opened too often; try again in {retry_after} seconds")
        self.retry_after = retry_after


def open_link(secret: str, now: datetime | None = None) -> ShareLink | None:
    """The usable link for `secret` (not revoked, not expired, its student not deleted), with
    its use counted and recorded; None otherwise, without saying why. Raises
    ShareLinkThrottled when the link has been opened SHARE_LINK_VIEWS_PER_MINUTE times in the
    current minute. The caller commits (or, throttled, rolls back)."""
    if not secret or len(secret) > _MAX_SECRET_LENGTH:
        return None
    now = now or utcnow()
    wanted = hash_secret(secret)
    link = db.session.scalar(select(ShareLink).where(ShareLink.token_hash == wanted))
    # The lookup is by hash, so timing reveals nothing about the secret; compare again in
    # constant time all the same, so a database collation quirk can never widen a match.
    if link is None or not secrets.compare_digest(link.token_hash, wanted):
        return None
    if not link.is_usable(now) or link.student.deleted_at is not None:
        return None
    _count_view(link, now)
    # One entry per link and hour, counting its views: a busy link must not flood the log.
    record_counted("share_link_used", "share_link", link.id, f"student {link.student_id}",
                   actor=SHARE_LINK_ACTOR, now=now)
    return link


def _count_view(link: ShareLink, now: datetime) -> None:
    """Count the view in the link's current one-minute window, or refuse it. Each step is
    one UPDATE of the link's row, so parallel views are counted exactly; the row stays locked
    until the caller's commit, which also serialises the audit count."""
    limit = int(current_app.config["SHARE_LINK_VIEWS_PER_MINUTE"])
    window_start = now - THROTTLE_WINDOW
    same_link = ShareLink.id == link.id
    new_window = changed_rows(
        update(ShareLink)
        .where(same_link, or_(ShareLink.window_started_at.is_(None),
                              ShareLink.window_started_at <= window_start))
        .values(window_started_at=now, window_views=1, last_used_at=now)
        .execution_options(synchronize_session=False))
    if not new_window:
        counted = changed_rows(
            update(ShareLink).where(same_link, ShareLink.window_views < limit)
            .values(window_views=ShareLink.window_views + 1, last_used_at=now)
            .execution_options(synchronize_session=False))
        if not counted:
            started = db.session.scalar(select(ShareLink.window_started_at).where(same_link))
            wait = (started + THROTTLE_WINDOW - now).total_seconds() if started else 1
            raise ShareLinkThrottled(max(1, math.ceil(wait)))
    db.session.refresh(link)


def links_for(student: Student) -> list[ShareLink]:
    """The student's links, newest first."""
    return list(db.session.scalars(select(ShareLink).where(ShareLink.student_id == student.id)
                                   .order_by(ShareLink.created_at.desc(), ShareLink.id.desc())))


def get_link(student: Student, link_id: int) -> ShareLink | None:
    link = db.session.get(ShareLink, link_id)
    return link if link is not None and link.student_id == student.id else None


def revoke(link: ShareLink, now: datetime | None = None) -> bool:
    """Revoke a link; False if it was already revoked. The caller commits."""
    if link.revoked_at is not None:
        return False
    link.revoked_at = now or utcnow()
    record("share_link_revoked", "share_link", link.id, f"student {link.student_id}")
    return True


def status(link: ShareLink, now: datetime | None = None) -> str:
    """"revoked", "expired" or "active", as the advice page lists the links."""
    if link.revoked_at is not None:
        return "revoked"
    return "active" if link.is_usable(now or utcnow()) else "expired"
