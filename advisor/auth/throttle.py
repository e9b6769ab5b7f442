"""Sign-in throttling: too many recent failures for one email, or from one address, get refused.

The state is the audit log itself: every failed attempt is recorded there anyway as a
`sign_in_failed` entry (the email typed in `detail`, the client address in `ip`). Counting
those entries keeps the limit right across every gunicorn worker and server restart, on SQLite
and PostgreSQL alike, without a second table. Process memory would give each worker, and each
restart, a fresh allowance.

The window slides: a failure stops counting `window` after it happened, and refused (throttled)
attempts are not failures, so nobody can keep an account locked by hammering it beyond the
window; a correct sign-in clears its own email's count, never another's, and never the address's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from advisor.extensions import db
from advisor.models.audit import AuditEntry
from advisor.models.columns import utcnow

FAILED = "sign_in_failed"
SUCCEEDED = "sign_in"
THROTTLED = "sign_in_throttled"


def now() -> datetime:
    """The clock (tests move it)."""
    return utcnow()


@dataclass(frozen=True)
class Verdict:
    throttled: bool
    retry_after: int = 0  # seconds until the oldest counted failure leaves the window


def _window() -> timedelta:
    return timedelta(minutes=int(current_app.config["SIGNIN_WINDOW_MINUTES"]))


def _last_success(email: str) -> datetime | None:
    return db.session.scalar(select(func.max(AuditEntry.at)).where(
        AuditEntry.action == SUCCEEDED, AuditEntry.actor == email))


def _failures(since: datetime, **match: str) -> tuple[int, datetime | None]:
    """How many failures since `since` match (detail=email or ip=address), and the oldest."""
    column = AuditEntry.detail if "email" in match else AuditEntry.ip
    value = match.get("email") or match.get("ip")
    count, oldest = db.session.execute(select(func.count(), func.min(AuditEntry.at)).where(
        AuditEntry.action == FAILED, AuditEntry.at > since, column == value)).one()
    return count or 0, oldest


def check(email: str, ip: str | None) -> Verdict:
    """Whether a sign-in attempt for `email` (normalized) from `ip` must be refused now."""
    config = current_app.config
    moment = now()
    start = moment - _window()
    email_since = max(filter(None, [start, _last_success(email)]))
    limits = [(_failures(email_since, email=email), int(config["SIGNIN_MAX_FAILURES"]))]
    if ip:
        limits.append((_failures(start, ip=ip), int(config["SIGNIN_MAX_FAILURES_PER_IP"])))
    waits = [
        int((oldest + _window() - moment).total_seconds()) + 1
        for (count, oldest), limit in limits if count >= limit and oldest is not None
    ]
    if not waits:
        return Verdict(False)
    return Verdict(True, max(1, max(waits)))
