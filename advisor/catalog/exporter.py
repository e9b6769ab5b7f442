"""Export the catalog in the import format, safe to open in a spreadsheet.

Unknown values are blank cells, programs are ordered by acgme_id, and importing the output
again changes nothing. Free-text cells that a spreadsheet would run as a formula (starting
with =, +, -, @, tab or carriage return) get a leading apostrophe, which spreadsheets show as
text and the importer removes; number, yes/no and code columns are never altered.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO

from sqlalchemy import ColumnElement, select

from advisor.catalog.columns import COLUMNS, row_cells
from advisor.extensions import db
from advisor.models.program import Program

FETCH_BATCH = 1000


def export_catalog(stream: IO[str], where: Iterable[ColumnElement[bool]] = ()) -> int:
    """Write every program as CSV to a text stream (open it with newline=""); return the count.

    `where` optionally limits the export to the programs matching these conditions.
    """
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    query = (select(*(getattr(Program, name) for name in COLUMNS))
             .where(*where)
             .order_by(Program.acgme_id)
             .execution_options(yield_per=FETCH_BATCH))
    count = 0
    for row in db.session.execute(query):
        writer.writerow(row_cells(row._asdict()))
        count += 1
    return count
