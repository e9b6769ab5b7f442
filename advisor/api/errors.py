"""API errors: one JSON shape for every failure, the handlers that produce it, and the request
parser that turns bad input into a 400 naming the field.

The shape is `{"error": {"status": 400, "message": "...", "errors": [...]}}`, the same envelope
the app already gives for an unknown address under /api/, so clients read every failure alike.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from flask import Blueprint, current_app, request
from marshmallow import Schema, ValidationError, fields
from webargs import core
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from advisor.validation import flatten_errors

# Long error lists go in `errors`; the message repeats only the first few.
MESSAGE_LINES = 5

MESSAGES = {
    400: "The request could not be understood.",
    401: "Send an API token: Authorization: Bearer <token>.",
    403: "Your role does not allow this.",
    404: "There is nothing at this address.",
    405: "This address does not take that method.",
    409: "The request conflicts with the stored data.",
    413: "The request body is larger than this server accepts.",
    415: "The request body is not in a format this address takes.",
    500: "Something went wrong on our side. The error has been logged.",
}


class ApiError(Exception):
    """Raise anywhere in an API view to answer with the error envelope."""

    def __init__(self, status: int, message: str, *, errors: list[dict[str, Any]] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors or []
        self.headers = headers or {}


def bad_input(lines: list[str], status: int = 400) -> ApiError:
    """An error for `field: problem` lines such as `step2ck.score: "abc" is not a whole number`."""
    shown = lines[:MESSAGE_LINES]
    message = "; ".join(shown) + (f"; and {len(lines) - len(shown)} more" if len(lines) > len(shown) else "")
    return ApiError(status, message, errors=[_field_error(line) for line in lines])


def _field_error(line: str) -> dict[str, Any]:
    field, sep, problem = line.partition(": ")
    # A path has no spaces ("step2ck.score", "ties[0].zip"); anything else is a plain message.
    if sep and field and " " not in field:
        return {"field": field, "message": problem}
    return {"field": None, "message": line}


# ------------------------------------------------------------------------ schemas (docs)

class ErrorItemSchema(Schema):
    field = fields.String(allow_none=True, metadata={
        "description": "The field at fault as a path, e.g. `step2ck.score` or `ties[0].zip`"})
    row = fields.Integer(allow_none=True, metadata={
        "description": "For a catalog upload: the CSV row (the header is row 1)"})
    column = fields.String(allow_none=True, metadata={
        "description": "For a catalog upload: the CSV column"})
    message = fields.String(required=True, metadata={"description": "The problem"})


class ErrorBodySchema(Schema):
    status = fields.Integer(required=True, metadata={"description": "The HTTP status"})
    message = fields.String(required=True, metadata={
        "description": "What went wrong, naming the field when one is at fault"})
    errors = fields.List(fields.Nested(ErrorItemSchema), metadata={
        "description": "Each problem on its own, when there are several"})


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)


# ------------------------------------------------------------------------------ handlers

def error_response(status: int, message: str, errors: list[dict[str, Any]] | None = None,
                   headers: dict[str, str] | None = None):
    body: dict[str, Any] = {"status": status, "message": message}
    if errors:
        body["errors"] = errors
    response = current_app.json.response({"error": body})
    response.status_code = status
    response.headers.update(headers or {})
    response.headers["Cache-Control"] = "no-store"
    return response


def install_error_handlers(blueprint: Blueprint) -> None:
    """Answer every error raised in this blueprint's views with the JSON envelope."""
    blueprint.register_error_handler(ApiError, _api_error)
    blueprint.register_error_handler(HTTPException, _http_error)
    blueprint.register_error_handler(Exception, _unexpected)


def _api_error(error: ApiError):
    return error_response(error.status, error.message, error.errors, error.headers)


def _http_error(error: HTTPException):
    status = error.code or 500
    message = MESSAGES.get(status, error.name)
    if isinstance(error, RequestEntityTooLarge):
        limit = current_app.config.get("MAX_CONTENT_LENGTH")
        if limit:
            message = (f"body: larger than this server accepts ({limit / (1024 * 1024):.3g} MB); "
                       "split the file and send the parts one by one.")
    headers = dict(error.get_headers()) if status == 405 else {}
    headers.pop("Content-Type", None)
    return error_response(status, message, headers=headers)


def _unexpected(error: Exception):
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    if current_app.debug:
        raise error
    return error_response(500, MESSAGES[500])


# -------------------------------------------------------------------------------- parser

class ApiParser(FlaskParser):
    """webargs' Flask parser, with 400 (not 422) for bad input and messages that name fields."""

    DEFAULT_VALIDATION_STATUS = 400

    def _raw_load_json(self, req):
        if not req.is_json:
            raise bad_input(['body: send JSON, with the header "Content-Type: application/json"'])
        data = req.get_data(cache=True)
        if not data.strip():
            raise bad_input(["body: is empty; send a JSON object"])
        try:
            document = core.parse_json(data)
        except json.JSONDecodeError as exc:
            raise bad_input([f"body: not valid JSON ({exc.msg} at line {exc.lineno}, "
                             f"column {exc.colno})"]) from None
        except (RecursionError, UnicodeDecodeError, ValueError):
            raise bad_input(["body: not valid JSON"]) from None
        if not isinstance(document, dict):
            raise bad_input(["body: must be a JSON object"])
        return document

    def handle_error(self, error: ValidationError, req, schema, *, error_status_code,
                     error_headers) -> NoReturn:
        messages = error.messages
        lines: list[str] = []
        if isinstance(messages, dict):
            # webargs files each error under its location ("json", "query", ...): drop that.
            for located in messages.values():
                lines.extend(flatten_errors(located))
        else:
            lines = flatten_errors(messages)
        raise bad_input(lines or ["The request could not be understood."])
