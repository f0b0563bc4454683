"""schemathesis against the served OpenAPI document: no 5xx, no answer outside the schema, no cross-cooperative access.

Three keys walk every operation: one of cooperative A that reads and writes, one of A that only
reads, and one of cooperative B. Paths name cooperative A's real objects half of the time, so the
fuzzer reaches the routes' insides, not only their 404. The keys of A's reader and of B must
leave A's data exactly as it was.
"""

import time

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from rumbo.api.records import XLSX

pytestmark = pytest.mark.slow  # a running server and a few hundred generated requests

# Per operation and key: valid cases, then cases that break the schema on purpose (the writer's only): about 30 s.
EXAMPLES = {"writer": (8, 3), "reader": (4, 0), "outsider": (4, 0)}
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
    negative_data_rejection,
]


@schemathesis.serializer(XLSX)
def _xlsx(ctx, value):
    return value if isinstance(value, bytes) else str(value).encode()


def snapshot():
    """Everything a key could change in cooperative A."""
    from rumbo.api.models import IdempotentAnswer
    from rumbo.datasets.models import Dataset, DatasetVersion
    from rumbo.kpis.models import Kpi, Measurement, Target
    from rumbo.okrs.models import CheckIn

    rows = [sorted(Measurement.objects.values_list("pk", "value", "version"))]
    rows += [sorted(Target.objects.values_list("pk", "value", "start", "end"))]
    rows += [sorted(Kpi.all_objects.values_list("pk", "slug")), sorted(CheckIn.objects.values_list("pk", "confidence"))]
    rows += [sorted(Dataset.all_objects.values_list("pk", "name")), DatasetVersion.objects.count()]
    return rows + [IdempotentAnswer.objects.count()]


def fill(cast):
    """A case's path parameters: cooperative A always, and A's real KPI, dataset and key result half of the time."""
    real = {"kpi_slug": cast.kpi.slug, "name": "ventas", "key_result_id": cast.key_result.pk}

    def filled(case, use_real):
        if case.path_parameters is not None:
            case.path_parameters["coop_slug"] = "coop-a"
            for name, value in real.items():
                if name in case.path_parameters and use_real:
                    case.path_parameters[name] = value
        return case

    return filled


@pytest.mark.django_db(transaction=True)
def test_the_api_keeps_its_contract_for_every_key(live_server):
    from rumbo.api.services import token_create
    from rumbo.datasets.services.loading import dataset_load
    from tests.conftest import Cast
    from tests.datasets.conftest import csv_bytes

    cast = Cast()
    rows = [("01/03/2026", "Café", "120"), ("02/03/2026", "Miel", "80")]
    data = csv_bytes(rows, header=("Fecha", "Producto", "Importe"))
    dataset_load(coop=cast.coop, name="ventas", data=data, filename="ventas.csv", user=cast.admin)
    keys = {
        "writer": token_create(coop=cast.coop, name="Caja", can_write=True, user=cast.admin)[1],
        "reader": token_create(coop=cast.coop, name="Tablero", can_write=False, user=cast.admin)[1],
        "outsider": token_create(coop=cast.other_coop, name="Otra", can_write=True, user=cast.outsider)[1],
    }
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    session = requests.Session()
    figures = {"operations": len(operations), "cases": 0, "failures": []}
    started = time.monotonic()
    for who, (valid, broken) in EXAMPLES.items():
        before = snapshot()
        for operation, mode, examples in [
            (o, m, n)
            for o in operations
            for m, n in ((GenerationMode.POSITIVE, valid), (GenerationMode.NEGATIVE, broken))
            if n
        ]:
            headers = {"Authorization": f"Bearer {keys[who]}"}
            strategy = st.tuples(operation.as_strategy(mode), st.booleans()).map(lambda pair: fill(cast)(*pair))

            @settings(
                max_examples=examples,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def walk(case):
                figures["cases"] += 1
                response = case.call(base_url=f"{live_server.url}", session=session, headers=headers)
                try:
                    case.validate_response(response, checks=CHECKS, headers=headers)
                except (AssertionError, BaseExceptionGroup) as failure:  # gathered, all reported at the end
                    figures["failures"].append(f"{who} {case.method} {case.formatted_path}: {failure}"[:600])
                if who == "outsider":
                    assert response.status_code in (401, 404), (case.method, case.formatted_path, response.text[:300])
                if who == "reader" and case.method in ("POST", "PUT"):
                    # A federation member's push takes a member key: an API key is no key there (401).
                    member_key = (401,) if case.formatted_path == "/api/v1/federation/push" else ()
                    assert response.status_code in (403, 404, 405, 413, 415, 422, *member_key), (
                        case.formatted_path,
                        response.status_code,
                    )

            walk()
        if who != "writer":
            assert snapshot() == before, f"the {who}'s key changed cooperative A's data"
    print(
        f"schemathesis: {figures['operations']} operations, {figures['cases']} cases, "
        f"{len(figures['failures'])} failures, {time.monotonic() - started:.1f} s"
    )
    assert not figures["failures"], "\n".join(figures["failures"][:10])
