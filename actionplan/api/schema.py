"""The schema's account of errors: every operation answers its errors in one shape (api/errors.py),
so the hook adds that shape, and the statuses each operation may answer, once for all of them."""

from __future__ import annotations

ERROR = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {
                    "field": {"type": "string", "nullable": True,
                              "description": "The parameter or field at fault; null for the request as a whole"},
                    "message": {"type": "string", "description": "What is wrong, in words to show a person"},
                },
            },
        },
        "current_version": {"type": "integer", "description": "409 only: the action's version now"},
    },
}

STATUSES = {
    "400": "Bad input: an unknown or invalid parameter or field, or an as-at day the plan cannot be shown at",
    "401": "No token, or one unknown, expired or revoked",
    "403": "Your role may not do this",
    "404": "No such plan, recommendation or action (or not yet in the plan on that day)",
    "429": "Too many calls: wait the seconds Retry-After says",
}
WRITE_STATUSES = {"409": "The action changed since you read it: read it again and resend with current_version"}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook (settings.SPECTACULAR_SETTINGS)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            wanted = {**STATUSES, **(WRITE_STATUSES if method == "post" else {})}
            responses = operation.setdefault("responses", {})
            for code, description in wanted.items():
                responses[code] = {"description": description, "content": body}
    return result
