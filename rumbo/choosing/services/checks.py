"""What adoption checks before it writes, from the catalogue page and the assistant alike.

A template the cooperative already measures is refused (rumbo.engine.choice.tracked's rule), and
adopting past the cooperative's KPI limit needs a confirmation first.
"""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rumbo.choosing.selectors import tracked_templates
from rumbo.engine.choice.catalog import KpiTemplate
from rumbo.engine.choice.quality import Limits
from rumbo.kpis.choices import Kind
from rumbo.kpis.models import Kpi
from rumbo.orgs.models import Cooperative


class OverLimit(ValidationError):
    """Adopting would take the cooperative past its KPI limit: ask before doing it."""

    def __init__(self, *, count: int, limit: int):
        self.count, self.limit = count, limit
        super().__init__(
            _(
                "Tendrá %(count)d indicadores; su límite es %(limit)d. Con más indicadores se pierde de "
                "vista lo importante: confirme si quiere adoptarlos de todos modos, o deje alguno sin meta "
                "(quedará como métrica)."
            )
            % {"count": count, "limit": limit},
            code="over_limit",
        )


def kpi_limit(coop: Cooperative) -> int:
    """The most KPIs the cooperative follows before the quality check warns of data overload."""
    return Limits().total


def refuse_tracked(*, coop: Cooperative, templates: Sequence[KpiTemplate], lang: str = "es") -> None:
    """Refuse a template the cooperative already measures, or the same template twice in one adoption."""
    tracked = tracked_templates(coop)
    problems, seen = [], set()
    for t in templates:
        if t.slug in tracked:
            problems.append(
                _(
                    "La cooperativa ya mide «%(template)s» con el indicador «%(kpi)s»: ábralo en lugar de "
                    "adoptarlo otra vez."
                )
                % {"template": t.name(lang), "kpi": tracked[t.slug].name}
            )
        elif t.slug in seen:
            problems.append(
                _("«%(template)s» está dos veces en la lista: déjelo una sola vez.") % {"template": t.name(lang)}
            )
        seen.add(t.slug)
    if problems:
        raise ValidationError(problems, code="tracked")


def check_limit(*, coop: Cooperative, adding: int, confirmed: bool) -> None:
    """OverLimit when `adding` new KPIs would pass the cooperative's limit and nobody confirmed it."""
    if adding < 1 or confirmed:
        return
    count = Kpi.objects.filter(cooperative=coop, kind=Kind.KPI).count() + adding
    limit = kpi_limit(coop)
    if count > limit:
        raise OverLimit(count=count, limit=limit)
