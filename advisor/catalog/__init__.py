"""The program catalog as CSV: the column format, import (all rows or none) and export."""

from advisor.catalog.exporter import export_catalog
from advisor.catalog.importer import import_catalog
from advisor.catalog.result import ImportIssue, ImportResult

__all__ = ["ImportIssue", "ImportResult", "export_catalog", "import_catalog"]
