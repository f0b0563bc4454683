"""`rumbo purge`: what has been in the bin longer than the retention period is deleted for good, nothing else."""

from datetime import timedelta

import pytest
from click.testing import CliRunner
from django.utils import timezone

from rumbo.bin.services import bin_purge
from rumbo.cli import main
from rumbo.kpis.models import Kpi, Measurement, Objective


def _binned(obj, days_ago):
    obj.deleted_at = timezone.now() - timedelta(days=days_ago)
    obj.save()


def test_it_deletes_for_good_only_what_is_older_than_the_retention_period(cast):
    _binned(cast.kpi, 31)
    _binned(cast.objective, 31)
    recent = Kpi.objects.create(cooperative=cast.coop, slug="reciente", name="Reciente", area="ventas")
    _binned(recent, 29)
    result = CliRunner().invoke(main, ["purge"])
    assert result.exit_code == 0, result.output
    assert (
        "Se borraron para siempre 1 indicadores, 1 objetivos, 0 objetivos OKR y 0 conjuntos de datos (con sus archivos) "
        "que llevaban más de 30 días" in result.output
    )
    assert (
        not Kpi.all_objects.filter(pk=cast.kpi.pk).exists()
        and not Measurement.objects.filter(kpi_id=cast.kpi.pk).exists()
    )
    assert not Objective.all_objects.filter(pk=cast.objective.pk).exists()
    assert Kpi.all_objects.filter(pk=recent.pk).exists() and Kpi.objects.filter(pk=cast.other_kpi.pk).exists()


def test_the_deletion_stays_in_the_history(cast):
    _binned(cast.kpi, 40)
    bin_purge()
    assert Kpi.history.filter(id=cast.kpi.pk, history_type="-").exists()
    assert Measurement.history.filter(id=cast.measurement.pk, history_type="-").exists()


def test_the_retention_period_comes_from_the_settings_or_the_command_line(cast, settings):
    _binned(cast.kpi, 8)
    settings.RUMBO_TRASH_DAYS = 10
    assert bin_purge()["kpis"] == 0
    result = CliRunner().invoke(main, ["purge", "--days", "7"])
    assert "1 indicadores" in result.output and not Kpi.all_objects.filter(pk=cast.kpi.pk).exists()


@pytest.mark.django_db
def test_live_kpis_are_never_purged(cast):
    assert bin_purge(days=0)["kpis"] == 0
    assert Kpi.objects.filter(pk=cast.kpi.pk).exists()
