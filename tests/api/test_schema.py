"""The OpenAPI schema validates and documents every endpoint, its methods, filters and error shape."""

import re

from django.urls import get_resolver
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from actionplan.api import urls as api_urls

UNDOCUMENTED = {"schema", "docs"}  # the schema itself and its page


def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_is_valid_openapi_3():
    validate_schema(schema())  # raises on any departure from the OpenAPI 3 specification


def test_every_endpoint_and_method_is_documented():
    paths = schema()["paths"]
    for pattern in get_resolver(api_urls).url_patterns:
        if pattern.name in UNDOCUMENTED:
            continue
        path = "/api/v1/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
        path = path.replace("{pk}", "{id}")
        methods = {m for m in ("get", "post", "put", "patch", "delete") if hasattr(pattern.callback.view_class, m)}
        assert path in paths, f"{pattern.name} is not in the schema"
        assert set(paths[path]) == methods
        for method in methods:
            assert paths[path][method]["description"], f"{method} {path} has no description"


def test_every_operation_documents_the_error_shape_and_its_statuses():
    for path, operations in schema()["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"400", "401", "403", "404", "429"} <= codes, f"{method} {path}"
            assert operation["responses"]["401"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Error"
            }
    assert "409" in schema()["paths"]["/api/v1/actions/{id}/progress/"]["post"]["responses"]


def test_the_action_lists_filters_are_documented():
    names = {p["name"] for p in schema()["paths"]["/api/v1/actions/"]["get"]["parameters"]}
    assert names == {"as_at", "page", "plan", "recommendation", "lead", "status", "rag", "due_after", "due_before",
                     "overdue", "update", "q"}


def test_the_schema_is_served_as_json_to_anyone_who_may_read(client, world):
    client.force_login(world.users["viewer"])
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "jartracker API"
