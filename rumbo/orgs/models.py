"""Cooperatives: the tenants of Rumbo; every other row belongs to exactly one."""

from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from rumbo.accounts.models import User

MONTH = [MinValueValidator(1), MaxValueValidator(12)]


class Kind(models.TextChoices):
    """A cooperative, or a federation whose members are cooperatives (rumbo/federation)."""

    COOPERATIVE = "cooperative", _("Cooperativa")
    FEDERATION = "federation", _("Federación")


class Cooperative(models.Model):
    slug = models.SlugField(_("identificador"), max_length=60, unique=True)
    name = models.CharField(_("nombre"), max_length=200)
    country = models.CharField(_("país"), max_length=80, blank=True)
    fiscal_year_start_month = models.PositiveSmallIntegerField(
        _("mes de inicio del año fiscal"), default=1, validators=MONTH
    )
    harvest_start_month = models.PositiveSmallIntegerField(
        _("mes de inicio de la cosecha"), default=10, validators=MONTH
    )
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    kind = models.CharField(_("tipo de organización"), max_length=12, choices=Kind.choices, default=Kind.COOPERATIVE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("cooperativa")
        verbose_name_plural = _("cooperativas")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fiscal_year_start_month__range=(1, 12)), name="coop_fiscal_month"
            ),
            models.CheckConstraint(condition=models.Q(harvest_start_month__range=(1, 12)), name="coop_harvest_month"),
        ]

    def __str__(self):
        return self.name


class LocalUnit(models.Model):
    """One of a cooperative's own units («lata» = «12,5 kg»): what its KPIs measured in it are worth in a known unit.

    Such units change from one place to the next, so each cooperative says its own; a federation
    compares its KPIs only after they are converted with them (rumbo/engine/network/units.py).
    `key` is the name as the engine reads it (lower case, no accents), one per cooperative. Every
    change is kept in the history: it changes the figures the cooperative sends to its networks.
    """

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="local_units")
    name = models.CharField(_("nombre"), max_length=40)
    key = models.CharField(max_length=40)
    definition = models.CharField(_("equivale a"), max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)
    _history_user: "User | None"  # who made the change, for the history (django-simple-history reads it)
    history = HistoricalRecords()

    class Meta:
        ordering = ["key", "id"]
        verbose_name = _("unidad propia")
        verbose_name_plural = _("unidades propias")
        constraints = [models.UniqueConstraint(fields=["cooperative", "key"], name="one_local_unit_per_name")]

    def __str__(self):
        return f"{self.name} = {self.definition}"


class Edition(models.Model):
    """One edition of a cooperative's data: a row written in the same transaction as every change to it.

    The newest row's token names what the pages show (orgs/editions.py). Rows are only ever added,
    so concurrent writers never wait on each other; no foreign key, so a row may outlive its
    cooperative until the daily pruning.
    """

    cooperative_id = models.PositiveBigIntegerField()
    token = models.CharField(max_length=32)

    class Meta:
        indexes = [models.Index(fields=["cooperative_id", "-id"], name="edition_newest")]

    def __str__(self):
        return f"{self.cooperative_id}:{self.token}"
