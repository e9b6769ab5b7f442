"""Registers the `flask --app advisor ...` commands; each lives in its own module."""

from __future__ import annotations

from flask import Flask


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

    for command in (programs_group, demo_group, assess_command, plugins_group, users_group,
                    tokens_group, backup_command, restore_command, outcomes_group,
                    calibration_group, retention_group):
        app.cli.add_command(command)
