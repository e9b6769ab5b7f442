"""Plugin failures met while serving, kept so that the admins' plugin page shows those of every
server worker, whichever worker answers (advisor.services.plugin_errors)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from advisor.extensions import Base
from advisor.models.columns import UTCDateTime


class PluginErrorEntry(Base):
    __tablename__ = "plugin_error"
    # The page reads each plugin's newest entries; the trimming after a write reads the same.
    __table_args__ = (Index("ix_plugin_error_plugin_id", "plugin", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plugin: Mapped[str] = mapped_column(String(100))
    hook: Mapped[str] = mapped_column(String(100))
    message: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
