"""What insight keeps: cached forecasts and lead checks (derived, recomputed), and the pairings people choose (with history)."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from rumbo.accounts.models import User


class KpiForecast(models.Model):
    """A KPI's forecast as last computed; it holds only while `inputs_hash` matches the KPI's data today.

    A forecast costs a third of a second: the board reads these rows and never computes one.
    `model` is empty when there was too little history (the board then shows the pace).
    """

    cooperative_via = "kpi"  # the path to its cooperative (orgs/editions.py)
    written_in_bulk = True  # only by its refresh, inside `editions.one_edition`: no edition per row

    kpi = models.OneToOneField("kpis.Kpi", on_delete=models.CASCADE, related_name="forecast_cache")
    inputs_hash = models.CharField(max_length=64)
    model = models.CharField(max_length=100, blank=True)
    points = models.JSONField(default=list)  # [{"period": "2026-05-01", "forecast": …, "low": …, "high": …}]
    projection = models.JSONField(null=True, blank=True)  # the target's span, the share reached, its range, the chance
    history_periods = models.PositiveIntegerField(default=0)
    min_history = models.PositiveIntegerField(default=0)
    sentence_es = models.TextField(blank=True)
    sentence_en = models.TextField(blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("pronóstico")

    def __str__(self):
        return f"{self.kpi_id}: {self.model or '-'}"

    def sentence(self, lang: str) -> str:
        return self.sentence_en if lang == "en" else self.sentence_es


class LeadPair(models.Model):
    """The lagging KPI a leading KPI is checked against, as someone chose it.

    Without a choice the leading KPI is checked against the first lagging KPI of its objective
    with the same frequency (`selectors.lagging_partner`).
    """

    cooperative_via = "leading"  # the path to its cooperative (orgs/editions.py)

    _history_user: "User | None"  # who made the change, for the history (django-simple-history reads it)

    leading = models.OneToOneField(
        "kpis.Kpi", on_delete=models.CASCADE, related_name="lead_pair", verbose_name=_("indicador prospectivo")
    )
    lagging = models.ForeignKey(
        "kpis.Kpi", on_delete=models.CASCADE, related_name="+", verbose_name=_("indicador retrospectivo")
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("par prospectivo–retrospectivo")
        constraints = [
            models.CheckConstraint(condition=~models.Q(leading=models.F("lagging")), name="lead_pair_two_kpis")
        ]

    def __str__(self):
        return f"{self.leading_id} → {self.lagging_id}"


def leads_from_verdict(verdict: str | None) -> bool | None:
    """What the quality check reads: True leads, False does not (or only moves along), None when unknown."""
    if verdict is None or verdict == "insufficient":
        return None
    return verdict == "leads"


class LeadCheck(models.Model):
    """Whether a leading KPI moves before its lagging partner, as last measured; holds while `inputs_hash` matches."""

    cooperative_via = "leading"  # the path to its cooperative (orgs/editions.py)
    written_in_bulk = True  # only by its refresh, inside `editions.one_edition`: no edition per row

    leading = models.OneToOneField("kpis.Kpi", on_delete=models.CASCADE, related_name="lead_check")
    lagging = models.ForeignKey("kpis.Kpi", on_delete=models.CASCADE, related_name="+")
    inputs_hash = models.CharField(max_length=64)
    verdict = models.CharField(max_length=12)  # "leads" | "together" | "no_lead" | "insufficient"
    max_lag = models.PositiveSmallIntegerField()
    lag = models.PositiveSmallIntegerField(null=True, blank=True)
    correlation = models.FloatField(null=True, blank=True)
    granger_p = models.FloatField(null=True, blank=True)
    threshold_p = models.FloatField()
    overlap = models.PositiveIntegerField()
    min_overlap = models.PositiveIntegerField()
    differenced = models.BooleanField(default=False)
    strength = models.CharField(max_length=10, blank=True)
    sentence_es = models.TextField()
    sentence_en = models.TextField()
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("prueba de indicador prospectivo")

    def __str__(self):
        return f"{self.leading_id} → {self.lagging_id}: {self.verdict}"

    @property
    def leads(self) -> bool | None:
        return leads_from_verdict(self.verdict)

    def sentence(self, lang: str) -> str:
        return self.sentence_en if lang == "en" else self.sentence_es


class InitiativeKpi(models.Model):
    """A KPI an initiative means to move, besides the KPIs that follow it (sales, for a sales campaign)."""

    cooperative_via = "initiative"  # the path to its cooperative (orgs/editions.py)

    _history_user: "User | None"  # who made the change, for the history (django-simple-history reads it)

    initiative = models.ForeignKey("kpis.Initiative", on_delete=models.CASCADE, related_name="watched")
    kpi = models.ForeignKey("kpis.Kpi", on_delete=models.CASCADE, related_name="+", verbose_name=_("indicador"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicador que la iniciativa quiere mover")
        constraints = [models.UniqueConstraint(fields=["initiative", "kpi"], name="initiative_kpi_once")]

    def __str__(self):
        return f"{self.initiative_id}: {self.kpi_id}"


class InitiativeImpact(models.Model):
    """An initiative's estimated change on one KPI as last computed; it holds while `inputs_hash` matches.

    Computed in the background with the forecasts (`tasks.py`): the initiative's page only reads it.
    """

    cooperative_via = "initiative"  # the path to its cooperative (orgs/editions.py)
    written_in_bulk = True  # only by its refresh, inside `editions.one_edition`: no edition per row

    initiative = models.ForeignKey("kpis.Initiative", on_delete=models.CASCADE, related_name="impact_cache")
    kpi = models.ForeignKey("kpis.Kpi", on_delete=models.CASCADE, related_name="impact_cache")
    inputs_hash = models.CharField(max_length=64)
    report = models.JSONField()  # the engine's ImpactReport, field by field
    sentence_es = models.TextField(blank=True)
    sentence_en = models.TextField(blank=True)
    change_es = models.CharField(max_length=200, blank=True)
    change_en = models.CharField(max_length=200, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("impacto de una iniciativa")
        constraints = [models.UniqueConstraint(fields=["initiative", "kpi"], name="initiative_impact_once")]

    def __str__(self):
        return f"{self.initiative_id} → {self.kpi_id}"
