"""Every service that changes data refuses the Ventas editor where the object belongs to another area.

The list below names every public function of every `services` module: either a case that
tries it, as the Ventas editor, on something of Producción, or why it has no area to check.
A new service function fails `test_the_list_names_every_service_function` until it is placed.
The bin's services serve every kind that goes to the bin: a case per kind (`bin.services.bin_delete[kpis]`).
"""

import importlib
import inspect
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

import rumbo

NO_AREA = "no object with an area: people, keys, cooperative settings, cycles or initiatives (admins only)"
READS = "reads, renders, parses or checks; writes nothing"
BACKGROUND = "computed caches and scheduled work for every member; acts on no one's behalf"
GATE = "the area check itself, called by the services below"

EXEMPT = {
    "federation.services.federations.federation_create": NO_AREA,
    "federation.services.federations.federation_settings_save": NO_AREA,
    "federation.services.federations.invitation_accept": NO_AREA,
    "federation.services.federations.invitation_decline": NO_AREA,
    "federation.services.federations.member_invite": NO_AREA,
    "federation.services.federations.member_key_issue": NO_AREA,
    "federation.services.federations.member_leave": NO_AREA,
    "federation.services.regions.region_add": NO_AREA,
    "federation.services.regions.region_rename": NO_AREA,
    "federation.services.regions.region_remove": NO_AREA,
    "federation.services.regions.member_region_set": NO_AREA,
    "federation.services.sharing.share_start": NO_AREA,  # an admin's consent: admins edit every area
    "federation.services.sharing.share_stop": NO_AREA,
    "federation.services.federations.require_admin": GATE,
    "federation.services.federations.key_hash": READS,
    "federation.services.federations.member_by_key": READS,
    "federation.services.figures.network_kpi": READS,
    "federation.services.figures.network_units": READS,
    "federation.services.sharing.contributions_of": READS,
    "federation.services.sharing.push_of": READS,
    "federation.services.figures.figures_recompute": BACKGROUND,
    "federation.services.figures.figures_recompute_all": BACKGROUND,
    "federation.services.figures.network_kpi_ensure": BACKGROUND,
    "federation.services.ingest.ingest": BACKGROUND,
    "accounts.services.membership_change": NO_AREA,
    "accounts.services.membership_invite": NO_AREA,
    "accounts.services.membership_remove": NO_AREA,
    "accounts.services.user_ensure": NO_AREA,
    "accounts.services.membership_grant": NO_AREA,
    "accounts.services.invitation_accept": NO_AREA,
    "accounts.services.invitation_decline": NO_AREA,
    "accounts.services.invitation_withdraw": NO_AREA,
    "accounts.services.invitations_accept_on_first_password": NO_AREA,
    "accounts.services.profile_language_set": NO_AREA,
    "choosing.services.checks.check_limit": READS,
    "choosing.services.checks.kpi_limit": READS,
    "choosing.services.checks.refuse_tracked": READS,
    "api.services.digest": READS,
    "bin.services.bin_purge": BACKGROUND,
    "bin.services.purge_before": READS,
    "bin.services.restorable_until": READS,
    "api.services.token_create": NO_AREA,
    "api.services.token_revoke": NO_AREA,
    "choosing.services.adopt.default_target_dates": READS,
    "choosing.services.adopt.kpi_from_template": READS,
    "datasets.services.loading.clean_name": READS,
    "datasets.services.loading.clean_types": READS,
    "datasets.services.loading.dataset_find": READS,
    "datasets.services.loading.issue_from_json": READS,
    "datasets.services.loading.latest_version": READS,
    "datasets.services.metrics.bindable_template": READS,
    "datasets.services.metrics.kpi_find": READS,
    "kpis.services.values.storable": READS,
    "imports.services.export.values_sheet": READS,
    "imports.services.export.values_export": READS,
    "imports.services.values.notices_of": READS,
    "imports.services.values.problems_of": READS,
    "imports.services.values.size_error": READS,
    "insight.services.forecasts.coop_kpis": READS,
    "insight.services.forecasts.forecast_row": READS,
    "insight.services.forecasts.months_of": READS,
    "insight.services.forecasts.projection_figures": READS,
    "insight.services.forecasts.forecasts_current": BACKGROUND,
    "insight.services.forecasts.forecasts_refresh": BACKGROUND,
    "insight.services.leading.lead_checks_current": BACKGROUND,
    "insight.services.leading.lead_checks_refresh": BACKGROUND,
    "insight.services.refresh.insight_refresh": BACKGROUND,
    "insight.services.impacts.impacts_refresh": BACKGROUND,
    "insight.services.impacts.impacts_held": READS,
    "insight.services.leading.lead_checks_held": READS,
    "kpis.services.definitions.check_kpi": READS,
    "kpis.services.definitions.check_targets": READS,
    "kpis.services.definitions.unique_slug": READS,
    "kpis.services.definitions.check_kpi_access": GATE,
    "kpis.services.definitions.check_owned_access": GATE,
    "kpis.services.definitions.initiative_save": NO_AREA,
    "kpis.services.values.clean_period": READS,
    "kpis.services.definitions.clean_kpi_figures": READS,
    "kpis.services.definitions.clean_targets": READS,
    "kpis.services.definitions.stored_figure": READS,
    "kpis.services.values.clean_value": READS,
    "okrs.services.common.engine_error": READS,
    "okrs.services.common.figure": READS,
    "okrs.services.common.refuse_if_closed": READS,
    "okrs.services.common.save_with_history": "the low-level save every OKR service calls after its own checks",
    "okrs.services.cycles.check_cycle": READS,
    "okrs.services.cycles.default_name": READS,
    "okrs.services.cycles.following": READS,
    "okrs.services.cycles.quarter_of": READS,
    "okrs.services.cycles.cycle_save": NO_AREA,
    "okrs.services.improve.can_improve": READS,
    "okrs.services.improve.proposed_target": READS,
    "okrs.services.objectives.check_key_result": READS,
    "okrs.services.objectives.check_objective": READS,
    "okrs.services.objectives.check_objective_access": GATE,
    "okrs.services.objectives.require_objective": GATE,
    "orgs.services.cooperative_create": NO_AREA,
    "orgs.services.cooperative_settings_save": NO_AREA,
    "orgs.services.local_unit_save": NO_AREA,
    "orgs.services.local_unit_remove": NO_AREA,
    "reports.services.digest.digest_send": BACKGROUND,
    "reports.services.digest.recipients": READS,
    "reports.services.exports.definitions_table": READS,
    "reports.services.exports.export_file": READS,
    "reports.services.exports.okr_table": READS,
    "reports.services.exports.targets_table": READS,
    "reports.services.pdfs.assembly_pdf": READS,
    "reports.services.pdfs.full_pdf": READS,
    "hooks.services.webhooks.clean_webhook": READS,
    "hooks.services.webhooks.webhook_create": NO_AREA,
    "hooks.services.webhooks.webhook_update": NO_AREA,
    "hooks.services.webhooks.webhook_set_active": NO_AREA,
    "hooks.services.webhooks.webhook_delete": NO_AREA,
    "hooks.services.webhooks.webhook_secret_renew": NO_AREA,
    "hooks.services.webhooks.webhook_ping": NO_AREA,
    "hooks.services.announce.delivery_new": BACKGROUND,
    "hooks.services.announce.announce": BACKGROUND,
    "hooks.services.announce.values_announce": BACKGROUND,
    "hooks.services.announce.statuses_announce": BACKGROUND,
    "hooks.services.announce.check_ins_announce": BACKGROUND,
    "hooks.services.deliveries.delivery_enqueue": BACKGROUND,
    "hooks.services.deliveries.delivery_attempt": BACKGROUND,
    "hooks.services.deliveries.deliveries_sweep": BACKGROUND,
    "kpis.services.offline.conflict_of": READS,
    "kpis.services.offline.entered_time": READS,
    "kpis.services.offline.entry_once": "runs the write it is given (which checks the area itself) once per entry id",
    "kpis.services.offline.entries_once": "runs the write it is given (which checks the area itself) once per entry ids",
    "kpis.services.offline.form_once": "runs the write it is given (which checks the area itself) once per entry ids",
    "kpis.services.offline.entry_ids_read": READS,
    "kpis.services.offline.typed_too_long_ago": READS,
    "kpis.services.offline.sent_entries_prune": BACKGROUND,
}


def service_functions() -> set[str]:
    """Every public function defined in a `services` module or package of the project."""
    root = Path(rumbo.__file__).parent
    modules = list(root.glob("*/services.py")) + [p for p in root.glob("*/services/*.py") if p.name != "__init__.py"]
    found = set()
    for path in modules:
        name = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        module = importlib.import_module(name)
        found |= {
            f"{name.removeprefix('rumbo.')}.{k}"
            for k, v in inspect.getmembers(module, inspect.isfunction)
            if v.__module__ == name and not k.startswith("_")
        }
    return found


class Produccion:
    """Cooperative A's things of Producción, none owned by the Ventas editor."""

    def __init__(self, cast):
        from rumbo.datasets.services.loading import dataset_load
        from rumbo.kpis.models import Objective
        from rumbo.okrs.models import KeyResult, OkrObjective
        from tests.datasets.conftest import csv_bytes
        from tests.datasets.helpers import acopio_metric

        rows = [(f"15/{m:02d}/2025", "Socio", str(10 + m)) for m in range(1, 13)]
        self.data = csv_bytes(rows, header=("Fecha", "Socio", "Quintales"))
        dataset_load(coop=cast.coop, name="acopio", data=self.data, filename="acopio.csv", user=cast.admin)
        self.kpi = acopio_metric(cast, "Café entregado", area="produccion").kpi
        self.kpi.refresh_from_db()
        self.dataset = self.kpi.definition.dataset
        self.objective = Objective.objects.create(
            cooperative=cast.coop, title="Producir más", area="produccion", owner=cast.admin
        )
        self.okr = OkrObjective.objects.create(
            cooperative=cast.coop, cycle=cast.okr_cycle, title="Más café", area="produccion", owner=cast.admin
        )
        self.key_result = KeyResult.objects.create(
            objective=self.okr, title="Quintales", baseline=Decimal(1), target=Decimal(9)
        )


def _import_file(cast, world) -> bytes:
    from tests.datasets.conftest import csv_bytes

    return csv_bytes([("Café entregado", "2025-03", "99")], header=("Indicador", "Periodo", "Valor"))


def _preview(cast, world):
    from rumbo.imports.services.values import values_preview

    preview = values_preview(coop=cast.coop, data=_import_file(cast, world), filename="valores.csv", user=cast.editor)
    assert not preview.values
    raise ValidationError([p.located() for p in preview.problems])


def _import(cast, world):
    from rumbo.imports.services.values import value_import_create

    kept = value_import_create(coop=cast.coop, data=_import_file(cast, world), filename="valores.csv", user=cast.editor)
    assert kept.status == "failed"
    raise ValidationError([p["params"].get("area", "") for p in kept.problems])


def _commit(cast, world):
    from rumbo.imports.services.values import value_import_create, values_commit

    kept = value_import_create(coop=cast.coop, data=_import_file(cast, world), filename="valores.csv", user=cast.admin)
    result = values_commit(coop=cast.coop, import_=kept, user=cast.editor)
    assert not result.ok  # the editor's plan differs from the admin's preview: the row of Producción is refused
    kept.refresh_from_db()
    raise ValidationError([*result.errors, *(p["params"].get("area", "") for p in kept.problems)])


def _cases():
    """name → what the Ventas editor tries on something of Producción."""
    from rumbo.bin.services import bin_delete, bin_restore
    from rumbo.choosing.services.adopt import Choice, shortlist_adopt, template_adopt
    from rumbo.choosing.services.fixes import kpi_make_metric
    from rumbo.datasets.services import loading, metrics, recompute
    from rumbo.engine.choice.catalog import template
    from rumbo.insight.services.initiatives import initiative_kpi_add, initiative_kpi_remove
    from rumbo.insight.services.leading import lead_pair_choose
    from rumbo.kpis.services import definitions, offline, values
    from rumbo.okrs.models import KeyResult, OkrObjective
    from rumbo.okrs.services import check_ins, improve, objectives, review

    def binned(row):
        type(row).all_objects.filter(pk=row.pk).update(deleted_at=timezone.now())
        row.refresh_from_db()
        return row

    # What of Producción each kind of the bin offers: the KPI, the objective, the OKR objective, the dataset.
    binnable = {"kpis": "kpi", "objectives": "objective", "okr_objectives": "okr", "datasets": "dataset"}
    bin_cases = {}
    for kind, attribute in binnable.items():
        bin_cases[f"bin.services.bin_delete[{kind}]"] = lambda c, w, a=attribute: bin_delete(
            row=getattr(w, a), user=c.editor
        )
        bin_cases[f"bin.services.bin_restore[{kind}]"] = lambda c, w, a=attribute: bin_restore(
            row=binned(getattr(w, a)), user=c.editor
        )
    return {
        **bin_cases,
        "choosing.services.adopt.shortlist_adopt": lambda c, w: shortlist_adopt(
            coop=c.coop,
            user=c.editor,
            objectives={"o": w.objective},
            new_objectives=[],
            choices=[Choice(template("socios_que_entregan"), "produccion", "o", None, [])],
        ),
        "choosing.services.adopt.template_adopt": lambda c, w: template_adopt(
            coop=c.coop, template=template("socios_que_entregan"), area="produccion", targets=[], user=c.editor
        ),
        "choosing.services.fixes.kpi_make_metric": lambda c, w: kpi_make_metric(kpi=w.kpi, user=c.editor),
        "datasets.services.loading.dataset_load": lambda c, w: loading.dataset_load(
            coop=c.coop, name="acopio", data=w.data, filename="acopio.csv", user=c.editor
        ),
        "datasets.services.loading.dataset_retype": lambda c, w: loading.dataset_retype(
            dataset=w.dataset, types={"Quintales": "texto"}, user=c.editor
        ),
        "datasets.services.metrics.metric_define": lambda c, w: metrics.metric_define(
            coop=c.coop, name=w.kpi.slug, dataset="acopio", measure="count()", date="Fecha", user=c.editor
        ),
        "datasets.services.metrics.template_bind": lambda c, w: metrics.template_bind(
            coop=c.coop, kpi=w.kpi, dataset="acopio", inputs={}, user=c.editor
        ),
        "datasets.services.recompute.kpis_recompute": lambda c, w: recompute.kpis_recompute(
            coop=c.coop, kpi_ids={w.kpi.pk}, user=c.editor
        ),
        "datasets.services.recompute.metrics_recompute": lambda c, w: recompute.metrics_recompute(
            coop=c.coop, dataset=w.dataset, user=c.editor
        ),
        "kpis.services.values.values_replace": lambda c, w: values.values_replace(
            writes=[values.Write(w.kpi, {}, "dataset", "acopio v1")], user=c.editor
        ),
        "imports.services.values.values_preview": _preview,
        "imports.services.values.value_import_create": _import,
        "imports.services.values.values_commit": _commit,
        "insight.services.initiatives.initiative_kpi_add": lambda c, w: initiative_kpi_add(
            initiative=c.initiative, kpi=w.kpi, user=c.editor
        ),
        "insight.services.initiatives.initiative_kpi_remove": lambda c, w: initiative_kpi_remove(
            initiative=c.initiative, kpi=w.kpi, user=c.editor
        ),
        "insight.services.leading.lead_pair_choose": lambda c, w: lead_pair_choose(
            leading=w.kpi, lagging=None, user=c.editor
        ),
        "kpis.services.definitions.kpi_save": lambda c, w: definitions.kpi_save(kpi=w.kpi, targets=[], user=c.editor),
        "kpis.services.definitions.objective_save": lambda c, w: definitions.objective_save(
            objective=w.objective, user=c.editor
        ),
        "kpis.services.values.value_record": lambda c, w: values.value_record(
            kpi=w.kpi, period=date(2025, 3, 1), value="99", user=c.editor, version=1
        ),
        "kpis.services.offline.offline_value_record": lambda c, w: offline.offline_value_record(
            entry_id=uuid.uuid4(),
            kpi=w.kpi,
            period=date(2025, 3, 1),
            value="99",
            note="",
            seen_version=1,
            entered_at=timezone.now(),
            user=c.editor,
        ),
        "kpis.services.values.value_remove": lambda c, w: values.value_remove(
            measurement=w.kpi.measurements.first(), user=c.editor
        ),
        "kpis.services.values.values_record_many": lambda c, w: values.values_record_many(
            [values.NewValue(w.kpi, date(2025, 3, 1), Decimal(99), version=1)], user=c.editor, source="import"
        ),
        "okrs.services.check_ins.check_in_record": lambda c, w: check_ins.check_in_record(
            key_result=w.key_result, on=date.today(), confidence=5, value="3", user=c.editor
        ),
        "okrs.services.improve.improve_kpi": lambda c, w: improve.improve_kpi(
            kpi=w.kpi, user=c.editor, today=date.today()
        ),
        "okrs.services.objectives.objective_save": lambda c, w: objectives.objective_save(
            objective=w.okr, user=c.editor
        ),
        "okrs.services.objectives.objective_create": lambda c, w: objectives.objective_create(
            objective=OkrObjective(
                cooperative=c.coop, cycle=c.okr_cycle, title="Otro", area="produccion", owner=c.admin
            ),
            key_results=[],
            user=c.editor,
        ),
        "okrs.services.objectives.key_result_save": lambda c, w: objectives.key_result_save(
            key_result=KeyResult(objective=w.okr, title="Otro", baseline=Decimal(1), target=Decimal(2)), user=c.editor
        ),
        "okrs.services.objectives.key_result_delete": lambda c, w: objectives.key_result_delete(
            key_result=w.key_result, user=c.editor
        ),
        "okrs.services.review.cycle_close": lambda c, w: review.cycle_close(
            cycle=c.okr_cycle, decisions=[], user=c.editor
        ),
    }


CASES = _cases()


def snapshot():
    """Everything a refused change must leave as it was."""
    from rumbo.datasets.models import Dataset, DatasetVersion, MetricDefinition
    from rumbo.insight.models import InitiativeKpi, LeadPair
    from rumbo.kpis.models import Kpi, Measurement, Objective
    from rumbo.okrs.models import CheckIn, KeyResult, OkrObjective

    rows = []
    for model in (Kpi, Objective, Dataset, OkrObjective):
        rows.append(sorted(model.all_objects.values_list("pk", "deleted_at")))
    for model in (Measurement, DatasetVersion, MetricDefinition, KeyResult, CheckIn, InitiativeKpi, LeadPair):
        rows.append(model.objects.count())
    rows.append(sorted(Measurement.objects.values_list("pk", "value", "version")))
    rows.append(sorted(Kpi.all_objects.values_list("pk", "area", "kind", "owner_id")))
    return rows


def test_the_list_names_every_service_function():
    named = set(EXEMPT) | {name.split("[")[0] for name in CASES}
    found = service_functions()
    assert not found - named, f"Place these in EXEMPT (with why) or in _cases: {sorted(found - named)}"
    assert not named - found, f"No longer service functions: {sorted(named - found)}"
    assert not set(EXEMPT) & set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_service_refuses_the_ventas_editor_on_something_of_produccion(cast, name):
    world = Produccion(cast)
    before = snapshot()
    try:
        CASES[name](cast, world)
    except PermissionDenied as refusal:
        message = str(refusal)
    except ValidationError as refusal:
        message = " ".join(refusal.messages)
    else:
        pytest.fail(f"{name} let the Ventas editor change something of Producción")
    assert "Producción" in message, f"{name} refused for another reason: {message}"
    for row in (world.dataset, world.kpi, world.objective, world.okr):
        type(row).all_objects.filter(pk=row.pk).update(deleted_at=None)  # what a case put in the bin to restore it
    assert snapshot() == before
