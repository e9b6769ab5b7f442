"""`flask --app advisor tokens create EMAIL`, `tokens list` and `tokens revoke PREFIX`."""

from __future__ import annotations

import sys
from typing import NoReturn

import click
from flask.cli import AppGroup

from advisor.extensions import db
from advisor.services import api_tokens
from advisor.services.users import find_user

tokens_group = AppGroup("tokens", help="Manage API tokens (Authorization: Bearer ...).")


@tokens_group.command("create")
@click.argument("email")
@click.option("--name", default="Command line", show_default=True,
              help="What the token is for, e.g. the system that will use it.")
def create(email: str, name: str) -> None:
    """Create an API token that acts as EMAIL's account, with its role.

    The token is printed once, on standard output; only its hash is stored.
    """
    user = find_user(email)
    if user is None:
        _fail(f"email: no account for {email}")
    try:
        new = api_tokens.create_token(user, name)
    except api_tokens.TokenError as exc:
        _fail(str(exc))
    db.session.commit()
    click.echo(f"Created token {new.token.prefix}… ({new.token.name}) for {user.email}, "
               f"role {user.role.value}. Copy it now; it is not shown again:", err=True)
    click.echo(new.secret)


@tokens_group.command("list")
def list_tokens() -> None:
    """Show every token: prefix, account, name, created, last used, live or revoked."""
    tokens = api_tokens.all_tokens()
    if not tokens:
        click.echo("No API tokens.")
    for token in tokens:
        state = f"revoked {_when(token.revoked_at)}" if token.revoked else "live"
        click.echo(f"{token.prefix}…  {token.user.email}  {token.name!r}  "
                   f"created {_when(token.created_at)}  last used {_when(token.last_used_at)}  "
                   f"[{state}]")


@tokens_group.command("revoke")
@click.argument("prefix")
def revoke(prefix: str) -> None:
    """Revoke the token whose shown prefix (as `tokens list` prints it) is PREFIX."""
    matches = api_tokens.find_by_prefix(prefix)
    if not matches:
        _fail(f"prefix: no token starts with {prefix}")
    if len(matches) > 1:
        _fail(f"prefix: {len(matches)} tokens start with {prefix}; give more characters")
    token = matches[0]
    if not api_tokens.revoke_token(token):
        click.echo(f"Token {token.prefix}… was already revoked.")
        return
    db.session.commit()
    click.echo(f"Revoked token {token.prefix}… ({token.name}) of {token.user.email}.")


def _when(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "never"


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)
