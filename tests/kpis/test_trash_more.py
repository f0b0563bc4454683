"""The bin also holds datasets and OKR objectives: an admin sees and restores them, and the purge empties them."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rumbo.bin.services import bin_delete, bin_purge
from rumbo.datasets import storage
from rumbo.datasets.models import Dataset, DatasetVersion
from rumbo.datasets.services.loading import dataset_load
from rumbo.files import store
from rumbo.okrs.models import CheckIn, KeyResult, OkrObjective

SALES_CSV = b"Fecha;Monto\n05/01/2024;1.200,50\n02/02/2024;300\n"


def _trash_page(client, cast) -> str:
    return client.get(reverse("bin:trash", args=[cast.coop.slug])).content.decode()


def _restore_url(cast, coop=None):
    return reverse("bin:okr_objectives", args=[(coop or cast.coop).slug, cast.okr_objective.pk])


def _binned(obj, days_ago):
    type(obj).all_objects.filter(pk=obj.pk).update(deleted_at=timezone.now() - timedelta(days=days_ago))


def _loaded_dataset(cast, name="ventas") -> Dataset:
    return dataset_load(
        coop=cast.coop, name=name, data=SALES_CSV, filename=f"{name}.csv", user=cast.editor
    ).version.dataset


def test_an_admin_sees_a_dataset_and_an_okr_objective_in_the_bin_and_until_when(as_admin, cast):
    bin_delete(row=cast.dataset, user=cast.admin)
    bin_delete(row=cast.okr_objective, user=cast.admin)
    page = _trash_page(as_admin, cast)
    until = (timezone.localdate() + timedelta(days=30)).strftime("%d/%m/%Y")
    assert "ventas" in page and "Ampliar la venta directa" in page and "Ciclo «Trimestre en curso»" in page
    assert page.count(f"se puede restaurar hasta el {until}") == 2
    assert reverse("bin:datasets", args=[cast.coop.slug, cast.dataset.pk]) in page
    assert _restore_url(cast) in page


def test_the_bin_says_when_it_holds_no_datasets_or_okr_objectives(as_admin, cast):
    page = _trash_page(as_admin, cast)
    assert "No hay objetivos OKR en la papelera." in page and "No hay datos en la papelera." in page


def test_a_binned_dataset_is_still_listed_on_the_data_page(as_admin, cast):
    bin_delete(row=cast.dataset, user=cast.admin)
    assert "Datos en la papelera" in as_admin.get(reverse("datasets:datasets", args=[cast.coop.slug])).content.decode()


def test_an_admin_restores_a_dataset_from_the_bin(as_admin, cast):
    bin_delete(row=cast.dataset, user=cast.admin)
    as_admin.post(reverse("bin:datasets", args=[cast.coop.slug, cast.dataset.pk]))
    assert Dataset.objects.filter(pk=cast.dataset.pk).exists()
    assert "No hay datos en la papelera." in _trash_page(as_admin, cast)


def test_an_admin_restores_an_okr_objective_and_it_is_back_on_the_okr_page(as_admin, cast):
    bin_delete(row=cast.okr_objective, user=cast.admin)
    okr_page = reverse("okrs:page", args=[cast.coop.slug])
    assert "Ampliar la venta directa" not in as_admin.get(okr_page).content.decode()
    response = as_admin.post(_restore_url(cast), follow=True)
    assert "volvió al ciclo «Trimestre en curso» con sus resultados clave" in response.content.decode()
    assert "Ampliar la venta directa" in as_admin.get(okr_page).content.decode()
    assert OkrObjective.objects.get(pk=cast.okr_objective.pk).key_results.count() == 2
    latest = OkrObjective.history.filter(id=cast.okr_objective.pk).latest("history_id")
    assert latest.history_user == cast.admin and latest.deleted_at is None


def test_a_restored_okr_objective_leaves_a_parent_that_is_still_in_the_bin(as_admin, cast):
    parent = OkrObjective.objects.create(cooperative=cast.coop, cycle=cast.okr_cycle, title="Crecer")
    OkrObjective.objects.filter(pk=cast.okr_objective.pk).update(parent=parent)
    cast.okr_objective.refresh_from_db()
    bin_delete(row=cast.okr_objective, user=cast.admin)
    bin_delete(row=parent, user=cast.admin)
    as_admin.post(_restore_url(cast))
    assert OkrObjective.objects.get(pk=cast.okr_objective.pk).parent_id is None


def test_an_okr_objective_of_a_closed_cycle_stays_in_the_bin(as_admin, cast):
    bin_delete(row=cast.okr_objective, user=cast.admin)
    cast.okr_cycle.closed_at = timezone.now()
    cast.okr_cycle.save()
    response = as_admin.post(_restore_url(cast), follow=True)
    assert "ya se cerró: sus OKR quedan como se calificaron y no admiten cambios" in response.content.decode()
    assert OkrObjective.all_objects.get(pk=cast.okr_objective.pk).deleted_at is not None


def test_an_okr_objective_not_in_the_bin_cannot_be_restored(as_admin, cast):
    assert as_admin.post(_restore_url(cast)).status_code == 404


@pytest.mark.parametrize("who", ["editor", "viewer"])
def test_only_admins_restore_an_okr_objective(client, cast, who):
    bin_delete(row=cast.okr_objective, user=cast.admin)
    client.force_login(getattr(cast, who))
    assert client.post(_restore_url(cast)).status_code == 403
    assert not OkrObjective.objects.filter(pk=cast.okr_objective.pk).exists()


def test_another_cooperatives_okr_objective_is_out_of_reach(as_outsider, cast):
    bin_delete(row=cast.okr_objective, user=cast.admin)
    assert as_outsider.post(_restore_url(cast, cast.other_coop)).status_code == 404
    assert as_outsider.post(_restore_url(cast)).status_code == 404
    own_bin = as_outsider.get(reverse("bin:trash", args=[cast.other_coop.slug])).content.decode()
    assert "Ampliar la venta directa" not in own_bin
    assert not OkrObjective.objects.filter(pk=cast.okr_objective.pk).exists()


def test_the_page_costs_the_same_queries_however_much_is_in_the_bin(as_admin, cast, django_assert_max_num_queries):
    bin_delete(row=cast.dataset, user=cast.admin)
    bin_delete(row=cast.okr_objective, user=cast.admin)
    with django_assert_max_num_queries(30) as few:
        _trash_page(as_admin, cast)
    for n in range(5):
        dataset = Dataset.objects.create(cooperative=cast.coop, name=f"d{n}", key=f"d{n}")
        bin_delete(row=dataset, user=cast.admin)
        objective = OkrObjective.objects.create(cooperative=cast.coop, cycle=cast.okr_cycle, title=f"o{n}")
        bin_delete(row=objective, user=cast.admin)
    with django_assert_max_num_queries(len(few.captured_queries)):
        _trash_page(as_admin, cast)


def test_the_purge_deletes_an_old_dataset_with_its_files_and_keeps_a_recent_one(
    cast, django_capture_on_commit_callbacks
):
    old, recent = _loaded_dataset(cast), _loaded_dataset(cast, "acopio")
    recent_files = [v.file for v in recent.versions.all()]
    assert store.names_under(storage.folder(old))
    _binned(old, 31)
    _binned(recent, 29)
    with django_capture_on_commit_callbacks(execute=True):
        result = bin_purge()
    assert result["datasets"] == 1
    assert (
        not Dataset.all_objects.filter(pk=old.pk).exists()
        and not DatasetVersion.objects.filter(dataset_id=old.pk).exists()
    )
    assert not store.names_under(storage.folder(old))
    assert Dataset.all_objects.filter(pk=recent.pk).exists() and all(map(store.storage().exists, recent_files))


def test_the_files_stay_until_the_purge_is_committed(cast, django_capture_on_commit_callbacks):
    dataset = _loaded_dataset(cast)
    _binned(dataset, 31)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        bin_purge()
    assert len(callbacks) == 1 and store.names_under(storage.folder(dataset))


def test_the_purge_deletes_an_old_okr_objective_with_its_key_results_and_check_ins(cast):
    CheckIn.objects.create(key_result=cast.key_result, date=date.today(), value=20, confidence=6)
    recent = OkrObjective.objects.create(cooperative=cast.coop, cycle=cast.okr_cycle, title="Reciente")
    _binned(cast.okr_objective, 31)
    _binned(recent, 29)
    assert bin_purge()["okr_objectives"] == 1
    assert not OkrObjective.all_objects.filter(pk=cast.okr_objective.pk).exists()
    assert not KeyResult.objects.filter(objective_id=cast.okr_objective.pk).exists()
    assert not CheckIn.objects.filter(key_result_id=cast.key_result.pk).exists()
    assert CheckIn.history.filter(key_result_id=cast.key_result.pk, history_type="-").exists()
    assert OkrObjective.all_objects.filter(pk=recent.pk).exists()


def test_live_datasets_and_okr_objectives_are_never_purged(cast):
    result = bin_purge(days=0)
    assert (result["datasets"], result["okr_objectives"]) == (0, 0)
    assert (
        Dataset.objects.filter(pk=cast.dataset.pk).exists()
        and OkrObjective.objects.filter(pk=cast.okr_objective.pk).exists()
    )
