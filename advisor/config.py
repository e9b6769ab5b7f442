"""Configuration: defaults, then instance/config.py, then test_config, then ADVISOR_* variables."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any, Mapping

from flask import Flask

ENV_PREFIX = "ADVISOR"
SECRET_KEY_FILE = "secret_key"
# Used only when debugging or testing; a production start refuses it.
DEV_SECRET_KEY = "dev-only-not-secret"


class DefaultConfig:
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled from DATABASE_URL or the instance folder
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {}
    SQLITE_BUSY_TIMEOUT_MS = 15_000
    # Comma-separated plugin names not to load, e.g. "socal,bay_area".
    PLUGINS_DISABLED = ""
    # Strategies that speak for a student who names no target region.
    DEFAULT_STRATEGIES = "nationwide"
    # Interview goals a list aims for: "specialty=number,..." on top of the published ones
    # (advisor/scoring/goals.py), and the goal for specialties with no figure.
    INTERVIEW_GOALS = ""
    INTERVIEW_GOAL_DEFAULT = 10.0
    # The application season, for "years since graduation"; None means the current year.
    SEASON_YEAR: int | None = None
    MAX_CONTENT_LENGTH = 32 * 1024 * 1024
    # Views of one share link allowed per minute; more get HTTP 429 with Retry-After.
    SHARE_LINK_VIEWS_PER_MINUTE = 20
    # Rendered share-link pages kept per process (each is about a student's whole advice page).
    SHARED_PAGE_CACHE_SIZE = 32
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
    # Sign-in throttling: failures allowed per email, and per client address (higher, since
    # an office behind one proxy or NAT shares an address), within a sliding window.
    SIGNIN_MAX_FAILURES = 5
    SIGNIN_MAX_FAILURES_PER_IP = 20
    SIGNIN_WINDOW_MINUTES = 15
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
    app.config["PROXY_HOPS"] = _proxy_hops(app)
    _check_interview_goals(app)
    for name, low, high, meaning in WHOLE_NUMBER_SETTINGS:
        app.config[name] = _whole_number(app, name, low, high, meaning)


# Settings that must be whole numbers in a range: (name, lowest, highest, what it is).
WHOLE_NUMBER_SETTINGS = (
    ("IMPORT_MAX_ROWS", 1, 10_000_000, "the most rows one CSV import takes"),
    ("SHARE_LINK_VIEWS_PER_MINUTE", 1, 10_000, "views of one share link allowed per minute"),
    ("SHARED_PAGE_CACHE_SIZE", 0, 10_000, "share-link pages kept in memory per process"),
)


def _whole_number(app: Flask, name: str, low: int, high: int, meaning: str) -> int:
    value = app.config.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"{ENV_PREFIX}_{name} must be a whole number from {low} to {high} "
                          f"({meaning}), not {value!r}.")
    return value


def _proxy_hops(app: Flask) -> int:
    hops = app.config.get("PROXY_HOPS")
    if isinstance(hops, bool) or not isinstance(hops, int) or not 0 <= hops <= 5:
        raise ConfigError(f"ADVISOR_PROXY_HOPS must be a whole number from 0 to 5 (the "
                          f"reverse proxies in front of the app), not {hops!r}.")
    return hops


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
    if not app.config.get("SECRET_KEY"):
        key_file = Path(app.instance_path) / SECRET_KEY_FILE
        if key_file.is_file():
            app.config["SECRET_KEY"] = key_file.read_text().strip()

    key = app.config.get("SECRET_KEY")
    relaxed = app.debug or app.testing or app.config.get("TESTING")
    if relaxed:
        if not key:
            app.config["SECRET_KEY"] = DEV_SECRET_KEY
        return
    if not key or key == DEV_SECRET_KEY:
        raise ConfigError(
            "Refusing to start: no secret key is set (or it is the development default), so "
            "sessions and share links could be forged. Set ADVISOR_SECRET_KEY, put SECRET_KEY in "
            f"instance/config.py, or run `python -m advisor setup`, which writes "
            f"instance/{SECRET_KEY_FILE}."
        )


def ensure_secret_key_file(instance_path: str | Path) -> Path:
    """Write a random secret key into the instance folder unless one is there already."""
    folder = Path(instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    key_file = folder / SECRET_KEY_FILE
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32) + "\n")
        key_file.chmod(0o600)
    return key_file
