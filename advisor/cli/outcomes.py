"""`flask --app advisor outcomes import|export`: alumni outcomes as CSV."""

from __future__ import annotations

import sys
from typing import IO

import click
from flask.cli import AppGroup

from advisor.cli.reporting import import_arguments, run_import
from advisor.models import ImportKind
from advisor.services.outcome_import import write_outcomes
from advisor.services.outcome_rows import COLUMNS

outcomes_group = AppGroup("outcomes", help="Import and export alumni outcomes as CSV.")

_FORMAT_HELP = (
    f"Columns: {', '.join(COLUMNS)}. Give student_id or student_name (or both); a name must "
    "match exactly one student. interviewed, ranked and matched are yes or no; a blank cell "
    "means no. See docs/outcomes-csv.md."
)


@outcomes_group.command("import", epilog=_FORMAT_HELP,
                        short_help="Import outcomes from a CSV file (all rows or none).")
@import_arguments
def import_command(file: IO[bytes], dry_run: bool) -> None:
    """Import outcomes from a UTF-8 CSV FILE ("-" reads standard input).

    Every row is checked first; if any cell is wrong nothing is imported and each error is
    listed as "row N, column: problem", counting the header as row 1 as a spreadsheet does.
    Rows are matched by student, season and acgme_id, so importing again updates instead of
    duplicating; outcomes not in the file are left alone. A file over the row limit
    (ADVISOR_IMPORT_MAX_ROWS) is refused; imports run one at a time, so this exits with
    status 1 while another import is running.
    """
    run_import(ImportKind.OUTCOMES, file, dry_run)


@outcomes_group.command("export", short_help="Export outcomes to a CSV file.")
@click.option("-o", "--output", default="-", show_default=True,
              type=click.Path(dir_okay=False, allow_dash=True),
              help='The file to write; "-" writes standard output.')
def export_command(output: str) -> None:
    """Export the outcomes of every student not deleted, ordered by season, student name and
    acgme_id. The output imports back unchanged. A file gets a UTF-8 byte-order mark, so
    spreadsheets read accented names correctly.
    """
    if output == "-":
        count = write_outcomes(sys.stdout)
    else:
        with open(output, "w", encoding="utf-8-sig", newline="") as stream:
            count = write_outcomes(stream)
    click.echo(f"Exported {count} outcomes to "
               f"{'standard output' if output == '-' else output}.", err=True)
