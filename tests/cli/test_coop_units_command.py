"""`rumbo coop units list|set|remove`: a cooperative's own units from a script, checked as on the page."""

from decimal import Decimal

import pytest
from click.testing import CliRunner

from rumbo.cli import main
from rumbo.federation.models import Contribution
from rumbo.federation.services.sharing import share_start
from rumbo.kpis.services.values import NewValue, values_record_many
from rumbo.orgs.models import LocalUnit
from rumbo.orgs.selectors import local_units_of
from tests.federation.network import MONTHS, VOLUME, catalogue_kpi, join
from tests.federation.screens import built

pytestmark = pytest.mark.django_db


def units(*args: str):
    return CliRunner().invoke(main, ["coop", "units", *args])


def test_a_unit_is_set_changed_listed_and_removed(cast):
    done = units("set", "--coop", "coop-a", "Saco grande", "46,5 kg")
    assert done.exit_code == 0 and "Unidad definida: Saco grande = 46,5 kg" in done.output
    done = units("set", "--coop", "coop-a", "saco  GRANDE", "47 kg")
    assert done.exit_code == 0 and "Unidad cambiada: saco GRANDE = 47 kg" in done.output
    assert units("list", "--coop", "coop-a").output.splitlines() == ["lata = 12,5 kg", "saco GRANDE = 47 kg"]
    done = units("remove", "--coop", "coop-a", "Saco Grande")
    assert done.exit_code == 0 and "Unidad quitada: saco GRANDE" in done.output
    assert local_units_of(cast.coop) == {"lata": "12,5 kg"}
    history = LocalUnit.history.filter(cooperative=cast.coop).exclude(id=cast.local_unit.pk)
    assert [h.history_type for h in history.order_by("history_id")] == ["+", "~", "-"]


def test_a_refused_unit_says_why_in_spanish_and_fails(cast):
    for args, said in (
        (("set", "--coop", "coop-a", "bono", "5 USD"), "no dinero: «USD» es una moneda"),
        (("set", "--coop", "coop-a", "saco", "2 latas"), "«latas» es otra unidad propia"),
        (("remove", "--coop", "coop-a", "caja"), "no tiene una unidad propia llamada «caja»"),
        (("list", "--coop", "nadie"), "No existe la cooperativa «nadie»"),
    ):
        done = units(*args)
        assert done.exit_code != 0 and said in done.output, done.output
    assert local_units_of(cast.coop) == {"lata": "12,5 kg"}


def test_a_change_from_the_command_line_sends_the_shared_kpis_again():
    net = built(5)
    join(net, 5)
    coop, admin, member = net.coops[5], net.admins[5], net.members[5]
    kpi = catalogue_kpi(coop, VOLUME, unit="latas")
    values_record_many([NewValue(kpi, MONTHS[0], Decimal(8))], user=admin, source="import")
    assert units("set", "--coop", coop.slug, "lata", "12,5 kg").exit_code == 0
    share_start(kpi=kpi, member=member, user=admin)
    assert Contribution.objects.get(member=member).value == 100
    assert units("set", "--coop", coop.slug, "lata", "15 kg").exit_code == 0
    assert Contribution.objects.get(member=member, period=MONTHS[0]).value == 120
