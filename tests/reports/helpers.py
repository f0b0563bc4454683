"""Data the report tests share: a KPI of the cast's objective that went off track last month."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone


def last_month():
    return (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)


def off_track_last_month(cast, *, value=10, target=20, name="Llamadas a clientes por día", coop=None, objective=None):
    """A monthly KPI of the cast's sales objective, `value` against `target` last month (off track by default)."""
    from rumbo.engine.timeline.periods import period_end
    from rumbo.kpis.models import Kpi, Measurement, Target

    month = last_month()
    kpi = Kpi.objects.create(
        cooperative=coop or cast.coop,
        slug=name.lower().replace(" ", "-")[:60],
        name=name,
        unit="llamadas",
        area="ventas",
        objective=objective if coop else (objective or cast.objective),
        owner=cast.editor if coop is None else None,
        frequency="month",
        aggregation="mean",
        indicator="leading",
    )
    Target.objects.create(kpi=kpi, start=month, end=period_end(month, "month"), value=Decimal(target))
    Measurement.objects.create(kpi=kpi, period=month, value=Decimal(value))
    return kpi


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page as pdftotext reads it, words joined back where a line was hyphenated."""
    import subprocess

    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [" ".join(page.replace("\u2010\n", "").replace("-\n", "").split()) for page in pages]
