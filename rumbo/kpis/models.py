"""Objectives, initiatives, KPI and metric definitions, their targets and their values."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rumbo.bin.models import Binnable
from rumbo.engine.numbers import storage_limit
from rumbo.kpis import choices as c
from rumbo.kpis.fields import FigureField

if TYPE_CHECKING:
    from rumbo.accounts.models import User


def fits_its_column(field: str, *, name: str, digits: int = 20, places: int = 6) -> models.CheckConstraint:
    """The database holds a figure to the bound `number_to_store` checks: SQLite alone would keep any size."""
    limit = storage_limit(digits, places)
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gt": -limit, f"{field}__lt": limit}), name=name
    )


class Objective(Binnable):
    """A high-level goal of the cooperative that KPIs serve."""

    cooperative = models.ForeignKey("orgs.Cooperative", on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(_("objetivo"), max_length=200)
    description = models.TextField(_("descripción"), blank=True)
    area = models.CharField(_("área"), max_length=20, choices=c.Area.choices, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("objetivo")

    def __str__(self):
        return self.title


class Initiative(models.Model):
    """What a KPI can follow besides the whole cooperative: a project, process, campaign or strategic change."""

    cooperative = models.ForeignKey("orgs.Cooperative", on_delete=models.CASCADE, related_name="initiatives")
    name = models.CharField(_("nombre"), max_length=200)
    kind = models.CharField(_("tipo"), max_length=10, choices=c.InitiativeKind.choices)
    description = models.TextField(_("descripción"), blank=True)
    start = models.DateField(_("inicio"))
    end = models.DateField(_("fin"), null=True, blank=True)
    _history_user: "User | None"  # who made the change, for the history (django-simple-history reads it)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start", "name"]
        verbose_name = _("iniciativa")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="initiative_start_before_end"
            ),
        ]

    def __str__(self):
        return self.name


class Kpi(Binnable):
    """A KPI or a plain metric, classified the course's way."""

    cooperative = models.ForeignKey("orgs.Cooperative", on_delete=models.CASCADE, related_name="kpis")
    slug = models.SlugField(_("nombre corto"), max_length=80)
    name = models.CharField(_("nombre"), max_length=200)
    description = models.TextField(_("qué mide"), blank=True)
    unit = models.CharField(_("unidad"), max_length=30, blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimales"), default=0)
    kind = models.CharField(_("KPI o métrica"), max_length=10, choices=c.Kind.choices, default=c.Kind.KPI)
    nature = models.CharField(_("tipo"), max_length=15, choices=c.Nature.choices, default=c.Nature.QUANTITATIVE)
    indicator = models.CharField(
        _("prospectivo o retrospectivo"), max_length=10, choices=c.Indicator.choices, default=c.Indicator.LAGGING
    )
    area = models.CharField(_("área"), max_length=20, choices=c.Area.choices)
    buyer_stage = models.CharField(_("etapa del comprador"), max_length=20, choices=c.BuyerStage.choices, blank=True)
    market_stage = models.CharField(
        _("etapa de validación de mercado"), max_length=20, choices=c.MarketStage.choices, blank=True
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="kpis", verbose_name=_("objetivo")
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.SET_NULL, null=True, blank=True, related_name="kpis", verbose_name=_("iniciativa")
    )
    direction = models.CharField(_("dirección"), max_length=5, choices=c.Direction.choices, default=c.Direction.UP)
    frequency = models.CharField(_("frecuencia"), max_length=10, choices=c.Frequency.choices, blank=True)
    aggregation = models.CharField(
        _("cómo se combinan los valores"), max_length=10, choices=c.Aggregation.choices, default=c.Aggregation.SUM
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_kpis",
        verbose_name=_("responsable"),
    )
    baseline = FigureField(_("línea base"), max_digits=20, decimal_places=6, null=True, blank=True)
    # Status thresholds as attainment of the target (1.00 = the target itself); empty = default rule.
    on_track_at = FigureField(
        _("en rumbo desde (porcentaje de la meta)"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    at_risk_at = FigureField(
        _("en riesgo desde (porcentaje de la meta)"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    scale_kind = models.CharField(_("escala"), max_length=10, choices=c.ScaleKind.choices, blank=True)
    scale_min = FigureField(_("mínimo de la escala"), max_digits=12, decimal_places=4, null=True, blank=True)
    scale_max = FigureField(_("máximo de la escala"), max_digits=12, decimal_places=4, null=True, blank=True)
    scale_levels = models.JSONField(_("niveles de la escala"), default=list, blank=True)
    template_slug = models.CharField(max_length=80, blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("indicador")
        verbose_name_plural = _("indicadores")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "slug"], name="kpi_slug_unique_per_coop"),
            models.CheckConstraint(
                condition=Q(on_track_at__isnull=True) | Q(at_risk_at__isnull=True) | Q(at_risk_at__lt=F("on_track_at")),
                name="kpi_thresholds_in_order",
            ),
            models.CheckConstraint(
                condition=Q(scale_min__isnull=True) | Q(scale_max__isnull=True) | Q(scale_min__lt=F("scale_max")),
                name="kpi_scale_in_order",
            ),
            fits_its_column("baseline", name="kpi_baseline_fits"),
            fits_its_column("on_track_at", name="kpi_on_track_at_fits", digits=7, places=4),
            fits_its_column("at_risk_at", name="kpi_at_risk_at_fits", digits=7, places=4),
            fits_its_column("scale_min", name="kpi_scale_min_fits", digits=12, places=4),
            fits_its_column("scale_max", name="kpi_scale_max_fits", digits=12, places=4),
        ]

    def __str__(self):
        return self.name

    @property
    def is_kpi(self) -> bool:
        return self.kind == c.Kind.KPI


class Target(models.Model):
    """A dated target: the KPI's aggregate over [start, end] should reach `value` (or stay in low–high)."""

    cooperative_via = "kpi"  # the path to its cooperative (orgs/editions.py)

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="targets")
    start = models.DateField(_("desde"))
    end = models.DateField(_("hasta"))
    value = FigureField(_("meta"), max_digits=20, decimal_places=6, null=True, blank=True)
    low = FigureField(_("mínimo del rango"), max_digits=20, decimal_places=6, null=True, blank=True)
    high = FigureField(_("máximo del rango"), max_digits=20, decimal_places=6, null=True, blank=True)
    _history_user: "User | None"  # who made the change, for the history (django-simple-history reads it)
    history = HistoricalRecords()

    class Meta:
        ordering = ["start"]
        verbose_name = _("meta")
        constraints = [
            models.CheckConstraint(condition=Q(start__lte=F("end")), name="target_start_before_end"),
            models.CheckConstraint(
                condition=Q(low__isnull=True) | Q(high__isnull=True) | Q(low__lte=F("high")),
                name="target_band_in_order",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | (Q(low__isnull=False) & Q(high__isnull=False)),
                name="target_has_value_or_band",
            ),
            fits_its_column("value", name="target_value_fits"),
            fits_its_column("low", name="target_low_fits"),
            fits_its_column("high", name="target_high_fits"),
        ]

    def __str__(self):
        return f"{self.kpi} {self.start}–{self.end}"


class Measurement(models.Model):
    """One value of a KPI for one period (identified by the period's first day)."""

    cooperative_via = "kpi"  # the path to its cooperative (orgs/editions.py)

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="measurements")
    period = models.DateField(_("periodo"))
    value = FigureField(_("valor"), max_digits=20, decimal_places=6, null=True, blank=True)
    numerator = FigureField(max_digits=20, decimal_places=6, null=True, blank=True)
    denominator = FigureField(max_digits=20, decimal_places=6, null=True, blank=True)
    note = models.CharField(_("nota"), max_length=500, blank=True)
    source = models.CharField(_("origen"), max_length=10, choices=c.Source.choices, default=c.Source.MANUAL)
    source_detail = models.CharField(max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Incremented on every change; an edit made on an older version is refused (no lost update).
    version = models.PositiveIntegerField(default=1)
    _history_user: "User | None"  # who made the change, for the history (django-simple-history reads it)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period"]
        verbose_name = _("valor")
        constraints = [
            models.UniqueConstraint(fields=["kpi", "period"], name="one_value_per_kpi_period"),
            fits_its_column("value", name="measurement_value_fits"),
            fits_its_column("numerator", name="measurement_numerator_fits"),
            fits_its_column("denominator", name="measurement_denominator_fits"),
        ]
        indexes = [models.Index(fields=["kpi", "-period"], name="measurement_latest")]

    def __str__(self):
        return f"{self.kpi} {self.period}: {self.value}"


class SentEntry(models.Model):
    """A value or check-in typed without signal and sent later, stored once whatever the number of sends.

    The phone names each entry with a uuid when it is typed; a send that arrives twice (a retry
    after a dropped answer) finds its uuid here and writes nothing more.
    """

    entry_id = models.UUIDField(primary_key=True)
    cooperative = models.ForeignKey("orgs.Cooperative", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=10)  # "value" or "check_in"
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("envío sin conexión")

    def __str__(self):
        return f"{self.kind} {self.entry_id}"
