"""OKR cycles, objectives, key results and weekly check-ins; the scores come from rumbo.engine.okrs.okr."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rumbo.bin.models import Binnable
from rumbo.kpis.choices import Area
from rumbo.kpis.fields import FigureField
from rumbo.kpis.models import fits_its_column
from rumbo.okrs.choices import Kind, Type

if TYPE_CHECKING:
    from rumbo.accounts.models import User
    from rumbo.kpis.models import Kpi


class Cycle(models.Model):
    """The dates OKRs run between: a calendar quarter by default, or any dated span (a harvest, a year)."""

    cooperative = models.ForeignKey("orgs.Cooperative", on_delete=models.CASCADE, related_name="okr_cycles")
    name = models.CharField(_("nombre"), max_length=80)
    start = models.DateField(_("inicio"))
    end = models.DateField(_("fin"))
    check_in_days = models.PositiveSmallIntegerField(
        _("días entre seguimientos"), default=7, help_text=_("7: un seguimiento por semana, lo usual en un trimestre.")
    )
    closed_at = models.DateTimeField(_("cerrado el"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    _history_user: "User | None"  # who made the change, for the history (django-simple-history reads it)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start", "end"]
        verbose_name = _("ciclo de OKR")
        verbose_name_plural = _("ciclos de OKR")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")),
                name="okr_cycle_start_before_end",
                violation_error_message=_("El ciclo debe terminar después de empezar."),
            ),
            models.CheckConstraint(
                condition=Q(check_in_days__gte=1),
                name="okr_cycle_check_in_days_positive",
                violation_error_message=_("Los días entre seguimientos deben ser al menos 1."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class OkrObjective(Binnable):
    """What the cooperative or one of its teams wants to achieve in a cycle (the «qué» of an OKR)."""

    cooperative = models.ForeignKey("orgs.Cooperative", on_delete=models.CASCADE, related_name="okr_objectives")
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("ciclo"))
    title = models.CharField(_("objetivo"), max_length=200)
    description = models.TextField(_("descripción"), blank=True)
    # Empty: an objective of the whole cooperative; otherwise a team's.
    area = models.CharField(_("equipo o área"), max_length=20, choices=Area.choices, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_okrs",
        verbose_name=_("responsable"),
    )
    type = models.CharField(_("tipo"), max_length=12, choices=Type.choices, default=Type.COMMITTED)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("se alinea con"),
    )
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    position = models.PositiveIntegerField(default=0)
    reflection = models.TextField(_("reflexión del cierre"), blank=True)
    final_grade = FigureField(_("nota final"), max_digits=3, decimal_places=2, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("objetivo OKR")
        verbose_name_plural = _("objetivos OKR")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="okr_objective_not_own_parent",
                violation_error_message=_("Un objetivo no puede alinearse consigo mismo."),
            ),
            models.CheckConstraint(
                condition=Q(final_grade__isnull=True) | Q(final_grade__gte=0, final_grade__lte=1),
                name="okr_objective_final_grade_range",
            ),
        ]

    def __str__(self):
        return self.title


class KeyResult(models.Model):
    """How the objective's progress is measured: a number or a percentage to move, or a milestone."""

    cooperative_via = "objective"  # the path to its cooperative (orgs/editions.py)

    objective = models.ForeignKey(OkrObjective, on_delete=models.CASCADE, related_name="key_results")
    title = models.CharField(_("resultado clave"), max_length=200)
    kind = models.CharField(_("tipo"), max_length=10, choices=Kind.choices, default=Kind.NUMBER)
    baseline = FigureField(_("línea base"), max_digits=20, decimal_places=6, null=True, blank=True)
    target = FigureField(_("meta"), max_digits=20, decimal_places=6, null=True, blank=True)
    # The latest checked-in value; for a key result that follows a KPI, the KPI's value at the close.
    current = FigureField(_("valor actual"), max_digits=20, decimal_places=6, null=True, blank=True)
    done = models.BooleanField(_("hecho"), default=False)
    weight = FigureField(_("peso"), max_digits=20, decimal_places=6, default=1)
    kpi = models.ForeignKey(
        "kpis.Kpi",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_results",
        verbose_name=_("sigue al indicador"),
    )
    position = models.PositiveIntegerField(default=0)
    final_grade = FigureField(_("nota final"), max_digits=3, decimal_places=2, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    _history_user: "User | None"  # who made the change, for the history (django-simple-history reads it)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("resultado clave")
        verbose_name_plural = _("resultados clave")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gt=0),
                name="okr_key_result_weight_positive",
                violation_error_message=_("El peso debe ser mayor que cero."),
            ),
            models.CheckConstraint(
                condition=Q(kind=Kind.MILESTONE)
                | (Q(baseline__isnull=False) & Q(target__isnull=False) & ~Q(baseline=F("target"))),
                name="okr_key_result_target_differs_from_baseline",
                violation_error_message=_(
                    "Un número o porcentaje necesita una línea base y una meta distinta de ella."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kind=Kind.MILESTONE) | Q(kpi__isnull=True),
                name="okr_milestone_follows_no_kpi",
                violation_error_message=_("Un hito se marca como hecho o no; no puede seguir a un indicador."),
            ),
            fits_its_column("baseline", name="okr_key_result_baseline_fits"),
            fits_its_column("target", name="okr_key_result_target_fits"),
            fits_its_column("current", name="okr_key_result_current_fits"),
            fits_its_column("weight", name="okr_key_result_weight_fits"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_milestone(self) -> bool:
        return self.kind == Kind.MILESTONE

    @property
    def followed_kpi(self) -> "Kpi | None":
        """The KPI to name on pages: none while it is in the bin (its values still count)."""
        return self.kpi if self.kpi is not None and self.kpi.deleted_at is None else None


class CheckIn(models.Model):
    """A weekly look at one key result: where it is, how confident the owner is (0–10), and what happened."""

    cooperative_via = "key_result.objective"  # the path to its cooperative (orgs/editions.py)

    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="check_ins")
    date = models.DateField(_("fecha"))
    # For a key result that follows a KPI, the KPI's value on that day, kept for the timeline.
    value = FigureField(_("valor"), max_digits=20, decimal_places=6, null=True, blank=True)
    done = models.BooleanField(_("hecho"), null=True, blank=True)
    confidence = models.PositiveSmallIntegerField(_("confianza (0 a 10)"))
    comment = models.TextField(_("comentario"), blank=True, max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    _history_user: "User | None"  # who made the change, for the history (django-simple-history reads it)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("seguimiento")
        verbose_name_plural = _("seguimientos")
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence__gte=0, confidence__lte=10),
                name="okr_check_in_confidence_0_10",
                violation_error_message=_("La confianza es un número entero de 0 a 10."),
            ),
            # A second check-in on the same day replaces the first: the timeline has one point per day.
            models.UniqueConstraint(fields=["key_result", "date"], name="okr_one_check_in_per_day"),
            fits_its_column("value", name="okr_check_in_value_fits"),
        ]

    def __str__(self):
        return f"{self.key_result} {self.date}: {self.confidence}/10"
