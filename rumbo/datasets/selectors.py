"""Reads of datasets and computed metrics shared by pages and the command line; each costs a fixed number of queries."""

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from rumbo.datasets import computing
from rumbo.datasets.models import Dataset, DatasetVersion, MetricDefinition
from rumbo.engine.errors import RumboError
from rumbo.kpis.models import Kpi


def datasets_of(coop):
    """The cooperative's datasets, each with its versions (newest first) and how many live metrics use it."""
    versions = DatasetVersion.objects.select_related("created_by").order_by("-number")
    return (
        Dataset.objects.filter(cooperative=coop)
        .annotate(metric_count=Count("metrics", filter=Q(metrics__kpi__deleted_at__isnull=True)))
        .prefetch_related(Prefetch("versions", queryset=versions))
    )


def datasets_with_columns(coop) -> list[tuple[Dataset, list]]:
    """Each dataset of the cooperative with its current columns ([[name, type], …]; none before its first upload)."""
    rows = []
    for dataset in datasets_of(coop):
        versions = list(dataset.versions.all())  # prefetched, newest first
        rows.append((dataset, versions[0].columns if versions else []))
    return rows


def dataset_get(coop, pk) -> Dataset:
    return get_object_or_404(datasets_of(coop), pk=pk)


def deleted_datasets_of(coop):
    return Dataset.all_objects.filter(cooperative=coop, deleted_at__isnull=False).order_by("-deleted_at")


def deleted_dataset_get(coop, pk) -> Dataset:
    return get_object_or_404(deleted_datasets_of(coop), pk=pk)


def definitions_of(coop, dataset=None):
    """Defined metrics of the cooperative's live KPIs (of one dataset if given), in board order."""
    rows = MetricDefinition.objects.filter(kpi__cooperative=coop, kpi__deleted_at__isnull=True)
    if dataset is not None:
        rows = rows.filter(dataset=dataset)
    return rows.select_related("kpi", "dataset").order_by("kpi__position", "kpi__name")


def metric_kpi_get(coop, pk) -> Kpi:
    return get_object_or_404(Kpi.objects.filter(cooperative=coop).select_related("cooperative", "definition__dataset"), pk=pk)


def definition_of(kpi) -> MetricDefinition | None:
    try:
        return kpi.definition
    except MetricDefinition.DoesNotExist:
        return None


def metric_values(coop, kpi: Kpi) -> list[computing.Point]:
    """The KPI's values in period order: computed now, at full precision, when it has a definition; else as stored."""
    if definition_of(kpi) is None:
        return list(computing.stored_series(kpi).values())
    try:
        computed = computing.compute(coop, {kpi.pk})
    except RumboError as error:
        raise ValidationError(error.translated(_)) from None
    series = computed.series.get(kpi.pk)
    if series is None:  # its dataset has no data yet, or is in the bin: what was stored is all there is
        series = computing.stored_series(kpi)
    return [series[p] for p in sorted(series)]


def dataset_names(coop) -> list[str]:
    return list(Dataset.objects.filter(cooperative=coop).values_list("name", flat=True))
