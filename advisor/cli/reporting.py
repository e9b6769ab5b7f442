"""What the CLI's CSV imports share: their FILE argument and --dry-run option, and how they
report (errors on stderr, the summary, exit status 1 on failure)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from advisor.catalog.result import ImportResult


def import_arguments(command: Callable[..., Any]) -> Callable[..., Any]:
    """FILE (bytes; "-" reads standard input) and --dry-run, for an import command."""
    command = click.option("--dry-run", is_flag=True, help="Check the file and report what "
                           "would change; write nothing.")(command)
    return click.argument("file", type=click.File("rb"))(command)


def report_import(result: ImportResult) -> None:
    for line in result.error_lines():
        click.echo(line, err=True)
    click.echo(result.summary(), err=not result.ok)
    if not result.ok:
        raise SystemExit(1)
