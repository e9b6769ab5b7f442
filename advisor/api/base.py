"""The flask-smorest pieces the resources build on: the Api (one per app), a Blueprint that
authenticates, answers errors as JSON and documents them, and how the shared marshmallow
fields of `advisor.validation` read in the OpenAPI document.
"""

from __future__ import annotations

import http
from collections.abc import Callable
from typing import Any, TypeVar

from flask_smorest import Api, Blueprint
from flask_smorest.utils import prepare_response

from advisor.api import auth
from advisor.api.errors import ApiParser, ErrorSchema, install_error_handlers
from advisor.enums import US_STATES, Role
from advisor.extensions import csrf
from advisor.validation import Code, Decimal, StateCode, WholeNumber, YesNo, Zip

F = TypeVar("F", bound=Callable[..., Any])

# Error responses every operation may document: status -> (description, headers).
ERROR_RESPONSES: dict[int, tuple[str, dict[str, Any]]] = {
    400: ("Bad input: malformed JSON, a wrong content type, or a field that fails validation. "
          "The message names the field, e.g. `step2ck.score: \"abc\" is not a whole number`.", {}),
    401: ("No token, a malformed `Authorization` header, or a token that is unknown, revoked or "
          "whose account is disabled.",
          {"WWW-Authenticate": {"description": "`Bearer realm=\"...\"`, with `error` when a token "
                                               "was sent but refused",
                                "required": True, "schema": {"type": "string"}}}),
    403: ("The token's account lacks the role this needs.", {}),
    404: ("No such record (or it was deleted).", {}),
    409: ("Conflict with what is stored: an edit based on a version that is no longer current "
          "(nothing was saved), or a stored profile that needs correcting first.", {}),
    413: ("The body is larger than the server's `MAX_CONTENT_LENGTH`.", {}),
}


class AdvisorApi(Api):
    """flask-smorest's Api, with our error envelope and without its app-wide error handler.

    flask-smorest would answer every HTTP error of the whole app with JSON; the browser pages
    keep their own error pages, so API errors are handled per API blueprint instead.
    """

    ERROR_SCHEMA = ErrorSchema
    # Each operation lists the errors it can give; no catch-all "default" response.
    DEFAULT_ERROR_RESPONSE_NAME = None

    def _register_error_handlers(self) -> None:
        return None

    def _init_spec(self, **kwargs: Any) -> None:
        super()._init_spec(**kwargs)
        self.ma_plugin.converter.add_attribute_function(_validation_fields)
        self.spec.components.security_scheme("bearerAuth", {
            "type": "http", "scheme": "bearer",
            "description": "A token from Admin > API tokens or `flask --app advisor tokens create`",
        })

    def register_blueprint(self, blp: Any, *, parameters: Any = None, **options: Any) -> None:
        """As flask-smorest's, but the spec's tag is the blueprint's title ("Students"), not
        its name, which must differ from the browser blueprints' ("students")."""
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        blp.register_views_in_doc(self, self._app, self.spec, name=name, parameters=parameters)
        self.spec.tag({"name": blp.title, "description": blp.description})

    def _register_responses(self) -> None:
        for status, (description, headers) in ERROR_RESPONSES.items():
            response: dict[str, Any] = {"description": description, "schema": self.ERROR_SCHEMA}
            if headers:
                response["headers"] = headers
            prepare_response(response, self.spec, self.DEFAULT_RESPONSE_CONTENT_TYPE)
            self.spec.components.response(http.HTTPStatus(status).name, response, lazy=True)


class ApiBlueprint(Blueprint):
    """A blueprint of the API: every view needs a bearer token, every error is JSON."""

    ARGUMENTS_PARSER = ApiParser()

    def __init__(self, *args: Any, title: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.title = title
        self.before_request(auth.authenticate_request)
        install_error_handlers(self)
        csrf.exempt(self)  # tokens are not ambient credentials; cookies never authenticate here

    def route(self, rule: str, *, parameters: Any = None, tags: Any = None,
              **options: Any) -> Callable[[F], F]:
        register = super().route(rule, parameters=parameters, tags=tags or [self.title],
                                 **options)

        def decorator(func: F) -> F:
            register(self.errors(401)(func))
            return func
        return decorator

    def errors(self, *statuses: int) -> Callable[[F], F]:
        """Document error responses (the shared components) for a view."""
        def decorator(func: F) -> F:
            for status in statuses:
                func = self.alt_response(status, response=http.HTTPStatus(status).name)(func)
            return func
        return decorator

    def requires(self, role: Role) -> Callable[[F], F]:
        """403 unless the token's account has `role` or more; put it right under the route."""
        def decorator(func: F) -> F:
            checked = self.errors(403)(auth.requires(role)(func))
            return self.doc(**{"x-minimum-role": role.value})(checked)
        return decorator


# ------------------------------------------------------------------ fields in the document

def _validation_fields(self: Any, field: Any, ret: dict[str, Any], **_: Any) -> dict[str, Any]:
    """OpenAPI types for the custom fields of advisor.validation (apispec sees no type)."""
    if isinstance(field, WholeNumber):
        return _bounded({"type": "integer"}, field.minimum, field.maximum)
    if isinstance(field, Decimal):
        return _bounded({"type": "number"}, field.minimum, field.maximum)
    if isinstance(field, Code):
        return _enum([m.value for m in field.enum], field.allow_none)
    if isinstance(field, StateCode):
        return _enum(list(US_STATES), field.allow_none)
    if isinstance(field, Zip):
        return {"type": "string", "pattern": "^[0-9]{5}(-[0-9]{4})?$",
                "description": "A US ZIP code; the state is derived from it when not given"}
    if isinstance(field, YesNo):
        return {"type": "boolean"}
    return {}


def _enum(values: list[Any], nullable: bool) -> dict[str, Any]:
    # OpenAPI 3.0 checks `enum` before `nullable`, so a nullable enum lists null too.
    return {"type": "string", "enum": [*values, None] if nullable else values}


def _bounded(schema: dict[str, Any], minimum: float | None, maximum: float | None) -> dict[str, Any]:
    if minimum is not None:
        schema["minimum"] = minimum
    if maximum is not None:
        schema["maximum"] = maximum
    return schema

