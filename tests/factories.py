"""Factories for the records many tests set up: a KPI with only the fields its test is about."""


def make_kpi(cooperative, slug: str, name: str, *, area: str = "ventas", frequency: str = "month", **fields):
    """A KPI of `cooperative`, in ventas and monthly unless told; the fields not named keep the model's defaults."""
    from rumbo.kpis.models import Kpi

    return Kpi.objects.create(cooperative=cooperative, slug=slug, name=name, area=area, frequency=frequency, **fields)


def editors_kpi(cast, slug: str, name: str, **fields):
    """A KPI of the cast's editor: in ventas, under the cast's objective and owned by the editor."""
    return make_kpi(cast.coop, slug, name, objective=cast.objective, owner=cast.editor, **fields)


def unsaved_kpi(cast, name: str, **fields):
    """A monthly average of the cast's editor, not yet saved: what a KPI form hands to `kpi_save`."""
    from rumbo.kpis.models import Kpi

    values = {"cooperative": cast.coop, "name": name, "area": "ventas", "objective": cast.objective}
    values |= {"owner": cast.editor, "frequency": "month", "aggregation": "mean"}
    return Kpi(**{**values, **fields})


def numbered_kpis(cooperative, numbers, each=None, **fields) -> None:
    """KPIs «K n» (slug «kn») for each n of `numbers`, in ventas and monthly unless told; `each(n)` adds fields per KPI."""
    from rumbo.kpis.models import Kpi

    def row(n):
        return {"area": "ventas", "frequency": "month", **fields, **(each(n) if each else {})}

    Kpi.objects.bulk_create(Kpi(cooperative=cooperative, slug=f"k{n}", name=f"K {n}", **row(n)) for n in numbers)
