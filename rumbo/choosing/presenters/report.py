"""The quality check as people read it: each finding in plain words, what it is about, and its one-click fix."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rumbo.accounts.models import Membership, Role
from rumbo.choosing.selectors import QualityInput
from rumbo.engine.choice import quality as q
from rumbo.engine.vocab import Indicator
from rumbo.kpis import choices as c
from rumbo.kpis.models import Kpi
from rumbo.orgs.models import Cooperative

SEVERITY_TITLES = {
    q.Severity.ERROR: gettext_lazy("No se puede seguir así"),
    q.Severity.WARNING: gettext_lazy("No sigue el método"),
    q.Severity.INFO: gettext_lazy("Vale la pena revisar"),
}
# The "?" that explains the concept a finding is about.
EXPLAINS = {
    q.NO_OBJECTIVE: "kpi_vs_metrica",
    q.NO_TARGET: "smart",
    q.TARGET_NOT_TIME_BOUND: "smart",
    q.NO_OWNER: "smart",
    q.NO_SCALE: "cuantitativo_vs_cualitativo",
    q.NO_INDICATOR: "prospectivo_vs_retrospectivo",
    q.NOT_LEADING: "prospectivo_vs_retrospectivo",
    q.LAGGING_WITHOUT_LEADING: "prospectivo_vs_retrospectivo",
    q.LEADING_WITHOUT_LAGGING: "prospectivo_vs_retrospectivo",
    q.OBJECTIVE_WITHOUT_KPI: "que_es_un_kpi",
    q.OBJECTIVE_OVERLOAD: "sobrecarga_datos",
    q.AREA_OVERLOAD: "sobrecarga_datos",
    q.TOTAL_OVERLOAD: "sobrecarga_datos",
    q.DUPLICATE: "sobrecarga_datos",
}
# Fixes that open the KPI's form on the field to fill in.
FORM_FIELDS = {
    "set_target": "id_targets-0-value",
    "set_target_date": "id_targets-0-end",
    "set_owner": "id_owner",
    "set_frequency": "id_frequency",
    "set_scale": "id_scale_kind",
    "set_indicator": "id_indicator",
    "make_lagging": "id_indicator",
    "add_value": "id_period",
}
FIX_LABELS = {
    "make_metric": gettext_lazy("Dejarlo como métrica"),
    "set_target": gettext_lazy("Poner una meta"),
    "set_target_date": gettext_lazy("Poner fecha a la meta"),
    "set_owner": gettext_lazy("Nombrar responsable"),
    "set_frequency": gettext_lazy("Elegir la frecuencia"),
    "set_scale": gettext_lazy("Declarar la escala"),
    "set_indicator": gettext_lazy("Clasificarlo"),
    "make_lagging": gettext_lazy("Revisar la clasificación"),
    "add_value": gettext_lazy("Registrar un valor"),
    "add_leading": gettext_lazy("Elegir un KPI prospectivo"),
    "add_lagging": gettext_lazy("Elegir un KPI retrospectivo"),
    "add_kpi": gettext_lazy("Elegir sus KPI"),
    "choose_fewer": gettext_lazy("Ver cuáles dejar como métricas"),
    "see_duplicate": gettext_lazy("Ver el otro indicador"),
}


@dataclass(frozen=True)
class Fix:
    label: str
    url: str
    post: bool = False  # a button that does it, rather than a link to where it is done


@dataclass(frozen=True)
class Item:
    finding: q.Finding
    text: str
    about: str  # the KPI, objective or area it is about
    about_url: str
    explain: str | None
    fix: Fix | None


@dataclass(frozen=True)
class Report:
    items: list[Item]
    kpi_count: int
    objective_count: int

    def by_severity(self) -> list[tuple[str, str, list[Item]]]:
        return [
            (s.value, str(SEVERITY_TITLES[s]), [i for i in self.items if i.finding.severity is s])
            for s in q.Severity
            if any(i.finding.severity is s for i in self.items)
        ]

    def for_kpi(self, kpi) -> list[Item]:
        """What is said about this KPI and about the objective it serves."""
        return [
            i
            for i in self.items
            if (i.finding.subject is q.Subject.KPI and i.finding.subject_id == str(kpi.pk))
            or (
                i.finding.subject is q.Subject.OBJECTIVE
                and kpi.objective_id is not None
                and i.finding.subject_id == str(kpi.objective_id)
            )
        ]


def _url(name: str, coop, *args, query: dict | None = None, fragment: str = "") -> str:
    url = reverse(name, args=[coop.slug, *args])
    if query:
        url += "?" + urlencode({k: v for k, v in query.items() if v})
    return url + (f"#{fragment}" if fragment else "")


def _kpi_fix(code: str | None, kpi: Kpi, coop: Cooperative) -> Fix | None:
    if code == "make_metric":
        return Fix(str(FIX_LABELS[code]), _url("choosing:make_metric", coop, kpi.pk), post=True)
    if code == "add_value":
        return Fix(str(FIX_LABELS[code]), _url("kpis:kpi_detail", coop, kpi.pk, fragment=FORM_FIELDS[code]))
    if code in FORM_FIELDS:
        return Fix(str(FIX_LABELS[code]), _url("kpis:kpi_edit", coop, kpi.pk, fragment=FORM_FIELDS[code]))
    return None


def _objective_fix(code: str | None, objective_id: int, area: str, coop: Cooperative) -> Fix | None:
    if code in ("add_leading", "add_lagging"):
        indicator = Indicator.LEADING if code == "add_leading" else Indicator.LAGGING
        query = {"indicator": indicator.value, "area": area, "objective": objective_id}
        return Fix(str(FIX_LABELS[code]), _url("choosing:catalog", coop, query=query))
    if code == "add_kpi":
        return Fix(str(FIX_LABELS[code]), _url("choosing:assistant", coop, query={"objective": objective_id}))
    return None


def build_report(
    found: QualityInput, findings: list[q.Finding], *, coop: Cooperative, membership: Membership
) -> Report:
    """Findings in the engine's order, translated, each with what it is about and the fix this person may use."""
    kpis = {str(k.pk): k for k in found.kpis}
    objectives = {str(o.pk): o for o in found.objectives}
    editor = membership.allows(Role.EDITOR)
    items = []
    for finding in findings:
        fix = None
        if finding.subject is q.Subject.KPI:
            kpi = kpis[finding.subject_id]
            about, about_url = kpi.name, _url("kpis:kpi_detail", coop, kpi.pk)
            if finding.fix == "see_duplicate":  # anyone may compare the two
                fix = Fix(
                    str(FIX_LABELS["see_duplicate"]),
                    _url("kpis:kpi_detail", coop, int(str(finding.params["other_id"]))),
                )
            elif membership.can_edit_area(kpi.area):
                fix = _kpi_fix(finding.fix, kpi, coop)
        elif finding.subject is q.Subject.OBJECTIVE:
            objective = objectives[finding.subject_id]
            about, about_url = objective.title, _url("kpis:board", coop, query={"objective": objective.pk})
            mine = [k for k in found.kpis if k.objective_id == objective.pk]
            lagging = next((k for k in mine if k.indicator == Indicator.LAGGING), None)
            area = lagging.area if lagging else (mine[0].area if mine else objective.area)
            if editor:
                fix = _objective_fix(finding.fix, objective.pk, area, coop)
        elif finding.subject is q.Subject.AREA:
            about = str(c.Area(finding.subject_id).label)
            about_url = _url("kpis:board", coop, query={"area": finding.subject_id})
        else:
            about, about_url = coop.name, _url("kpis:board", coop)
        if fix is None and finding.fix == "choose_fewer":
            fix = Fix(str(FIX_LABELS["choose_fewer"]), about_url)
        items.append(Item(finding, finding.translated(_), about, about_url, EXPLAINS.get(finding.code), fix))
    return Report(items, sum(1 for k in found.kpis if k.kind == c.Kind.KPI), len(found.objectives))
