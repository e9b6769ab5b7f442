"""/api/v1/docs: the API reference as a plain server-rendered page, built from the generated
OpenAPI document. No script and nothing fetched from elsewhere, unlike the usual Swagger UI or
ReDoc pages, which load from CDNs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, current_app, render_template

bp = Blueprint("api_reference", __name__)

METHOD_ORDER = ("get", "post", "put", "patch", "delete")
# Longer enums (the state codes) are summarised rather than listed.
MAX_ENUM_SHOWN = 25
REF_PREFIX = "#/components/"


@dataclass(slots=True)
class Property:
    name: str
    type: str
    ref: str | None
    required: bool
    description: str


@dataclass(slots=True)
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    role: str
    parameters: list[Property] = field(default_factory=list)
    body: tuple[str, str | None] | None = None  # (content type, schema name or type)
    responses: list[tuple[str, str, str | None]] = field(default_factory=list)


def describe(schema: dict[str, Any], spec: dict[str, Any]) -> tuple[str, str | None]:
    """A schema as a short phrase, and the component it refers to, if any."""
    nullable = bool(schema.get("nullable"))
    if "anyOf" in schema:  # apispec's nullable reference: [{nullable object}, {$ref}]
        refs = [s for s in schema["anyOf"] if "$ref" in s]
        if refs:
            text, ref = describe(refs[0], spec)
            return f"{text}, or null", ref
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return name, name
    kind = schema.get("type", "any")
    ref = None
    if kind == "array":
        item, ref = describe(schema.get("items", {}), spec)
        text = f"array of {item}"
    elif kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        value, ref = describe(schema["additionalProperties"], spec)
        text = f"object of {value}"
    else:
        text = kind + (f" ({schema['format']})" if "format" in schema else "")
    enum = [value for value in schema.get("enum", []) if value is not None]
    if enum:
        text = ("one of: " + ", ".join(str(v) for v in enum) if len(enum) <= MAX_ENUM_SHOWN
                else f"one of {len(enum)} codes ({enum[0]} … {enum[-1]})")
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        text += f" ({_number(low)}–{_number(high)})"
    elif low is not None:
        text += f" (≥ {_number(low)})"
    elif high is not None:
        text += f" (≤ {_number(high)})"
    if nullable or None in schema.get("enum", []):
        text += ", or null"
    return text, ref


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else f"{value:,}".replace(",", " ")


def _resolve(item: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    ref = item.get("$ref", "")
    if not ref.startswith(REF_PREFIX):
        return item
    kind, name = ref[len(REF_PREFIX):].split("/", 1)
    return spec["components"][kind][name]


def _operations(spec: dict[str, Any]) -> dict[str, list[Operation]]:
    by_tag: dict[str, list[Operation]] = {tag["name"]: [] for tag in spec.get("tags", [])}
    for path, item in spec["paths"].items():
        shared = item.get("parameters", [])
        for method in METHOD_ORDER:
            if method not in item:
                continue
            op = item[method]
            operation = Operation(
                method=method.upper(), path=path,
                anchor=f"{method}-{path.strip('/').replace('/', '-').replace('{', '').replace('}', '')}",
                summary=op.get("summary", ""), description=op.get("description", ""),
                role=op.get("x-minimum-role", "viewer"),
            )
            for parameter in [*shared, *op.get("parameters", [])]:
                parameter = _resolve(parameter, spec)
                text, ref = describe(parameter.get("schema", {}), spec)
                operation.parameters.append(Property(
                    f"{parameter['name']} ({parameter['in']})", text, ref,
                    bool(parameter.get("required")), parameter.get("description", "")))
            body = op.get("requestBody")
            if body:
                content_type, media = next(iter(body["content"].items()))
                text, ref = describe(media.get("schema", {}), spec)
                operation.body = (content_type, ref or text)
            for status, response in sorted(op.get("responses", {}).items()):
                response = _resolve(response, spec)
                first_media: dict[str, Any] = next(iter(response.get("content", {}).values()), {})
                schema = first_media.get("schema")
                ref = describe(schema, spec)[1] if schema else None
                operation.responses.append((str(status), response.get("description", ""), ref))
            for tag in op.get("tags", ["Other"]):
                by_tag.setdefault(tag, []).append(operation)
    return by_tag


def _schemas(spec: dict[str, Any]) -> dict[str, list[Property]]:
    schemas: dict[str, list[Property]] = {}
    for name, schema in sorted(spec.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        rows = []
        for prop, definition in schema.get("properties", {}).items():
            text, ref = describe(definition, spec)
            rows.append(Property(prop, text, ref, prop in required,
                                 definition.get("description", "")))
        schemas[name] = rows
    return schemas


@bp.get("/api/v1/docs")
def reference():
    from advisor.api import get_api

    spec = get_api(current_app).spec.to_dict()
    return render_template("api/reference.html", spec=spec, operations=_operations(spec),
                           schemas=_schemas(spec))
