"""Bearer-token authentication and role checks for the API.

Only the `Authorization: Bearer` header authenticates an API request. The browser's session
cookie never does: it is an ambient credential, and the API is exempt from CSRF checks
precisely because nothing ambient can act through it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import g, request

from advisor.api.errors import ApiError
from advisor.enums import Role
from advisor.models import ApiToken, User
from advisor.services import api_tokens

F = TypeVar("F", bound=Callable[..., Any])

REALM = "Match Advisor API"


def _unauthorized(problem: str, error: str | None = None) -> ApiError:
    challenge = f'Bearer realm="{REALM}"'
    if error:  # RFC 6750: a token was sent but is no good
        challenge += f', error="{error}"'
    return ApiError(401, f"Authorization: {problem}",
                    errors=[{"field": "Authorization", "message": problem}],
                    headers={"WWW-Authenticate": challenge})


def authenticate_request() -> None:
    """Run before every API view: find the token, or answer 401."""
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.strip().partition(" ")
    if not header:
        raise _unauthorized('missing; send "Authorization: Bearer <token>"')
    if scheme.lower() != "bearer" or not secret.strip():
        raise _unauthorized('must be "Bearer <token>"', "invalid_request")
    found = api_tokens.authenticate(secret.strip())
    if isinstance(found, api_tokens.Refusal):
        raise _unauthorized(f"the token {found.value}", "invalid_token")
    g.api_token = found


def current_token() -> ApiToken:
    return g.api_token


def current_user() -> User:
    """The account the request's token acts as."""
    return g.api_token.user


def require_role(role: Role) -> None:
    user = current_user()
    if not user.can(role):
        raise ApiError(403, f"role: this needs the {role.label.lower()} role or a more powerful "
                            f"one; the token acts as {user.email}, a {user.role.label.lower()}",
                       errors=[{"field": "role", "message": f"needs {role.value}"}])


def requires(role: Role) -> Callable[[F], F]:
    """A view decorator: 403 unless the token's account has `role` or a more powerful one.

    Put it right under the route, so the role is checked before the body is read.
    """
    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            require_role(role)
            return view(*args, **kwargs)
        return wrapped  # type: ignore[return-value]  # wraps() keeps the view's signature
    return decorator
