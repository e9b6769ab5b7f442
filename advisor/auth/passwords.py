"""Password hashing with argon2 (argon2-cffi's recommended parameters)."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 8
# Long passphrases are welcome; the cap only stops a multi-megabyte body being hashed.
MAX_LENGTH = 1024

_hasher = PasswordHasher()


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable, or None. Length is the only rule (no composition
    rules, following NIST SP 800-63B)."""
    if len(password) < MIN_LENGTH:
        return f"must be at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"must be at most {MAX_LENGTH} characters"
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """Verified against when the email is unknown, so both cases take the same time.

    Made on first use, not at import: a hash takes about 0.2 s and 64 MiB, which every command
    paid at start-up. The server makes it before its first request (advisor/serving.py).
    """
    return _hasher.hash("not-a-real-password")
