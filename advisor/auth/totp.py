"""Time-based one-time codes (RFC 6238) with pyotp, and the QR code to enrol an app."""

from __future__ import annotations

import hmac
from datetime import datetime, UTC

import pyotp

ISSUER = "Match Advisor"


def new_secret() -> str:
    return pyotp.random_base32()


def matching_step(secret: str, code: str, at: datetime | None = None) -> int | None:
    """The time step (30-second slot) whose code `code` is, or None. One step either side of
    now absorbs a phone clock up to 30 seconds off. The caller must still refuse a step it
    has already accepted: a code seen over a shoulder works for up to 90 seconds."""
    code = code.replace(" ", "").strip()
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(at or datetime.now(UTC))
    for step in (now, now - 1, now + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """An inline SVG QR code (no image request, nothing fetched)."""
    import segno  # only the enrolment page draws one; it costs every start-up 12 ms

    return segno.make(uri, error="m").svg_inline(scale=4, dark="#111", light="#fff")
