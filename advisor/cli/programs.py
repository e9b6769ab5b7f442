"""`flask --app advisor programs import|export`: the catalog CSV."""

from __future__ import annotations

import sys
from typing import IO

import click
from flask.cli import AppGroup

from advisor.catalog import export_catalog
from advisor.catalog.columns import COLUMNS, REQUIRED_COLUMNS
from advisor.cli.reporting import import_arguments, run_import
from advisor.models import ImportKind

programs_group = AppGroup("programs", help="Import and export the program catalog as CSV.")

_FORMAT_HELP = (
    f"Columns: {', '.join(COLUMNS)}. A blank cell means unknown; "
    f"{', '.join(REQUIRED_COLUMNS)} must not be blank. Other columns may be left out; "
    "a column left out leaves that value of existing programs unchanged."
)


@programs_group.command("import", epilog=_FORMAT_HELP,
                        short_help="Import programs from a CSV file (all rows or none).")
@import_arguments
def import_command(file: IO[bytes], dry_run: bool) -> None:
    """Import programs from a UTF-8 CSV FILE ("-" reads standard input).

    Every row is checked first; if any cell is wrong nothing is imported and each error is
    listed as "row N, column: problem", counting the header as row 1 as a spreadsheet does.
    Programs are matched by acgme_id, so importing again updates instead of duplicating.
    A file over the row limit (ADVISOR_IMPORT_MAX_ROWS) is refused; imports run one at a
    time, so this exits with status 1 while another import is running.
    """
    run_import(ImportKind.CATALOG, file, dry_run)


@programs_group.command("export", short_help="Export the catalog to a CSV file.")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
def export_command(file: str) -> None:
    """Export every program to a CSV FILE ("-" writes standard output), ordered by acgme_id.

    The output imports back unchanged. Text that a spreadsheet would run as a formula
    (starting with =, +, -, @, tab or carriage return) is written with a leading
    apostrophe, which the import removes again. A file gets a UTF-8 byte-order mark, so
    spreadsheets read accented names correctly.
    """
    if file == "-":
        count = export_catalog(sys.stdout)
    else:
        with open(file, "w", encoding="utf-8-sig", newline="") as stream:
            count = export_catalog(stream)
    click.echo(f"Exported {count} programs to {'standard output' if file == '-' else file}.",
               err=True)
