"""Failed sign-ins, counted per (account, address) pair, per account and per address."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from advisor.extensions import Base
from advisor.models.columns import UTCDateTime

# The `account` or `address` of a row that counts every account, or every address.
ANY = ""


class SignInCounter(Base):
    __tablename__ = "sign_in_counter"
    __table_args__ = (UniqueConstraint("account", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # A keyed hash of the email typed, never the text (people type passwords there), or ANY.
    account: Mapped[str] = mapped_column(String(64))
    # The client's address (as ADVISOR_PROXY_HOPS trusts it), or ANY.
    address: Mapped[str] = mapped_column(String(64))
    # Attempts counted since the last success or the last quiet spell; an attempt counts
    # before its password is checked and is given back when it succeeds.
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Pair rows only: the last complete sign-in of this account from this address.
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
