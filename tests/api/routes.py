"""Every operation of the served OpenAPI document, with its path filled in with objects of the cast's cooperative A."""

MEMBER_KEY = [{"MemberKey": []}]
FEDERATION = "Federación"  # the tag of the federation's operations, walked in tests/api/test_api_federation_walk.py


def concrete_operations(
    cast, coop_slug: str = "coop-a", *, federation_slug: str = "red-cafe", skip: frozenset[str] = frozenset()
) -> list[tuple[str, str]]:
    """(method, path) for every operation the API documents, in the document's order, but those tagged in `skip`."""
    from rumbo.api.views import api

    fill = {
        "{coop_slug}": coop_slug,
        "{kpi_slug}": cast.kpi.slug,
        "{name}": cast.dataset.name,
        "{key_result_id}": str(cast.key_result.pk),
        "{federation_slug}": federation_slug,
        "{template}": "volumen_vendido",
        "{member_id}": "1",  # on a cooperative's address a federation's route is not found whatever the member
    }
    operations = []
    for path, methods in api.get_openapi_schema()["paths"].items():
        for placeholder, value in fill.items():
            path = path.replace(placeholder, value)
        assert "{" not in path, f"Fill {path} in tests/api/routes.py"
        # A federation member's push takes a member key, never an API key (tests/federation/test_federation_push_route.py).
        operations += [
            (method, path)
            for method, op in methods.items()
            if op.get("security") != MEMBER_KEY and not skip & set(op.get("tags", ()))
        ]
    return operations
