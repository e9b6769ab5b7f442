"""Password hashing with argon2 (argon2-cffi's recommended parameters)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

MIN_LENGTH = 8
# Long passphrases are welcome; the cap only stops a multi-megabyte body being hashed.
MAX_LENGTH = 1024
# zxcvbn's score from 0 to 4; 3 is "safely unguessable" (about 10**10 guesses), which also
# resists an offline attack on a stolen hash for a while.
MIN_SCORE = 3
# zxcvbn reads at most this many characters; a longer passphrase is judged by its start.
_ZXCVBN_MAX = 72
# Words anyone guessing at this server would try first.
_SITE_WORDS = ("match advisor", "matchadvisor", "advisor", "residency", "match")

_hasher = PasswordHasher()


def password_problem(password: str, context: Iterable[str] = ()) -> str | None:
    """Why a new password is not acceptable, or None. NIST SP 800-63B: a length range, no
    composition rules, and no common, breached or easily guessed password. zxcvbn checks that
    offline against its bundled lists (common and breached passwords, names, English words)
    and its patterns (repeats, sequences, keyboard runs, dates); `context` (the account's
    email) counts as known to the attacker too."""
    if len(password) < MIN_LENGTH:
        return f"must be at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"must be at most {MAX_LENGTH} characters"
    words = [*_SITE_WORDS, *context, *(c.partition("@")[0] for c in context)]
    result = zxcvbn(password[:_ZXCVBN_MAX], user_inputs=words)
    if result["score"] >= MIN_SCORE:
        return None
    warning = result["feedback"]["warning"].rstrip(".")
    reason = f": {warning[:1].lower()}{warning[1:]}" if warning else ""
    return f"is too common or too easy to guess{reason}; a few uncommon words make a strong one"


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
