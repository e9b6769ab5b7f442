"""Staff accounts: creating, signing in, and the changes admins make.

Every change adds an audit entry (email and role only, never a password or secret) to the
caller's transaction.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import or_, update

from advisor.auth import totp
from advisor.auth.passwords import (
    dummy_hash,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from advisor.enums import Role
from advisor.extensions import db
from advisor.models import User
from advisor.models.columns import utcnow
from advisor.services.changed_rows import changed_rows
from advisor.services.audit import record


class AccountError(ValueError):
    """A change that cannot be made; the message names the field and the problem."""


# local@domain.tld: the local part in RFC 5322's "atext" (dots between), a domain of letter,
# digit and hyphen labels with a top-level label that is not all digits. Stricter than the
# RFC allows on purpose: a typed password (P@ssw0rd!) is not an address, and never gets stored.
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_EMAIL = re.compile(
    r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    rf"@(?:{_LABEL}\.)+(?=[a-z0-9-]*[a-z-])[a-z0-9-]{{2,63}}")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def is_email_address(text: str) -> bool:
    """Whether `text` (normalized) is a well-formed email address."""
    return len(text) <= 254 and len(text.partition("@")[0]) <= 64 \
        and _EMAIL.fullmatch(text) is not None


NOT_AN_EMAIL = "(not an email address)"


def email_for_audit(typed: str) -> str:
    """What a sign-in attempt's audit entry may keep of the email typed: the address if it is
    one, else a placeholder (people type their password into the email field)."""
    email = normalize_email(typed)
    return email if is_email_address(email) else NOT_AN_EMAIL


def find_user(email: str) -> User | None:
    if any(unicodedata.category(ch) == "Cc" for ch in email):
        return None  # no account has one, and PostgreSQL refuses NUL in a query
    return db.session.scalar(db.select(User).where(User.email == normalize_email(email)))


def create_user(email: str, password: str, role: Role) -> User:
    """Add an account (the caller commits)."""
    email = normalize_email(email)
    if not is_email_address(email):
        raise AccountError(f'email: "{email}" is not an email address')
    if find_user(email) is not None:
        raise AccountError(f"email: an account for {email} already exists")
    problem = password_problem(password, [email])
    if problem:
        raise AccountError(f"password: {problem}")
    user = User(email=email, password_hash=hash_password(password), role=role, active=True,
                session_version=1)
    db.session.add(user)
    db.session.flush()
    record("account_created", "user", user.id, f"{email}, role {role.value}")
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None (in the same time either way)."""
    user = find_user(email)
    if user is None:
        verify_password(dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


def set_password(user: User, password: str) -> None:
    problem = password_problem(password, [user.email])
    if problem:
        raise AccountError(f"password: {problem}")
    user.password_hash = hash_password(password)
    _bump_session_version(user)
    record("account_password_changed", "user", user.id, user.email)


def end_sessions(user: User) -> None:
    """Make every existing session of this user useless, copied cookies included."""
    _bump_session_version(user)
    record("account_sessions_ended", "user", user.id, user.email)


def _bump_session_version(user: User) -> None:
    # Not audited itself: the change that needs it (password, disabling) is.
    user.session_version = (user.session_version or 0) + 1


def set_active(user: User, active: bool) -> None:
    user.active = active
    if not active:
        _bump_session_version(user)
    record("account_enabled" if active else "account_disabled", "user", user.id, user.email)


def admins_left_without(user: User) -> int:
    """How many active admins remain if `user` stops being one."""
    return db.session.scalar(
        db.select(db.func.count()).select_from(User)
        .where(User.role == Role.ADMIN, User.active.is_(True), User.id != user.id)) or 0


# ---------------------------------------------------------------- changes admins make in the UI

LAST_ADMIN = ("at least one active admin must remain; make another account an admin "
              "before this change")


def _keep_an_admin(user: User, stays_admin: bool, field: str) -> None:
    """Refuse a change that would leave the office without an active admin."""
    if user.role is Role.ADMIN and user.active and not stays_admin \
            and admins_left_without(user) == 0:
        raise AccountError(f"{field}: {LAST_ADMIN}")


def change_role(user: User, role: Role) -> None:
    """Give `user` another role (the caller commits); the last active admin keeps theirs."""
    _keep_an_admin(user, role is Role.ADMIN, "role")
    if role is not user.role:
        record("account_role_changed", "user", user.id,
               f"{user.email}, role {user.role.value} -> {role.value}")
    user.role = role


def change_active(user: User, active: bool) -> None:
    """Enable or disable `user` (disabling ends their sessions); the last active admin stays."""
    if not active:
        _keep_an_admin(user, False, "active")
    set_active(user, active)


def reset_two_factor(user: User) -> None:
    """Turn off two-factor sign-in for a user who lost their authenticator; they set it up
    again (at their next sign-in, when the office requires it), with a new secret."""
    user.totp_secret = user.totp_pending_secret = None
    record("account_two_factor_reset", "user", user.id, user.email)


# ------------------------------------------------------------------------- two-factor codes

def enrolment_secret(user: User) -> str:
    """The secret to show while `user` sets up two-factor sign-in: the same one until a code
    proves their app has it (the caller commits a new one)."""
    if user.totp_pending_secret is None:
        user.totp_pending_secret = totp.new_secret()
    return user.totp_pending_secret


def use_two_factor_code(user: User, code: str, secret: str | None = None) -> bool:
    """Whether `code` is right for `user` (or for `secret`, while enrolling) and its time step
    was not used before; accepting it uses the step up, in one statement, so the same code
    sent twice at once still works only once. The caller commits."""
    secret = secret or user.totp_secret
    step = totp.matching_step(secret, code) if secret else None
    if step is None:
        return False
    claimed = changed_rows(
        update(User).where(User.id == user.id,
                           or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step).execution_options(synchronize_session=False))
    db.session.expire(user, ["totp_last_step"])
    return claimed == 1


def enable_two_factor(user: User, code: str) -> bool:
    """Turn two-factor sign-in on when `code` comes from the secret being set up."""
    secret = user.totp_pending_secret
    if secret is None or not use_two_factor_code(user, code, secret):
        return False
    user.totp_secret, user.totp_pending_secret = secret, None
    record("account_two_factor_enabled", "user", user.id, user.email)
    return True


def disable_two_factor(user: User) -> None:
    user.totp_secret = user.totp_pending_secret = None
    record("account_two_factor_disabled", "user", user.id, user.email)
