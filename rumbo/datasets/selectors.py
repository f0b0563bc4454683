"""Reads of datasets and computed metrics shared by pages and the command line; each costs a fixed number of queries."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from rumbo.accounts import access
from rumbo.accounts.models import Role
from rumbo.datasets.models import Dataset, DatasetVersion, MetricDefinition
from rumbo.engine.computed import formulas
from rumbo.engine.errors import RumboError
from rumbo.kpis.models import Kpi
from rumbo.orgs.models import Cooperative

if TYPE_CHECKING:
    from rumbo.datasets.computing import Point


def datasets_of(coop: Cooperative) -> QuerySet[Dataset]:
    """The cooperative's datasets, each with its versions (newest first) and how many live metrics use it."""
    versions = DatasetVersion.objects.select_related("created_by").order_by("-number")
    return (
        Dataset.objects.filter(cooperative=coop)
        .annotate(metric_count=Count("metrics", filter=Q(metrics__kpi__deleted_at__isnull=True)))
        .prefetch_related(Prefetch("versions", queryset=versions))
    )


def datasets_with_columns(coop: Cooperative) -> list[tuple[Dataset, list[Any]]]:
    """Each dataset of the cooperative with its current columns ([[name, type], …]; none before its first upload)."""
    rows: list[tuple[Dataset, list[Any]]] = []
    for dataset in datasets_of(coop):
        versions = list(dataset.versions.all())  # prefetched, newest first
        rows.append((dataset, versions[0].columns if versions else []))
    return rows


def dataset_get(coop: Cooperative, pk: int) -> Dataset:
    return get_object_or_404(datasets_of(coop), pk=pk)


def definitions_of(coop: Cooperative, dataset: Dataset | None = None) -> QuerySet[MetricDefinition]:
    """Defined metrics of the cooperative's live KPIs (of one dataset if given), in board order."""
    rows = MetricDefinition.objects.filter(kpi__cooperative=coop, kpi__deleted_at__isnull=True)
    if dataset is not None:
        rows = rows.filter(dataset=dataset)
    return rows.select_related("kpi", "dataset").order_by("kpi__position", "kpi__name")


def metric_kpi_get(coop: Cooperative, pk: int) -> Kpi:
    return get_object_or_404(
        Kpi.objects.filter(cooperative=coop).select_related("cooperative", "definition__dataset"), pk=pk
    )


def definition_of(kpi: Kpi) -> MetricDefinition | None:
    try:
        return kpi.definition
    except MetricDefinition.DoesNotExist:
        return None


def metric_values(coop: Cooperative, kpi: Kpi) -> list["Point"]:
    """The KPI's values in period order: computed now, at full precision, when it has a definition; else as stored."""
    from rumbo.datasets import computing  # polars with it, once a value is computed: not at every start of Rumbo

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


def dataset_names(coop: Cooperative) -> list[str]:
    return list(Dataset.objects.filter(cooperative=coop).values_list("name", flat=True))


# --- who may change a dataset: the areas of the indicators its metrics feed ---------------


def live_definitions(coop: Cooperative | int) -> list[MetricDefinition]:
    """The definitions of the cooperative's live KPIs, in board order, each with its KPI and dataset."""
    return list(
        MetricDefinition.objects.filter(kpi__cooperative=coop, kpi__deleted_at__isnull=True)
        .select_related("kpi", "dataset")
        .order_by("kpi__position", "kpi__name")
    )


def with_dependents(roots: set[int], definitions: list[MetricDefinition]) -> set[int]:
    """The roots and every formula metric that uses one of them, directly or through other formulas."""
    slugs = {d.kpi_id: d.kpi.slug for d in definitions}
    uses = {d.kpi_id: formulas.dependencies(d.formula) for d in definitions if d.is_formula}
    found = {r for r in roots if r in slugs}
    changed = True
    while changed:
        names = {slugs[k] for k in found}
        more = {k for k, used in uses.items() if k not in found and used & names}
        found |= more
        changed = bool(more)
    return found


def kpis_fed(definitions: list[MetricDefinition], roots: set[int]) -> list[Kpi]:
    """The KPIs whose values change when the `roots` are recomputed: the roots and the formulas over them."""
    fed = with_dependents(roots, definitions)
    return [d.kpi for d in definitions if d.kpi_id in fed]


def kpis_fed_by(dataset: Dataset, definitions: list[MetricDefinition] | None = None) -> list[Kpi]:
    """The KPIs a new version of the dataset would change: its metrics and every formula that uses them."""
    definitions = live_definitions(dataset.cooperative_id) if definitions is None else definitions
    return kpis_fed(definitions, {d.kpi_id for d in definitions if d.dataset_id == dataset.pk})


def dataset_blocked_areas(
    who: access.Acting, dataset: Dataset, definitions: list[MetricDefinition] | None = None
) -> list[str]:
    """The areas `who` does not edit whose indicators the dataset feeds; empty when they may change it."""
    if who.role == Role.ADMIN:
        return []  # an admin (or the command line) edits every area: no need to look
    return access.blocked_areas(who, {k.area for k in kpis_fed_by(dataset, definitions)})


@dataclass(frozen=True)
class DatasetRights:
    """What an editor may change on the list of datasets, in one query (none for an admin)."""

    blocked: dict[int, list[str]]  # dataset id → the areas that stop them, for each dataset they may not change
    recompute_all: bool  # whether they edit the area of every computed metric


def dataset_rights(coop: Cooperative, who: access.Acting) -> DatasetRights:
    if who.role == Role.ADMIN:
        return DatasetRights({}, True)
    definitions = live_definitions(coop)
    blocked = {}
    for dataset_id in {d.dataset_id for d in definitions if d.dataset_id is not None}:
        roots = {d.kpi_id for d in definitions if d.dataset_id == dataset_id}
        if areas := access.blocked_areas(who, {k.area for k in kpis_fed(definitions, roots)}):
            blocked[dataset_id] = areas
    return DatasetRights(blocked, not access.blocked_areas(who, {d.kpi.area for d in definitions}))


def admin_only_message() -> str:
    """Why a dataset is for an administrator only (with `%(areas)s`), in the words the page and the refusal share."""
    return _("Solo un administrador puede cambiar estos datos: alimentan indicadores de %(areas)s.")


def admin_only_text(areas: list[str]) -> str:
    return admin_only_message() % {"areas": access.areas_text(areas)}


def require_dataset(who: access.Acting, dataset: Dataset, definitions: list[MetricDefinition] | None = None) -> None:
    """Refuse (403) a change to a dataset whose metrics feed indicators of areas `who` does not edit."""
    areas = dataset_blocked_areas(who, dataset, definitions)
    if areas:
        raise access.AreaDenied(admin_only_text(areas))


def dataset_get_editable(coop: Cooperative, who: access.Acting, pk: int) -> Dataset:
    """The dataset, when `who` may change it (404 outside the cooperative, 403 when it feeds others' areas)."""
    dataset = dataset_get(coop, pk)
    require_dataset(who, dataset)
    return dataset


def metric_blocked_areas(who: access.Acting, kpi: Kpi) -> list[str]:
    """The areas that stop `who` from changing how `kpi` is computed: its own, or those of the formulas it feeds."""
    if not access.can_edit_area(who, kpi.area):
        return [kpi.area]
    return access.blocked_areas(who, {k.area for k in kpis_fed(live_definitions(kpi.cooperative_id), {kpi.pk})})


def metric_kpi_get_editable(coop: Cooperative, who: access.Acting, pk: int) -> Kpi:
    """The KPI, when `who` may change how it is computed (403 with the areas that stop them)."""
    kpi = metric_kpi_get(coop, pk)
    access.require_area(who, kpi.area)
    access.require_areas(who, metric_blocked_areas(who, kpi), metric_admin_only_message())
    return kpi


def metric_admin_only_message() -> str:
    return _("Solo un administrador puede cambiar este cálculo: sus valores alimentan indicadores de %(areas)s.")
