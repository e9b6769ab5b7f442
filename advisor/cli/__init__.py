"""Registers the `flask --app advisor ...` commands; each lives in its own module."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup, ScriptInfo

from advisor.cli.setup_needed import SETUP_NEEDED, refusing


class _Commands(AppGroup):
    """The app's commands, with Flask-Migrate's `flask db` group bound only when it is run or
    listed (see advisor.database.bind_migrations)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), "db"})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if ctx.ensure_object(ScriptInfo).load_app().config.get(SETUP_NEEDED):
            if name not in self.list_commands(ctx):
                return None
            # `db` is bound only on use; its stand-in still says what it is for.
            command = self.commands.get(name) or click.Command(
                name, short_help="Perform database migrations.")
            return refusing(name, command)
        if name == "db" and name not in self.commands:
            from advisor.database import bind_migrations

            bind_migrations(ctx.ensure_object(ScriptInfo).load_app())  # adds `db` to self
        return super().get_command(ctx, name)


def register_commands(app: Flask) -> None:
    from advisor.cli.assess import assess_command
    from advisor.cli.backup import backup_command, restore_command
    from advisor.cli.calibration import calibration_group
    from advisor.cli.demo import demo_group
    from advisor.cli.outcomes import outcomes_group
    from advisor.cli.plugins import plugins_group
    from advisor.cli.programs import programs_group
    from advisor.cli.retention import retention_group
    from advisor.cli.tokens import tokens_group
    from advisor.cli.users import users_group

    commands = _Commands(app.cli.name)
    commands.commands.update(app.cli.commands)
    app.cli = commands
    for command in (programs_group, demo_group, assess_command, plugins_group, users_group,
                    tokens_group, backup_command, restore_command, outcomes_group,
                    calibration_group, retention_group):
        app.cli.add_command(command)
