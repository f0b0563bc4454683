"""Defining how a KPI or metric is computed: a measure over a dataset, or a formula over other metrics.

Everything is checked before anything is written: the dataset and its columns, the
measure, the date column and the filter; the formula's names against the cooperative's
metrics, its cycles (a formula that uses itself, directly or through others) and the
grain of its inputs. Then, in one transaction, the KPI (created as a plain metric when
it does not exist), its definition and its recomputed values are saved.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rumbo.accounts import access
from rumbo.accounts.models import User
from rumbo.datasets.computing import ratio_parts, spec_of
from rumbo.datasets.models import Dataset, MetricDefinition
from rumbo.datasets.selectors import kpis_fed, live_definitions, metric_admin_only_message
from rumbo.datasets.services.loading import dataset_find, latest_version
from rumbo.datasets.services.recompute import Recomputed, kpis_recompute
from rumbo.engine.choice.catalog import CatalogError, Input, KpiTemplate
from rumbo.engine.choice.catalog import template as catalog_template
from rumbo.engine.computed import formulas
from rumbo.engine.computed.datasets import ColumnType, parse_filter, parse_grain, parse_measure
from rumbo.engine.errors import RumboError
from rumbo.engine.spreadsheets.value_import import name_key
from rumbo.kpis.choices import Aggregation, Area, Frequency, Kind
from rumbo.kpis.models import Kpi
from rumbo.kpis.services.definitions import unique_slug
from rumbo.orgs.models import Cooperative

# How a new metric's values combine into longer periods, and its decimals, by measure.
_AGGREGATION = {"sum": Aggregation.SUM, "count": Aggregation.SUM, "new": Aggregation.SUM}
_WHOLE = {"count", "count_distinct", "new"}


@dataclass(frozen=True)
class Defined:
    kpi: Kpi
    definition: MetricDefinition
    created: bool  # whether the KPI was created as a new metric
    recomputed: Recomputed


def kpi_find(coop: Cooperative, name: str) -> Kpi | None:
    """The cooperative's KPI whose slug or name is `name` (without regard to case or accents)."""
    text = (name or "").strip()
    rows = list(Kpi.all_objects.filter(cooperative=coop).only("pk", "slug", "name", "deleted_at"))
    found = [k for k in rows if k.slug == text] or [k for k in rows if name_key(k.name) == name_key(text)]
    if len(found) > 1:
        raise ValidationError(
            _("Hay varios indicadores llamados «%(name)s»; use su nombre corto: %(slugs)s.")
            % {"name": text, "slugs": ", ".join(k.slug for k in found)}
        )
    if not found:
        return None
    if found[0].deleted_at is not None:
        raise ValidationError(
            _("«%(name)s» está en la papelera; restáurelo antes de definir su cálculo.") % {"name": found[0].name}
        )
    return Kpi.objects.select_related("cooperative").get(pk=found[0].pk)


def metric_define(
    *,
    coop: Cooperative,
    name: str,
    dataset: "Dataset | str | None" = None,
    measure: str | None = None,
    date: str | None = None,
    grain: str | None = None,
    where: str = "",
    formula: str | None = None,
    user: User | None = None,
    area: str | None = None,
    membership: access.Acting | None = None,
) -> Defined:
    """Define (or redefine) how the KPI or metric `name` is computed, and compute its values.

    The acting person must edit the KPI's area (403), or the area of a new metric (an error
    on «area»), and every indicator whose values the change reaches through formulas (403).
    """
    who = access.acting(coop, user, membership)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Falta el nombre del indicador o métrica.")})
    formula = (formula or "").strip()
    if formula and (dataset or measure):
        raise ValidationError(
            _("Una métrica se calcula de unos datos o con una fórmula, no de las dos formas a la vez.")
        )
    if not formula and not dataset:
        raise ValidationError(
            _("Indique de qué datos se calcula (datos, medida y columna de fecha) o escriba una fórmula.")
        )
    kpi = kpi_find(coop, name)
    if kpi is not None:
        access.require_area(who, kpi.area)
        area = kpi.area
    else:
        # a new metric is of the area given, else of the first area its author edits, else Gerencia
        area = area or (who.areas[0] if who.areas else Area.GERENCIA)
        access.require_new_area(who, area)
    slug = kpi.slug if kpi is not None else unique_slug(coop, name)
    definitions = live_definitions(coop)
    if kpi is not None:
        access.require_areas(who, {k.area for k in kpis_fed(definitions, {kpi.pk})}, metric_admin_only_message())
    if formula:
        fields, grain = _formula_fields(coop, slug, kpi, formula, grain, definitions)
        style = _formula_style(fields["formula"])
    else:
        fields, grain = _dataset_fields(coop, kpi, dataset, measure, date, grain, where)
        style = _measure_style(fields["measure"])
    if kpi is not None and kpi.frequency and kpi.frequency != grain:
        raise ValidationError(
            {
                "grain": _(
                    "«%(name)s» se mide con frecuencia «%(frequency)s»; calcúlela por ese mismo periodo o cambie antes su frecuencia."
                )
                % {"name": kpi.name, "frequency": kpi.get_frequency_display()}
            }
        )
    with transaction.atomic():
        created = kpi is None
        if kpi is None:
            kpi = Kpi(
                cooperative=coop, slug=slug, name=name[:200], kind=Kind.METRIC, area=area, frequency=grain, **style
            )
            kpi._history_user = user
            kpi.save()
        elif not kpi.frequency:
            kpi.frequency = grain
            kpi._history_user = user
            kpi.save()
        definition = MetricDefinition.objects.filter(kpi=kpi).first() or MetricDefinition(kpi=kpi)
        for field, value in {
            "dataset": None,
            "measure": "",
            "date_column": "",
            "filter": "",
            "formula": "",
            **fields,
        }.items():
            setattr(definition, field, value)
        definition.grain = grain
        definition._history_user = user
        definition.save()
        recomputed = kpis_recompute(coop=coop, kpi_ids={kpi.pk}, user=user, membership=who)
    return Defined(kpi, definition, created, recomputed)


def _dataset_fields(
    coop: Cooperative,
    kpi: Kpi | None,
    dataset: "Dataset | str | None",
    measure: str | None,
    date: str | None,
    grain: str | None,
    where: str,
) -> tuple[dict[str, Any], str]:
    assert dataset is not None, "`metric_define` refuses a metric with neither data nor a formula"
    if isinstance(dataset, str):
        found = dataset_find(coop, dataset)
        if found is None:
            names = ", ".join(f"«{d.name}»" for d in Dataset.objects.filter(cooperative=coop)) or _("ninguno todavía")
            raise ValidationError(
                {
                    "dataset": _("No hay datos «%(name)s». Datos de la cooperativa: %(names)s.")
                    % {"name": dataset, "names": names}
                }
            )
        dataset = found
    if dataset.cooperative_id != coop.pk or dataset.deleted_at is not None:
        raise ValidationError({"dataset": _("Esos datos no están disponibles.")})
    version = latest_version(dataset)
    if version is None:
        raise ValidationError({"dataset": _("«%(name)s» todavía no tiene datos.") % {"name": dataset.name}})
    grain = _grain(grain, kpi)
    columns = cast(Mapping[str, ColumnType], version.types)  # the type words a version keeps are ColumnType's
    if measure is None or not measure.strip():
        raise ValidationError({"measure": _("Falta la medida: escriba, por ejemplo, suma(Monto) o conteo().")})
    # each part checked on its own first, so the message lands on the field that is wrong
    for field, check in (
        ("measure", lambda: parse_measure(measure, columns)),
        ("filter", lambda: parse_filter(where or "", columns)),
    ):
        try:
            check()
        except RumboError as error:
            raise ValidationError({field: error.translated(_)}) from None
    draft = MetricDefinition(
        kpi=kpi, dataset=dataset, measure=measure, date_column=date or "", grain=grain, filter=where or ""
    )
    try:
        spec = spec_of(draft, version.types, coop)
    except RumboError as error:
        raise ValidationError({"date_column": error.translated(_)}) from None
    fields = {
        "dataset": dataset,
        "measure": str(spec.measure),
        "date_column": spec.date_column,
        "filter": " ".join((where or "").split()),
    }
    return fields, grain


def _formula_fields(
    coop: Cooperative, slug: str, kpi: Kpi | None, formula: str, grain: str | None, definitions: list[MetricDefinition]
) -> tuple[dict[str, Any], str]:
    kpis = {k.slug: k for k in Kpi.objects.filter(cooperative=coop).only("slug", "name", "frequency")}
    try:
        parsed = formulas.parse_formula(formula, known=set(kpis) | {slug})
        others = {d.kpi.slug: d.formula for d in definitions if d.is_formula and d.kpi.slug != slug}
        formulas.check_cycles({slug: parsed, **others})
    except RumboError as error:
        raise ValidationError({"formula": error.translated(_)}) from None
    grains: dict[str, list[str]] = {}
    for name in parsed.names:
        grains.setdefault(kpis[name].frequency or Frequency.MONTH, []).append(kpis[name].name)
    if len(grains) > 1:
        parts = "; ".join(f"{Frequency(g).label}: {', '.join(names)}" for g, names in grains.items())
        raise ValidationError(
            {
                "formula": _(
                    "Las métricas de la fórmula se miden por periodos distintos (%(parts)s); use métricas del mismo periodo."
                )
                % {"parts": parts}
            }
        )
    inputs = next(iter(grains), None)
    wanted = _grain(grain, kpi) if grain or inputs is None else inputs
    if inputs is not None and wanted != inputs:
        raise ValidationError(
            {"grain": _("Las métricas de la fórmula se miden por «%(grain)s».") % {"grain": Frequency(inputs).label}}
        )
    return {"formula": parsed.text}, wanted


def _grain(grain: str | None, kpi: Kpi | None) -> str:
    if not grain:
        return (kpi.frequency if kpi is not None else "") or Frequency.MONTH
    try:
        return str(parse_grain(grain))
    except RumboError as error:
        raise ValidationError({"grain": error.translated(_)}) from None


def _measure_style(measure: str) -> dict:
    function = measure.split("(", 1)[0]
    return {"aggregation": _AGGREGATION.get(function, Aggregation.MEAN), "decimals": 0 if function in _WHOLE else 2}


def _formula_style(formula: str) -> dict:
    # a formula ending in a division is a ratio: longer periods are rebuilt from its parts
    ratio = formulas.parse_formula(formula)
    return {"aggregation": Aggregation.RATIO if ratio_parts(ratio) else Aggregation.MEAN, "decimals": 2}


@dataclass(frozen=True)
class InputBinding:
    """Where one input of a catalogue formula comes from: a measure over the dataset."""

    measure: str
    date: str = ""  # empty: the dataset's only date column
    where: str = ""


def bindable_template(kpi: Kpi) -> KpiTemplate:
    """The catalogue template whose formula computes `kpi`; a ValidationError that says why when there is none."""
    try:
        template = catalog_template(kpi.template_slug)
    except CatalogError:
        raise ValidationError(_("«%(name)s» no viene del catálogo.") % {"name": kpi.name}) from None
    if template.expression is None:
        raise ValidationError(
            _("La plantilla de «%(name)s» no tiene una fórmula que se pueda calcular.") % {"name": kpi.name}
        )
    return template


def template_bind(
    *,
    coop: Cooperative,
    kpi: Kpi,
    dataset: "Dataset | str",
    inputs: Mapping[str, InputBinding],
    user: User | None = None,
    membership: access.Acting | None = None,
) -> Defined:
    """Compute a KPI adopted from the catalogue with its template's formula, each input bound to a dataset measure.

    Each input becomes a metric named after it (`llamadas`, `dias_laborables`…); an input
    left unbound must already be a metric of the cooperative.
    """
    who = access.acting(coop, user, membership)
    access.require_area(who, kpi.area)
    template = bindable_template(kpi)
    unknown = sorted(set(inputs) - {i.name for i in template.inputs})
    if unknown:
        raise ValidationError(
            _("La fórmula de «%(name)s» no usa %(inputs)s; usa %(expected)s.")
            % {"name": kpi.name, "inputs": ", ".join(unknown), "expected": ", ".join(i.name for i in template.inputs)}
        )
    grain = kpi.frequency or template.frequency.value
    default_date = _only_date_column(coop, dataset)
    with transaction.atomic():
        for item in template.inputs:
            binding = inputs.get(item.name)
            exists = Kpi.all_objects.filter(cooperative=coop, slug=item.name).exists()
            if binding is None:
                if not exists:
                    raise ValidationError(
                        {
                            f"{item.name}.measure": _(
                                "Falta de dónde sale «%(input)s» (%(name)s): elija una medida de los datos."
                            )
                            % {"input": item.es, "name": item.name}
                        }
                    )
                continue
            if not exists:
                metric = Kpi(
                    cooperative=coop,
                    slug=item.name,
                    name=item.es[:200],
                    kind=Kind.METRIC,
                    area=kpi.area,
                    frequency=grain,
                    description=item.es,
                    **_measure_style(binding.measure.strip().lower()),
                )
                metric._history_user = user
                metric.save()
            try:
                metric_define(
                    coop=coop,
                    name=item.name,
                    dataset=dataset,
                    measure=binding.measure,
                    date=binding.date or default_date or None,
                    grain=grain,
                    where=binding.where,
                    user=user,
                    membership=who,
                )
            except ValidationError as error:
                raise _input_error(error, item) from None
        return metric_define(coop=coop, name=kpi.slug, formula=template.expression, user=user, membership=who)


def _only_date_column(coop: Cooperative, dataset: "Dataset | str") -> str:
    """The dataset's date column when it has just one: an input that names none is dated by it ("" if several or none)."""
    found = dataset_find(coop, dataset) if isinstance(dataset, str) else dataset
    version = latest_version(found)
    dates = [name for name, kind in version.columns if kind == "date"] if version is not None else []
    return dates[0] if len(dates) == 1 else ""


def _input_error(error: ValidationError, item: Input) -> ValidationError:
    """An input's error keyed `input.field` (`llamadas.measure`), each message saying which input it is about."""
    by_field = error.error_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.error_list}
    return ValidationError(
        {
            f"{item.name}.{field}": [
                _("«%(input)s»: %(error)s") % {"input": item.es, "error": text}
                for text in ValidationError(errors).messages
            ]
            for field, errors in by_field.items()
        }
    )
