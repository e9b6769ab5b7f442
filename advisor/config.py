"""Configuration: defaults, then instance/config.py, then test_config, then ADVISOR_* variables."""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path
from typing import Any
from collections.abc import Mapping

from flask import Flask
from zxcvbn import zxcvbn

ENV_PREFIX = "ADVISOR"
SECRET_KEY_FILE = "secret_key"
MIN_SECRET_KEY_LENGTH = 32
# zxcvbn's guess estimate a key must reach (10**24 is about 80 bits): it finds the repeats,
# sequences and phrases a person types, and passes any randomly made key of 32 characters.
MIN_SECRET_KEY_GUESSES_LOG10 = 24
# Keys printed in tutorials, framework docs and sample configs are public, however long.
WELL_KNOWN_SECRET_KEYS = frozenset({
    "changeme", "change-me", "change_me", "changeit", "secret", "secret-key", "secret_key",
    "secretkey", "mysecret", "mysecretkey", "my-secret-key", "supersecret", "super-secret",
    "supersecretkey", "super-secret-key", "your-secret-key", "your_secret_key",
    "yoursecretkey", "your-secret-key-here", "dev", "development", "dev-key", "devkey",
    "test", "testing", "default", "password", "insecure", "not-secret", "notsecret",
    "please-change-me", "replace-me", "dev-only-not-secret",
    # Flask's own documentation ("How to generate good secret keys").
    "192b9bdd22ab9ed4d12e236c78afcb9a393ec15f71bbf5dc987d54727823bcbf",
})


class DefaultConfig:
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled from DATABASE_URL or the instance folder
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {}
    SQLITE_BUSY_TIMEOUT_MS = 15_000
    # When SQLite waits for the disk: "NORMAL" (WAL mode's usual setting) syncs at checkpoints,
    # so a commit takes microseconds instead of a disk flush each (about 4 ms here) and the
    # write lock is held that much shorter; a power cut (not a crash of the app) may undo the
    # last commits, never corrupt the file. "FULL" flushes every commit.
    SQLITE_SYNCHRONOUS = "NORMAL"
    # Comma-separated plugin names not to load, e.g. "socal,bay_area".
    PLUGINS_DISABLED = ""
    # Strategies that speak for a student who names no target region.
    DEFAULT_STRATEGIES = "nationwide"
    # An office's edits to shipped strategies: <folder>/<strategy slug>/strategy.toml,
    # guide.md, advice/*.md.j2, each replacing the shipped file of that name. None means
    # "strategies" in the instance folder.
    STRATEGIES_DIR: str | None = None
    # Interview goals a list aims for: "specialty=number,..." on top of the published ones
    # (advisor/scoring/goals.py), and the goal for specialties with no figure.
    INTERVIEW_GOALS = ""
    INTERVIEW_GOAL_DEFAULT = 10.0
    # The application season, for "years since graduation"; None means the current year.
    SEASON_YEAR: int | None = None
    # Today's date as the season checklist reads it ("2026-09-01"); None means the real date.
    TODAY: str | None = None
    MAX_CONTENT_LENGTH = 32 * 1024 * 1024
    # Views of one share link allowed per minute; more get HTTP 429 with Retry-After.
    SHARE_LINK_VIEWS_PER_MINUTE = 20
    # Rendered advice pages kept per process, staff and shared pages counted apart (each is
    # about a student's whole advice page).
    ADVICE_CACHE_SIZE = 64
    # The most rows one CSV import (catalog or outcomes) takes; a larger file is refused
    # before any row is checked, so no import can exhaust the server's memory.
    IMPORT_MAX_ROWS = 50_000
    # The sign-in cookie: never readable by scripts, not sent on cross-site posts. Secure
    # (HTTPS only) is decided in load_config: on unless debugging or testing, or set false.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE: bool | None = None
    # A signed-in session ends after this long without a request, and this long after sign-in.
    SESSION_IDLE_MINUTES = 30
    SESSION_ABSOLUTE_HOURS = 12
    # Sign-in throttling (advisor/auth/throttle.py): failures allowed for one account from one
    # address before that pair is locked; across every address before the account slows down
    # for addresses it has not signed in from; and for one address across every account
    # before it slows down for accounts not signed in from there. Each lock doubles the one
    # before, up to the longest; counts start again after a quiet spell.
    SIGNIN_MAX_FAILURES = 5
    SIGNIN_MAX_FAILURES_PER_ACCOUNT = 20
    SIGNIN_MAX_FAILURES_PER_IP = 20
    SIGNIN_LOCK_MINUTES = 1
    SIGNIN_MAX_LOCK_MINUTES = 60
    SIGNIN_FORGET_HOURS = 24
    # Between a right password and its two-factor code: after this long, sign in again.
    TWO_FACTOR_PENDING_MINUTES = 5
    # Reverse proxies in front of the app whose X-Forwarded-* headers are trusted. 0 trusts
    # none (a client could forge them); behind one nginx, 1 makes the client's own address
    # reach the sign-in throttle and the audit log instead of the proxy's.
    PROXY_HOPS = 0


class ConfigError(RuntimeError):
    """The configuration cannot be used; the message says why and how to fix it."""


def load_config(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    if test_config:
        app.config.from_mapping(test_config)
    app.config.from_prefixed_env(ENV_PREFIX)

    database_url = app.config.get("DATABASE_URL")
    if database_url:
        app.config["SQLALCHEMY_DATABASE_URI"] = database_url
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        db_path = Path(app.instance_path) / "advisor.sqlite3"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_path}"

    _resolve_secret_key(app)
    app.config["SESSION_COOKIE_SECURE"] = _cookie_secure(app)
    _check_interview_goals(app)
    _check_today(app)
    app.config["SQLITE_SYNCHRONOUS"] = _sqlite_synchronous(app)
    for name, low, high, meaning in WHOLE_NUMBER_SETTINGS:
        app.config[name] = _whole_number(app, name, low, high, meaning)


# Settings that must be whole numbers in a range: (name, lowest, highest, what it is).
WHOLE_NUMBER_SETTINGS = (
    ("IMPORT_MAX_ROWS", 1, 10_000_000, "the most rows one CSV import takes"),
    ("SHARE_LINK_VIEWS_PER_MINUTE", 1, 10_000, "views of one share link allowed per minute"),
    ("ADVICE_CACHE_SIZE", 0, 10_000, "rendered advice pages kept in memory per process"),
    ("PROXY_HOPS", 0, 5, "the reverse proxies in front of the app"),
)


def _whole_number(app: Flask, name: str, low: int, high: int, meaning: str) -> int:
    value = app.config.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"{ENV_PREFIX}_{name} must be a whole number from {low} to {high} "
                          f"({meaning}), not {value!r}.")
    return value


def _check_today(app: Flask) -> None:
    value = app.config.get("TODAY")
    if value is None or isinstance(value, date):
        return
    try:
        date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{ENV_PREFIX}_TODAY must be a date like 2026-09-01, not "
                          f"{value!r}.") from None


SQLITE_SYNCHRONOUS_LEVELS = ("FULL", "NORMAL")


def _sqlite_synchronous(app: Flask) -> str:
    value = app.config.get("SQLITE_SYNCHRONOUS")
    level = value.strip().upper() if isinstance(value, str) else value
    if level not in SQLITE_SYNCHRONOUS_LEVELS:
        raise ConfigError(f"{ENV_PREFIX}_SQLITE_SYNCHRONOUS must be FULL or NORMAL (when SQLite "
                          f"waits for the disk), not {value!r}.")
    return level


def _check_interview_goals(app: Flask) -> None:
    from advisor.scoring.goals import InterviewGoals

    try:
        InterviewGoals.parse(str(app.config["INTERVIEW_GOALS"]),
                             float(app.config["INTERVIEW_GOAL_DEFAULT"]))
    except ValueError as exc:
        raise ConfigError(f"ADVISOR_{exc}") from None


def _cookie_secure(app: Flask) -> bool:
    """HTTPS-only session cookie: as set, else on unless debugging or testing (plain http)."""
    secure = app.config.get("SESSION_COOKIE_SECURE")
    if isinstance(secure, str):  # ADVISOR_SESSION_COOKIE_SECURE=False is not JSON, so a string
        return secure.strip().lower() not in ("false", "0", "no", "off", "")
    if secure is None:
        return not (app.debug or app.testing or app.config.get("TESTING"))
    return bool(secure)


def _resolve_secret_key(app: Flask) -> None:
    source = "SECRET_KEY (ADVISOR_SECRET_KEY or instance/config.py)"
    if not app.config.get("SECRET_KEY"):
        key_file = Path(app.instance_path) / SECRET_KEY_FILE
        if key_file.is_file():
            app.config["SECRET_KEY"] = key_file.read_text().strip()
            source = str(key_file)

    key = app.config.get("SECRET_KEY")
    if not key:
        if app.debug or app.testing or app.config.get("TESTING"):
            # Never a key written in the source: anyone could forge sessions with that one.
            app.config["SECRET_KEY"] = secrets.token_hex(32)
            app.logger.warning("No secret key is set: using a random one for this process "
                               "only, so sessions end when it stops.")
            return
        raise ConfigError(
            "Refusing to start: no secret key is set, so sessions and share links could be "
            "forged. Set ADVISOR_SECRET_KEY, put SECRET_KEY in instance/config.py, or run "
            f"`python -m advisor setup`, which writes instance/{SECRET_KEY_FILE}."
        )
    problem = secret_key_problem(key)
    if problem:
        raise ConfigError(
            f"Refusing to start: the secret key from {source} {problem}, so sessions and "
            "share links could be forged. Use a random one, e.g. from `python -c \"import "
            "secrets; print(secrets.token_hex(32))\"`, or delete "
            f"instance/{SECRET_KEY_FILE} and run `python -m advisor setup` to write one."
        )


def secret_key_problem(key: str | bytes) -> str | None:
    """Why `key` cannot sign sessions (it could be guessed or is public), or None."""
    text = key.decode("utf-8", "replace") if isinstance(key, bytes) else str(key)
    if text.strip().lower() in WELL_KNOWN_SECRET_KEYS:
        return "is a well-known example value"
    if len(text) < MIN_SECRET_KEY_LENGTH:
        return f"is {len(text)} characters long; at least {MIN_SECRET_KEY_LENGTH} are needed"
    # zxcvbn reads at most 72 characters; a key's first 72 must be hard enough alone.
    if zxcvbn(text[:72])["guesses_log10"] < MIN_SECRET_KEY_GUESSES_LOG10:
        return "is easy to guess (repeats, sequences or common words)"
    return None


def ensure_secret_key_file(instance_path: str | Path) -> Path:
    """Write a random secret key into the instance folder unless one is there already."""
    folder = Path(instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    key_file = folder / SECRET_KEY_FILE
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32) + "\n")
        key_file.chmod(0o600)
    return key_file
