"""`flask --app advisor users create EMAIL --role ROLE`."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from advisor.enums import Role
from advisor.extensions import db
from advisor.services.users import AccountError, create_user

users_group = AppGroup("users", help="Manage staff accounts.")


@users_group.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(Role.codes()), default=Role.ADVISOR.value,
              show_default=True, help="What the account may do.")
@click.password_option(help="The password (asked for when not given; at least 8 characters).")
def create(email: str, role: str, password: str) -> None:
    """Create a staff account that signs in with EMAIL."""
    try:
        user = create_user(email, password, Role(role))
    except AccountError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"Created {user.role.value} account {user.email}.")


@users_group.command("set-password")
@click.argument("email")
@click.password_option(help="The new password (asked for when not given).")
def set_password_command(email: str, password: str) -> None:
    """Set a new password for EMAIL's account; its other sessions end."""
    from advisor.services.users import find_user, set_password

    user = find_user(email)
    if user is None:
        click.echo(f"error: email: no account for {email}", err=True)
        sys.exit(1)
    try:
        set_password(user, password)
    except AccountError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"Password changed for {user.email}.")
