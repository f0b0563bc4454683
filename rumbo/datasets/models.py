"""Raw records the cooperative uploads (datasets and their versions) and the metrics computed from them."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rumbo.bin.models import Binnable
from rumbo.kpis.choices import Frequency

if TYPE_CHECKING:
    from rumbo.accounts.models import User


class Dataset(Binnable):
    """A named table of raw records («ventas», «acopio», «actividades»); its data lives in its versions."""

    cooperative = models.ForeignKey("orgs.Cooperative", on_delete=models.CASCADE, related_name="datasets")
    name = models.CharField(_("nombre"), max_length=80)
    # The name without case or accents: «Ventas» and «ventas» are the same dataset.
    key = models.CharField(max_length=80, editable=False)
    description = models.TextField(_("descripción"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("conjunto de datos")
        verbose_name_plural = _("conjuntos de datos")
        constraints = [models.UniqueConstraint(fields=["cooperative", "key"], name="dataset_name_unique_per_coop")]

    def __str__(self):
        return self.name


class Mode(models.TextChoices):
    REPLACE = "replace", _("Reemplaza los datos")
    APPEND = "append", _("Agrega filas")
    RETYPE = "retype", _("Corrige los tipos de columna")


class DatasetVersion(models.Model):
    """One upload (or type correction) of a dataset: a Parquet file that is never changed afterwards.

    `sources` are the uploaded files whose rows make up this version, oldest first
    ({"file": path under MEDIA_ROOT, "name": the name it was uploaded with}): one for a
    replacement, the previous version's plus the new one for an append. They are kept so
    a type correction can read the files again, as the person wrote them.
    """

    cooperative_via = "dataset"  # the path to its cooperative (orgs/editions.py)

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versión"))
    mode = models.CharField(_("modo"), max_length=10, choices=Mode.choices)
    file = models.CharField(max_length=300)  # the Parquet file, relative to MEDIA_ROOT
    original = models.CharField(max_length=300, blank=True)  # this upload as received, relative to MEDIA_ROOT
    original_name = models.CharField(_("archivo"), max_length=255, blank=True)
    sources = models.JSONField(default=list)
    rows = models.PositiveIntegerField(_("filas"))
    columns = models.JSONField(default=list)  # [[name, "number" | "date" | "text"], …] in column order
    # the types people chose by hand ({name: type}); later uploads read those columns the same way
    corrections = models.JSONField(default=dict)
    problems = models.JSONField(default=list)  # the first cells that did not fit their column, located
    problem_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["dataset", "-number"]
        verbose_name = _("versión de datos")
        constraints = [models.UniqueConstraint(fields=["dataset", "number"], name="one_dataset_version_number")]

    def __str__(self):
        return f"{self.dataset} v{self.number}"

    @property
    def label(self) -> str:
        """How values computed from it say where they came from: «ventas v3»."""
        return f"{self.dataset.name} v{self.number}"

    @property
    def types(self) -> dict[str, str]:
        return dict(self.columns)


class MetricDefinition(models.Model):
    """How a KPI or metric is computed: a measure over a dataset, or a formula over other metrics."""

    cooperative_via = "kpi"  # the path to its cooperative (orgs/editions.py)

    kpi = models.OneToOneField(
        "kpis.Kpi", on_delete=models.CASCADE, related_name="definition", verbose_name=_("indicador")
    )
    dataset = models.ForeignKey(
        Dataset, on_delete=models.CASCADE, null=True, blank=True, related_name="metrics", verbose_name=_("datos")
    )
    measure = models.CharField(_("medida"), max_length=200, blank=True)
    date_column = models.CharField(_("columna de fecha"), max_length=200, blank=True)
    grain = models.CharField(_("periodo"), max_length=10, choices=Frequency.choices, default=Frequency.MONTH)
    filter = models.CharField(_("filtro"), max_length=500, blank=True)
    formula = models.TextField(_("fórmula"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    _history_user: "User | None"  # who made the change, for the history (django-simple-history reads it)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cálculo de una métrica")
        constraints = [
            models.CheckConstraint(
                condition=(Q(dataset__isnull=False) & ~Q(measure="") & Q(formula=""))
                | (Q(dataset__isnull=True) & ~Q(formula="")),
                name="metric_from_dataset_or_formula",
            ),
        ]

    def __str__(self):
        return f"{self.kpi}: {self.formula or self.measure}"

    @property
    def is_formula(self) -> bool:
        return bool(self.formula)
