"""The JSON API (OpenAPI 3 at /api/v1/openapi.json): read a cooperative's KPIs, push values."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from ninja import NinjaAPI
from ninja.security import HttpBearer

from rumbo.accounts import access
from rumbo.api.models import ApiToken
from rumbo.api.schemas import KpiOut, Problem, Saved, ValueIn, ValueOut
from rumbo.api.services import digest
from rumbo.kpis.choices import Source
from rumbo.kpis.models import Kpi, Measurement
from rumbo.kpis.readings import read_board
from rumbo.kpis.services.measurements import measurement_record


class BearerKey(HttpBearer):
    def authenticate(self, request, token):
        found = ApiToken.objects.select_related("cooperative", "created_by").filter(key_hash=digest(token), revoked_at__isnull=True).first()
        if found is not None:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        return found


api = NinjaAPI(
    title="Rumbo API", version="1", urls_namespace="api", auth=BearerKey(), docs_url=None,
    description="KPIs y valores de una cooperativa. Autenticación: `Authorization: Bearer <clave>`; una clave sirve solo a su cooperativa.",
)


def _token_for(request, coop_slug: str) -> ApiToken:
    """The key's cooperative must be the one in the path: any other is simply not found."""
    if request.auth.cooperative.slug != coop_slug:
        raise Http404
    return request.auth


def _kpi(token: ApiToken, kpi_slug: str) -> Kpi:
    return get_object_or_404(Kpi.objects.select_related("cooperative"), cooperative=token.cooperative, slug=kpi_slug)


@api.get("/c/{coop_slug}/kpis", response=list[KpiOut], summary="Indicadores con su estado")
def kpi_list(request, coop_slug: str):
    token = _token_for(request, coop_slug)
    board = read_board(token.cooperative, today=timezone.localdate())
    lang = get_language() or "es"
    objectives = {o.pk: o.title for o, _ in board.objectives}
    out = []
    for kpi in board.kpis:
        reading = board.reading(kpi)
        out.append(KpiOut(
            slug=kpi.slug, name=kpi.name, kind=kpi.kind, area=kpi.area, unit=kpi.unit, frequency=kpi.frequency,
            direction=kpi.direction, objective=objectives.get(kpi.objective_id), period=reading.period, value=reading.value,
            target=reading.target.value if reading.target else None, status=str(reading.status), story=reading.story.get(lang, ""),
        ))
    return out


@api.get("/c/{coop_slug}/kpis/{kpi_slug}/values", response=list[ValueOut], summary="Valores de un indicador")
def value_list(request, coop_slug: str, kpi_slug: str):
    kpi = _kpi(_token_for(request, coop_slug), kpi_slug)
    return list(Measurement.objects.filter(kpi=kpi).order_by("period"))


@api.post("/c/{coop_slug}/kpis/{kpi_slug}/values", response={200: Saved, 403: Problem, 422: Problem}, summary="Registrar valores")
def value_push(request, coop_slug: str, kpi_slug: str, values: list[ValueIn]):
    """Create or replace the values of these periods, all or none.

    A pushing system is the source of these figures, so a period that already has a value
    takes the new one (the change is kept in the history); the same value again changes nothing.
    """
    token = _token_for(request, coop_slug)
    kpi = _kpi(token, kpi_slug)
    if not token.can_write:
        return 403, Problem(detail="Esta clave solo puede leer.")
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    try:
        with transaction.atomic():
            current = dict(Measurement.objects.select_for_update().filter(kpi=kpi, period__in=[v.period for v in values]).values_list("period", "version"))
            for i, item in enumerate(values, start=1):
                try:
                    result = measurement_record(
                        kpi=kpi, period=item.period, value=item.value, note=item.note, user=token.created_by,
                        version=current.get(item.period), source=Source.API, source_detail=token.name,
                        membership=access.API_KEY,  # a key has no areas yet: it writes every KPI of its cooperative
                    )
                except ValidationError as err:
                    raise ValidationError(f"Valor {i} ({item.period.isoformat()}): {' '.join(err.messages)}") from None
                current[item.period] = result.measurement.version
                counts["created" if result.created else "updated" if result.changed else "unchanged"] += 1
    except ValidationError as err:
        return 422, Problem(detail=" ".join(err.messages))
    return 200, Saved(**counts)
