"""Recomputing metrics: a dataset's metrics, then the formulas that use them, stored all or nothing."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rumbo.accounts import access
from rumbo.accounts.models import User
from rumbo.datasets.computing import compute
from rumbo.datasets.models import Dataset, MetricDefinition
from rumbo.datasets.selectors import admin_only_message, live_definitions, with_dependents
from rumbo.engine.errors import RumboError
from rumbo.kpis.choices import Source
from rumbo.kpis.models import Kpi
from rumbo.kpis.services.values import Write, Written, values_replace
from rumbo.orgs.models import Cooperative


@dataclass(frozen=True)
class Recomputed:
    metrics: list[Kpi] = field(default_factory=list)  # the KPIs whose values were recomputed
    written: Written = field(default_factory=Written)


def metrics_recompute(
    *,
    coop: Cooperative,
    dataset: Dataset | None = None,
    user: User | None = None,
    membership: access.Acting | None = None,
) -> Recomputed:
    """Recompute the metrics over `dataset` (every defined metric when None) and the formulas that use them.

    Whoever acts must edit the area of every indicator that would change (403 otherwise).
    """
    who = access.acting(coop, user, membership)
    definitions = live_definitions(coop)
    roots = {d.kpi_id for d in definitions if dataset is None or d.dataset_id == dataset.pk}
    if dataset is None:
        message = _("Solo un administrador puede recalcular todas las métricas: hay indicadores de %(areas)s.")
    else:
        message = admin_only_message()
    return kpis_recompute(coop=coop, kpi_ids=roots, user=user, definitions=definitions, membership=who, message=message)


def kpis_recompute(
    *,
    coop: Cooperative,
    kpi_ids: Iterable[int],
    user: User | None = None,
    definitions: list[MetricDefinition] | None = None,
    membership: access.Acting | None = None,
    message: str | None = None,
) -> Recomputed:
    """Recompute the given defined KPIs and every formula that depends on them, in one transaction."""
    who = access.acting(coop, user, membership)
    definitions = live_definitions(coop) if definitions is None else definitions
    targets = with_dependents(set(kpi_ids), definitions)
    if not targets:
        return Recomputed()
    access.require_areas(who, {d.kpi.area for d in definitions if d.kpi_id in targets}, message)
    try:
        with transaction.atomic():
            return _recompute(coop, targets, definitions, user, who)
    except RumboError as error:
        raise ValidationError(error.translated(_)) from None
    except IntegrityError:
        # two recomputations of the same metric at once on PostgreSQL: the later one gives way
        raise ValidationError(
            _("Otra actualización de estas métricas se guardó al mismo tiempo; vuelva a intentarlo.")
        ) from None


def _recompute(
    coop: Cooperative, targets: set[int], definitions: list[MetricDefinition], user: User | None, who: access.Acting
) -> Recomputed:
    computed = compute(coop, targets)
    writes = []
    for definition in definitions:
        if definition.kpi_id not in targets or definition.kpi_id not in computed.series:
            continue  # a dataset without data yet, or in the bin: its metrics keep their values
        if definition.is_formula:
            source, detail = Source.FORMULA, definition.formula
        else:
            assert definition.dataset_id is not None, "a metric that is not a formula reads a dataset"
            source, detail = Source.DATASET, computed.versions[definition.dataset_id].label
        writes.append(Write(definition.kpi, computed.series[definition.kpi_id], source, detail))
    written = values_replace(writes=writes, user=user, membership=who)
    return Recomputed([w.kpi for w in writes], written)
