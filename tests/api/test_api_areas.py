"""An API key has no areas yet: it writes every KPI of its cooperative, whatever becomes of the person who made it."""

from datetime import date

from rumbo.accounts.models import Membership
from rumbo.api.services import token_create
from rumbo.kpis.models import Measurement
from tests.api.test_api import call
from tests.factories import make_kpi


def test_a_key_made_by_an_admin_later_made_ventas_editor_still_writes_produccion(client, cast):
    produccion = make_kpi(cast.coop, "produccion_total", "Producción total de café", area="produccion")
    _token, key = token_create(coop=cast.coop, name="Báscula", can_write=True, user=cast.admin)
    Membership.objects.filter(pk=cast.admin_membership.pk).update(role="editor", areas=["ventas"])
    response = call(
        client, "post", "/c/coop-a/kpis/produccion_total/values", key, data=[{"period": "2025-02-01", "value": "12"}]
    )
    assert response.json() == {"created": 1, "updated": 0, "unchanged": 0}
    assert Measurement.objects.get(kpi=produccion, period=date(2025, 2, 1)).source == "api"
