"""Where a default figure comes from, as the settings page shows it beside the figure."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Published:
    publisher: str
    year: int
    title: str

    def cite(self) -> str:
        return f"{self.publisher}, {self.year}"
