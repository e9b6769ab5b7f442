"""Database models. Import them from here so every table is registered on the metadata."""

from advisor.models.catalog_state import CatalogState, current_catalog_revision
from advisor.models.program import Program
from advisor.models.student import ClinicalExperience, RegionalTie, Student, UsLetter

__all__ = [
    "CatalogState",
    "ClinicalExperience",
    "Program",
    "RegionalTie",
    "Student",
    "UsLetter",
    "current_catalog_revision",
]
