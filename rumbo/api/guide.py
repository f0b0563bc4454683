"""The API's guide as a page: its own OpenAPI document read into sections a template lists (no viewer to download)."""

import json
from typing import Any

from django.urls import reverse

METHOD_ORDER = {"get": 0, "post": 1, "put": 2}


def operations() -> dict[str, Any]:
    """{"description", "tags": [(tag, [operation, …])]}, each operation with its parameters, body and answers."""
    from rumbo.api.views import api  # the document describes the routes, which import this app's pages' neighbours

    schema = api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    tags: dict[str, list[dict[str, Any]]] = {}
    for path, methods in schema["paths"].items():
        for method, operation in sorted(methods.items(), key=lambda m: METHOD_ORDER.get(m[0], 9)):
            tag = (operation.get("tags") or [""])[0]
            tags.setdefault(tag, []).append(
                {
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [_parameter(p) for p in operation.get("parameters", [])],
                    "body": _body(operation.get("requestBody"), components),
                    "answers": sorted(operation.get("responses", {})),
                }
            )
    return {
        "description": schema["info"].get("description", ""),
        "tags": sorted(tags.items(), key=lambda t: t[0] != "Lectura"),
        "openapi_url": reverse("api:openapi-json"),
    }


def _parameter(parameter: dict[str, Any]) -> dict[str, Any]:
    kind = parameter.get("schema", {})
    return {
        "name": parameter["name"],
        "where": parameter["in"],
        "required": parameter.get("required", False),
        "type": kind.get("type") or " | ".join(k.get("type", "") for k in kind.get("anyOf", [])),
        "description": parameter.get("description") or kind.get("description", ""),
    }


def _body(body: dict[str, Any] | None, components: dict[str, Any]) -> list[dict[str, Any]]:
    """Each content type the operation takes, with its fields and an example."""
    if not body:
        return []
    out = []
    for content_type, content in body.get("content", {}).items():
        shape = _resolved(content.get("schema", {}), components)
        fields = [
            {"name": name, "description": _resolved(field, components).get("description", "")}
            for name, field in shape.get("properties", {}).items()
        ]
        example = content.get("example") or _example(shape, components)
        shown = example if isinstance(example, str) else json.dumps(example, ensure_ascii=False, indent=1)
        out.append({"type": content_type, "fields": fields, "example": shown if example else ""})
    return out


def _resolved(shape: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    ref = shape.get("$ref", "")
    return components.get(ref.rsplit("/", 1)[-1], {}) if ref else shape


def _example(shape: dict[str, Any], components: dict[str, Any]) -> Any:
    if shape.get("type") == "array":
        item = _example(_resolved(shape.get("items", {}), components), components)
        return [item] if item else None
    found = {}
    for name, field in shape.get("properties", {}).items():
        field = _resolved(field, components)
        if field.get("examples"):
            found[name] = field["examples"][0]
    return found or None
