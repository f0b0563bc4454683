"""A federation's published statistics of one template, for its own people and for its members' keys.

The same reading as `rumbo federation stats` (`selectors.statistics`, and the same CSV): one row per
period with the count of contributors, the median, the quartiles and the network's total, null
where disclosure control suppresses them. Never a member's figure, a minimum or a maximum.
"""

from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Path, Query

from rumbo.api.auth import token_for
from rumbo.api.federation.membership import FEDERATION, member_of
from rumbo.api.federation.network import TAGS, federation_of_key
from rumbo.api.federation.schemas import SLUG, StatisticsOut, StatRowOut
from rumbo.api.reads import READ_ERRORS, copied
from rumbo.api.routing import router
from rumbo.federation import selectors
from rumbo.federation.exports import COLUMNS, statistics_csv
from rumbo.federation.models import Federation

CSV = "text/csv"
TEMPLATE = Path(..., max_length=80, pattern=SLUG, description="La plantilla del catálogo, como `volumen_vendido`.")
FORMAT = Query(
    "json",
    alias="format",
    description="`json`, o `csv`: las columnas de `rumbo federation stats` (vacías si se suprimen).",
)
STATS_DOC: dict[str, Any] = {
    "responses": {
        200: {
            "content": {
                CSV: {
                    "schema": {"type": "string"},
                    "example": ",".join(COLUMNS) + "\n2025-01-01,14,40120.5,31000,52800,561687\n2025-02-01,4,,,,\n",
                }
            }
        }
    }
}


def _answer(federation: Federation, template: str, fmt: str) -> StatisticsOut | HttpResponse:
    found = selectors.statistics(federation, template)
    if found is None:
        raise Http404
    if fmt == "csv":
        return HttpResponse(statistics_csv(found.rows), content_type=f"{CSV}; charset=utf-8")
    return StatisticsOut(
        federation=federation.cooperative.slug,
        template=found.template_slug,
        unit=found.unit,
        min_contributors=federation.min_contributors,
        rows=[StatRowOut(**copied(r, "period", "contributors", "median", "p25", "p75", "total")) for r in found.rows],
    )


@router.get(
    "/c/{coop_slug}/federation/figures/{template}",
    response={200: StatisticsOut, **READ_ERRORS},
    summary="Cifras de la red de un indicador",
    openapi_extra=STATS_DOC,
    tags=TAGS,
)
def federation_figures(
    request: HttpRequest, coop_slug: str, template: str = TEMPLATE, fmt: Literal["json", "csv"] = FORMAT
) -> StatisticsOut | HttpResponse:
    """Las cifras publicadas de una plantilla del catálogo en la federación de la clave, periodo a periodo.

    Como `rumbo federation stats`. `total` es la suma de la red; para una razón, la razón de las partes sumadas. Un
    documento entero, sin páginas: una fila por periodo.
    """
    return _answer(federation_of_key(token_for(request, coop_slug)), template, fmt)


@router.get(
    "/c/{coop_slug}/networks/{federation_slug}/figures/{template}",
    response={200: StatisticsOut, **READ_ERRORS},
    summary="Cifras de una red de la que se es miembro",
    openapi_extra=STATS_DOC,
    tags=TAGS,
)
def network_figures(
    request: HttpRequest,
    coop_slug: str,
    federation_slug: str = FEDERATION,
    template: str = TEMPLATE,
    fmt: Literal["json", "csv"] = FORMAT,
) -> StatisticsOut | HttpResponse:
    """Las mismas cifras publicadas, para una cooperativa miembro activo de la federación: las de toda la red.

    Solo lo que la federación publica tras el control de divulgación; nunca la cifra de otra cooperativa.
    """
    member = member_of(token_for(request, coop_slug), federation_slug)
    return _answer(member.federation, template, fmt)
