"""Every operation of the served OpenAPI document, with its path filled in with objects of the cast's cooperative A."""

MEMBER_KEY = [{"MemberKey": []}]


def concrete_operations(cast, coop_slug: str = "coop-a") -> list[tuple[str, str]]:
    """(method, path) for every operation the API documents, in the document's order."""
    from rumbo.api.views import api

    fill = {
        "{coop_slug}": coop_slug,
        "{kpi_slug}": cast.kpi.slug,
        "{name}": cast.dataset.name,
        "{key_result_id}": str(cast.key_result.pk),
    }
    operations = []
    for path, methods in api.get_openapi_schema()["paths"].items():
        for placeholder, value in fill.items():
            path = path.replace(placeholder, value)
        assert "{" not in path, f"Fill {path} in tests/api/routes.py"
        # A federation member's push takes a member key, never an API key (tests/federation/test_federation_push_route.py).
        operations += [(method, path) for method, op in methods.items() if op.get("security") != MEMBER_KEY]
    return operations
