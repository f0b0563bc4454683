"""Records to load in dataset tests: a small sales ledger written the way Excel in Spanish saves a CSV."""

from datetime import date

import pytest

SALES = [
    # Fecha, Cliente, Producto, Cantidad, Monto
    ("05/01/2024", "Ana", "pergamino", "2", "1.200,50"),
    ("17/01/2024", "Beto", "tostado", "1", "300"),
    ("02/02/2024", "Ana", "pergamino", "3", "1.800"),
    ("20/02/2024", "Carla", "tostado", "4", "1.250,25"),
    ("11/04/2024", "Darío", "tostado", "1", "310"),
]
JAN, FEB, MAR, APR = (date(2024, m, 1) for m in (1, 2, 3, 4))


def csv_bytes(rows, header=("Fecha", "Cliente", "Producto", "Cantidad", "Monto")) -> bytes:
    lines = [";".join(header), *(";".join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def load(cast):
    """Load rows into cooperative A's dataset `name` (the cast's «ventas» by default)."""
    from rumbo.datasets.services.loading import dataset_load

    def loader(rows=SALES, *, name="ventas", append=False, header=None, types=None, filename="ventas.csv", user=None):
        data = csv_bytes(rows, header) if header else csv_bytes(rows)
        options = {"append": append, "types": types, "user": user or cast.editor}
        return dataset_load(coop=cast.coop, name=name, data=data, filename=filename, **options)

    return loader


@pytest.fixture
def define(cast):
    from rumbo.datasets.services.metrics import metric_define

    def definer(name, **kwargs):
        kwargs.setdefault("user", cast.editor)
        if "formula" not in kwargs:
            kwargs.setdefault("dataset", "ventas")
            kwargs.setdefault("date", "Fecha")
        return metric_define(coop=cast.coop, name=name, **kwargs)

    return definer


def values_of(kpi) -> dict:
    from rumbo.kpis.models import Measurement

    return {m.period: m.value for m in Measurement.objects.filter(kpi=kpi).order_by("period")}
