"""API tokens: creating them (the secret is returned once), finding the one a request carries,
and revoking them.

A token is `ma_` plus 43 URL-safe characters (32 random bytes). Only its SHA-256 is stored, so
a copy of the database gives nobody API access; a hash of 256 random bits needs no salt or slow
hash. The first characters are kept in clear, so staff can tell tokens apart in lists.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import select

from advisor.extensions import db
from advisor.models import ApiToken, User
from advisor.models.columns import utcnow
from advisor.services.audit import record

TOKEN_PREFIX = "ma_"
# "ma_" and 8 characters of the secret: enough to tell tokens apart, far too few to guess it.
SHOWN_LENGTH = len(TOKEN_PREFIX) + 8
MAX_NAME_LENGTH = 100
# Longer than any token this module makes; anything longer is refused without hashing it.
MAX_TOKEN_LENGTH = 200
# Record a use at most this often, so reading the API does not write on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenError(ValueError):
    """A token that cannot be created; the message names the field and the problem."""


class Refusal(str, Enum):
    """Why a presented token does not authenticate (each is a 401)."""

    UNKNOWN = "is not a valid API token"
    REVOKED = "was revoked"
    ACCOUNT_DISABLED = "belongs to a disabled account"


@dataclass(frozen=True, slots=True)
class NewToken:
    token: ApiToken
    secret: str  # the only time the whole token exists outside the client


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(user: User, name: str, created_by: User | None = None) -> NewToken:
    """Make a token acting as `user` (the caller commits). Show `secret` once; it is not kept."""
    name = (name or "").strip()
    if not name:
        raise TokenError("name: must not be blank")
    if len(name) > MAX_NAME_LENGTH:
        raise TokenError(f"name: is longer than {MAX_NAME_LENGTH} characters")
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        raise TokenError("name: contains a control character")
    if not user.active:
        raise TokenError(f"user: {user.email} is disabled; enable the account first")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=secret[:SHOWN_LENGTH],
                     token_hash=hash_token(secret), created_by=created_by)
    db.session.add(token)
    db.session.flush()
    # Named by id and the prefix staff see in lists; never the secret.
    record("token_created", "api_token", token.id, f"{token.prefix}… for {user.email}: {name}",
           actor=created_by)
    return NewToken(token, secret)


def authenticate(secret: str, now: datetime | None = None) -> ApiToken | Refusal:
    """The live token for a presented secret, its use recorded; or why it is refused.

    The lookup is by hash, so comparing never touches the secret itself. A disabled account's
    tokens are refused while it stays disabled.
    """
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > MAX_TOKEN_LENGTH:
        return Refusal.UNKNOWN
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    if token is None:
        return Refusal.UNKNOWN
    if token.revoked:
        return Refusal.REVOKED
    if not token.user.active:
        return Refusal.ACCOUNT_DISABLED
    _record_use(token, now or utcnow())
    return token


def _record_use(token: ApiToken, now: datetime) -> None:
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    token.last_used_at = now
    # Audited on the same schedule as last_used_at (at most once a minute per token), so a
    # busy client does not bury the rest of the log.
    record("token_used", "api_token", token.id, token.prefix + "…", actor=token.user)
    # Committed at once, before the request's own work, which may fail and roll back.
    db.session.commit()


def revoke_token(token: ApiToken) -> bool:
    """Revoke a token (the caller commits). False when it was revoked already."""
    if token.revoked:
        return False
    token.revoked_at = utcnow()
    db.session.flush()
    record("token_revoked", "api_token", token.id, f"{token.prefix}… of {token.user.email}")
    return True


def get_token(token_id: int) -> ApiToken | None:
    return db.session.get(ApiToken, token_id)


def find_by_prefix(prefix: str) -> list[ApiToken]:
    """Tokens whose shown prefix starts with `prefix` (as a person copies it from a list)."""
    prefix = prefix.strip().rstrip("…").rstrip(".")
    if len(prefix) < len(TOKEN_PREFIX) + 1:
        return []
    return [t for t in all_tokens() if t.prefix.startswith(prefix[:SHOWN_LENGTH])]


def all_tokens() -> list[ApiToken]:
    """Every token, live ones first, newest first."""
    return list(db.session.scalars(
        select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(),
                                  ApiToken.id.desc())))
