"""`flask --app advisor assess PROFILE.json`."""

import click


@click.command("assess", help="Assess a student profile (JSON) against the catalog; print JSON.")
def assess_command() -> None:
    raise NotImplementedError
