"""Time-based one-time codes (RFC 6238) with pyotp, and the QR code to enrol an app."""

from __future__ import annotations

import pyotp

ISSUER = "Match Advisor"


def new_secret() -> str:
    return pyotp.random_base32()


def verify_code(secret: str, code: str) -> bool:
    code = code.replace(" ", "").strip()
    # One step either side absorbs a phone clock that is up to 30 seconds off.
    return code.isdigit() and pyotp.TOTP(secret).verify(code, valid_window=1)


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """An inline SVG QR code (no image request, nothing fetched)."""
    import segno  # only the enrolment page draws one; it costs every start-up 12 ms

    return segno.make(uri, error="m").svg_inline(scale=4, dark="#111", light="#fff")
