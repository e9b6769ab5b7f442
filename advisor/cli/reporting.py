"""How the CLI reports an import: errors on stderr, the summary, and exit status 1 on failure."""

from __future__ import annotations

import click

from advisor.catalog.result import ImportResult


def report_import(result: ImportResult) -> None:
    for line in result.error_lines():
        click.echo(line, err=True)
    click.echo(result.summary(), err=not result.ok)
    if not result.ok:
        raise SystemExit(1)
