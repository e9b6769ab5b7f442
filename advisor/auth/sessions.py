"""Flask-Login wiring and the role checks every view uses."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort
from flask_login import LoginManager, current_user

from advisor.enums import Role
from advisor.extensions import db

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in to continue."
login_manager.login_message_category = "info"
# Flask-Login's "strong" protection drops the session when the client's IP or agent changes.
login_manager.session_protection = "strong"

F = TypeVar("F", bound=Callable[..., Any])


def init_login(app: Flask) -> None:
    login_manager.init_app(app)


@login_manager.user_loader
def load_user(user_key: str):
    from advisor.models import User

    user_id, _, version = user_key.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    # A session from before a sign-out-everywhere, a disabling or a reset is dead.
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def role_required(role: Role) -> Callable[[F], F]:
    """Allow signed-in users whose role is `role` or more powerful; 403 for the rest."""
    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.can(role):
                abort(403)
            return view(*args, **kwargs)
        return wrapped  # type: ignore[return-value]  # wraps() keeps the view's signature
    return decorator
