"""Recomputing metrics: a dataset's metrics, then the formulas that use them, stored all or nothing."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rumbo.datasets.computing import compute
from rumbo.datasets.models import MetricDefinition
from rumbo.datasets.services.values import Write, Written, values_replace
from rumbo.engine import formulas
from rumbo.engine.errors import RumboError
from rumbo.kpis.choices import Source


@dataclass(frozen=True)
class Recomputed:
    metrics: list = field(default_factory=list)  # the KPIs whose values were recomputed
    written: Written = Written()


def metrics_recompute(*, coop, dataset=None, user=None) -> Recomputed:
    """Recompute the metrics over `dataset` (every defined metric when None) and the formulas that use them."""
    definitions = _definitions(coop)
    roots = {d.kpi_id for d in definitions if dataset is None or d.dataset_id == dataset.pk}
    return kpis_recompute(coop=coop, kpi_ids=roots, user=user, definitions=definitions)


def kpis_recompute(*, coop, kpi_ids, user=None, definitions=None) -> Recomputed:
    """Recompute the given defined KPIs and every formula that depends on them, in one transaction."""
    definitions = _definitions(coop) if definitions is None else definitions
    targets = _with_dependents(set(kpi_ids), definitions)
    if not targets:
        return Recomputed()
    try:
        with transaction.atomic():
            return _recompute(coop, targets, definitions, user)
    except RumboError as error:
        raise ValidationError(error.translated(_)) from None
    except IntegrityError:
        # two recomputations of the same metric at once on PostgreSQL: the later one gives way
        raise ValidationError(
            _("Otra actualización de estas métricas se guardó al mismo tiempo; vuelva a intentarlo.")
        ) from None


def _recompute(coop, targets: set[int], definitions: list[MetricDefinition], user) -> Recomputed:
    computed = compute(coop, targets)
    writes = []
    for definition in definitions:
        if definition.kpi_id not in targets or definition.kpi_id not in computed.series:
            continue  # a dataset without data yet, or in the bin: its metrics keep their values
        if definition.is_formula:
            source, detail = Source.FORMULA, definition.formula
        else:
            source, detail = Source.DATASET, computed.versions[definition.dataset_id].label
        writes.append(Write(definition.kpi, computed.series[definition.kpi_id], source, detail))
    written = values_replace(writes=writes, user=user)
    return Recomputed([w.kpi for w in writes], written)


def _definitions(coop) -> list[MetricDefinition]:
    return list(
        MetricDefinition.objects.filter(kpi__cooperative=coop, kpi__deleted_at__isnull=True)
        .select_related("kpi", "dataset")
        .order_by("kpi__position", "kpi__name")
    )


def _with_dependents(roots: set[int], definitions: list[MetricDefinition]) -> set[int]:
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
