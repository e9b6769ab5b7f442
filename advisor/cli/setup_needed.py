"""`flask --app advisor ...` before setup: the command list and what to do, not a traceback.

Without a secret key (or with a bad setting) the app refuses to start. Run from the `flask`
command, that refusal would print a traceback in place of the command list. There, instead,
the app is built with its commands alone: listing them and their help works, running one
says what is missing, and `flask run` serves only that message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import click
from flask import Flask
from flask.cli import ScriptInfo

SETUP_NEEDED = "ADVISOR_SETUP_NEEDED"


def run_by_flask_command() -> bool:
    """Whether the `flask` command line is building the app (not a server or a test)."""
    context = click.get_current_context(silent=True)
    return context is not None and context.find_object(ScriptInfo) is not None


def setup_needed_app(app: Flask, problem: Exception) -> Flask:
    """`app` with its commands only, each refusing with `problem`; raises `problem` unless the
    `flask` command line is building it."""
    if not run_by_flask_command():
        raise problem
    message = f"Match Advisor is not set up yet. {problem}"
    click.secho(message + "\n", err=True, fg="yellow")
    app.config[SETUP_NEEDED] = message
    # WSGI middleware replaces the method, as Flask documents.
    app.wsgi_app = _refuse(message)  # type: ignore[method-assign]

    from advisor.cli import register_commands

    register_commands(app)
    return app


NOTHING_DONE = "Nothing was done: set Match Advisor up first, as said above."


def refusing(name: str, command: click.Command) -> click.Command:
    """A stand-in for `command` with its help, that exits saying nothing was done (the reason
    was printed when the app was built)."""
    def refuse(**_: Any) -> None:
        raise click.ClickException(NOTHING_DONE)

    return click.Command(name, callback=refuse, help=command.help,
                         short_help=command.get_short_help_str(),
                         context_settings={"ignore_unknown_options": True,
                                           "allow_extra_args": True})


def _refuse(message: str) -> Callable[..., Iterable[bytes]]:
    def application(_environ: dict[str, Any], start_response: Callable[..., Any]
                    ) -> Iterable[bytes]:
        start_response("503 Service Unavailable", [("Content-Type", "text/plain; charset=utf-8")])
        return [message.encode() + b"\n"]
    return application
