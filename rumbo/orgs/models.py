"""Cooperatives: the tenants of Rumbo; every other row belongs to exactly one."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

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
