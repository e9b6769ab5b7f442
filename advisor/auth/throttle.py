"""Sign-in throttling per (account, address) pair, with slow-downs per account and per address.

- **The pair.** After `SIGNIN_MAX_FAILURES` failures for one account from one address, that
  pair is locked for `SIGNIN_LOCK_MINUTES`; each further failure doubles the lock, up to
  `SIGNIN_MAX_LOCK_MINUTES`. Someone else's failures, from another address, never lock the
  owner's pair.
- **The account, from every address.** After `SIGNIN_MAX_FAILURES_PER_ACCOUNT` failures
  (spread over many addresses), the account slows down the same way for addresses it has not
  signed in from lately. Where its owner did sign in (a "known" pair) it stays open.
- **The address, for every account.** After `SIGNIN_MAX_FAILURES_PER_IP` failures (one address
  trying many accounts), that address slows down for accounts not known there; colleagues
  behind the same office proxy who signed in before are not locked out with it.

Locks end by themselves (no one is locked out for good), and refused attempts are not counted,
so hammering a lock does not extend it. A count starts again after `SIGNIN_FORGET_HOURS`
without a failure. Nothing sleeps: a refusal is an immediate 429 with Retry-After.

Each attempt is counted as a failure *before* its password is checked, in one transaction
holding the counters' rows (SQLite's write lock, PostgreSQL's row locks), and given back if it
succeeds. So parallel tries cannot all slip in under the limit. The counters live in the
database, so every worker and restart sees the same ones; emails are stored as keyed hashes.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from advisor.extensions import db
from advisor.models.columns import utcnow
from advisor.models.sign_in_counter import ANY, SignInCounter

# A pair whose account signed in completely from its address this recently is "known".
KNOWN_FOR = timedelta(days=90)
_MAX_DOUBLINGS = 20


def now() -> datetime:
    """The clock (tests move it)."""
    return utcnow()


@dataclass(frozen=True)
class Refusal:
    retry_after: int  # whole seconds until the lock that refused it ends


@dataclass(frozen=True)
class Reservation:
    """An attempt already counted as a failure; `succeeded` gives it back."""
    pair_id: int
    # (row id, its limit) of the per-account and per-address rows it was also counted
    # against; none for a known pair.
    wide: tuple[tuple[int, int], ...]


def account_key(email: str) -> str:
    """The stored form of an email typed: a hash keyed with the secret key, so neither the
    email nor a password typed in its place can be read back."""
    key = current_app.secret_key
    raw = key.encode() if isinstance(key, str) else bytes(key or b"")
    return hmac.new(raw, f"sign-in:{email}".encode(), hashlib.sha256).hexdigest()[:40]


def reserve(email: str, address: str | None) -> Reservation | Refusal:
    """Count an attempt for `email` (normalized) from `address`, or refuse it; commits."""
    config = current_app.config
    moment = now()
    account, address = account_key(email), (address or "unknown")[:64]
    try:
        pair = _locked_row(account, address)
        rows = [(pair, int(config["SIGNIN_MAX_FAILURES"]))]
        if not _known(pair, moment):
            rows.append((_locked_row(account, ANY), int(config["SIGNIN_MAX_FAILURES_PER_ACCOUNT"])))
            rows.append((_locked_row(ANY, address), int(config["SIGNIN_MAX_FAILURES_PER_IP"])))
        for row, _ in rows:
            _forget_if_quiet(row, moment)
        waits = [_seconds(row.locked_until - moment) for row, _ in rows
                 if row.locked_until is not None and row.locked_until > moment]
        if waits:
            db.session.rollback()  # a refused attempt counts for nothing
            return Refusal(max(waits))
        for row, limit in rows:
            row.failures += 1
            row.last_failure_at = moment
            if row.failures >= limit:
                row.locked_until = moment + lock_length(row.failures - limit)
        reservation = Reservation(pair.id, tuple((row.id, limit) for row, limit in rows[1:]))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return reservation


def succeeded(reservation: Reservation, complete: bool = True) -> None:
    """The attempt was right: give it back (the caller commits). `complete` (signed in, code
    included) also clears the pair and makes it known; a right password that still awaits its
    two-factor code only gives the attempt back, so codes keep counting."""
    config = current_app.config
    if complete:
        db.session.execute(update(SignInCounter).where(SignInCounter.id == reservation.pair_id)
                           .values(failures=0, locked_until=None, last_success_at=now()))
    else:
        _give_back(reservation.pair_id, int(config["SIGNIN_MAX_FAILURES"]))
    for row_id, limit in reservation.wide:
        _give_back(row_id, limit)
    _drop_stale_rows()


def lock_length(over_limit: int) -> timedelta:
    """The lock after a failure `over_limit` past the limit: the first lock, doubled each
    time, up to the longest."""
    config = current_app.config
    first = timedelta(minutes=float(config["SIGNIN_LOCK_MINUTES"]))
    longest = timedelta(minutes=float(config["SIGNIN_MAX_LOCK_MINUTES"]))
    return min(longest, first * 2 ** min(over_limit, _MAX_DOUBLINGS))


def _locked_row(account: str, address: str) -> SignInCounter:
    """The counter row, created if missing, locked for the rest of the transaction. The
    insert comes first: on SQLite it takes the database's write lock, so attempts queue
    here; on PostgreSQL the row lock does. Callers lock pair, account, address in that
    order, so two attempts never wait on each other in a circle."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert(SignInCounter) if dialect == "postgresql" \
        else sqlite.insert(SignInCounter)
    db.session.execute(insert.values(account=account, address=address, failures=0)
                       .on_conflict_do_nothing(index_elements=["account", "address"]))
    return db.session.scalars(
        select(SignInCounter).where(SignInCounter.account == account,
                                    SignInCounter.address == address)
        .with_for_update().execution_options(populate_existing=True)).one()


def _known(pair: SignInCounter, moment: datetime) -> bool:
    return pair.last_success_at is not None and pair.last_success_at > moment - KNOWN_FOR


def _forget_if_quiet(row: SignInCounter, moment: datetime) -> None:
    quiet = timedelta(hours=float(current_app.config["SIGNIN_FORGET_HOURS"]))
    if row.last_failure_at is not None and row.last_failure_at <= moment - quiet:
        row.failures, row.locked_until = 0, None


def _give_back(row_id: int, limit: int) -> None:
    db.session.execute(update(SignInCounter)
                       .where(SignInCounter.id == row_id, SignInCounter.failures > 0)
                       .values(failures=SignInCounter.failures - 1))
    # Below the limit again: the lock this attempt set is lifted.
    db.session.execute(update(SignInCounter)
                       .where(SignInCounter.id == row_id, SignInCounter.failures < limit)
                       .values(locked_until=None))


def _drop_stale_rows() -> None:
    """Rows with nothing left to remember, so sprayed emails and addresses do not pile up."""
    moment = now()
    quiet = moment - timedelta(hours=float(current_app.config["SIGNIN_FORGET_HOURS"]))
    db.session.execute(delete(SignInCounter).where(
        SignInCounter.last_failure_at <= quiet,
        or_(SignInCounter.last_success_at.is_(None),
            SignInCounter.last_success_at <= moment - KNOWN_FOR)))


def _seconds(delta: timedelta) -> int:
    return max(1, int(-(-delta.total_seconds() // 1)))
