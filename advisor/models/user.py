"""Staff accounts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from advisor.enums import Role
from advisor.extensions import Base
from advisor.models.columns import UTCDateTime, enum_column_type, utcnow


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased, so sign-in is case-insensitive on every database.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column_type(Role))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # The last time step whose code was accepted: each code works once, and never an older one.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    # The secret shown while setting up two-factor sign-in; kept here, not in the (signed but
    # readable) session cookie, until a code proves the app has it.
    totp_pending_secret: Mapped[str | None] = mapped_column(String(64))
    # Bumped on sign-out everywhere, disabling, password reset: every older session dies.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Flask-Login's interface.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        # The version travels in the session, so bumping it signs the user out everywhere.
        return f"{self.id}:{self.session_version}"

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_secret is not None

    def can(self, role: Role) -> bool:
        """True when this user's role is `role` or more powerful."""
        order = list(Role)
        return order.index(self.role) <= order.index(role)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"
