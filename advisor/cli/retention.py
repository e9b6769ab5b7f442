"""`flask --app advisor retention apply [--dry-run]`: remove the students past the office's
retention period (set by an admin on Admin > Settings)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from advisor.extensions import db
from advisor.models import RetentionAction
from advisor.services import retention

retention_group = AppGroup("retention", help="Apply the office's retention period to students.")


@retention_group.command("apply")
@click.option("--dry-run", is_flag=True, help="List the students it would remove; change nothing.")
def apply_command(dry_run: bool) -> None:
    """De-identify or delete (as the office's settings say) every student whose last season
    is older than the finished seasons kept. Students are listed by id and last season, never
    by name. Each one removed, and the run, is recorded in the audit log.
    """
    current = retention.policy()
    if current.keep_seasons is None:
        click.echo("No retention period is set (Admin > Settings): student data is kept for "
                   "ever. Nothing to do.")
        return
    result = retention.apply_retention(actor=None, dry_run=dry_run)
    if not dry_run:
        db.session.commit()
    click.echo(f"Policy: {current.describe()}, then {current.action.label.split(':')[0].lower()}.")
    for due in result.due:
        note = " (deleted already; outcomes deleted)" if due.deleted and \
            current.action is RetentionAction.DEIDENTIFY else ""
        click.echo(f"  student {due.id}, last season {due.last_season}{note}")
    verb = {RetentionAction.DEIDENTIFY: "de-identify", RetentionAction.DELETE: "delete"}[
        current.action]
    count = f"{result.students} student{'s' if result.students != 1 else ''}"
    if dry_run:
        click.echo(f"Would {verb} {count}. Dry run: nothing was changed.")
    else:
        done = {RetentionAction.DEIDENTIFY: "De-identified", RetentionAction.DELETE: "Deleted"}[
            current.action]
        outcomes = result.summary().split("; ", 1)[1]
        click.echo(f"{done} {count}; {outcomes}.")
