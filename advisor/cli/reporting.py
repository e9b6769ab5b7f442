"""What the CLI's CSV imports share: their FILE argument and --dry-run option, running the
import as a job (one import at a time, with a progress bar on a terminal), and how they report
(errors on stderr, the summary, exit status 1 on failure)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import IO, Any

import click

from advisor.catalog.result import ImportResult
from advisor.models import ImportKind
from advisor.services import import_jobs


def import_arguments(command: Callable[..., Any]) -> Callable[..., Any]:
    """FILE (bytes; "-" reads standard input) and --dry-run, for an import command."""
    command = click.option("--dry-run", is_flag=True, help="Check the file and report what "
                           "would change; write nothing.")(command)
    return click.argument("file", type=click.File("rb"))(command)


def run_import(kind: ImportKind, file: IO[bytes], dry_run: bool) -> None:
    """Import FILE as a job of `kind` and report; exit 1 on errors or while another import
    runs."""
    bar = _ProgressBar() if sys.stdout.isatty() else None
    try:
        result = import_jobs.run_now(kind, file, filename=getattr(file, "name", "-"),
                                     channel="command line", dry_run=dry_run, progress=bar)
    except import_jobs.ImportBusy as busy:
        raise click.ClickException(str(busy)) from None
    finally:
        if bar:
            bar.close()
    report_import(result)


def report_import(result: ImportResult) -> None:
    for line in result.error_lines():
        click.echo(line, err=True)
    click.echo(result.summary(), err=not result.ok)
    if not result.ok:
        raise SystemExit(1)


class _ProgressBar:
    """Adapts import progress (done, total) to a click bar opened once the total is known."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._done = 0

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            self._bar = click.progressbar(length=total, label="Checking rows")
            self._bar.__enter__()
        self._bar.update(done - self._done)
        self._done = done

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
