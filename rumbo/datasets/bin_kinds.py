"""Datasets in the bin: who may move them, and what goes with the move (registered by DatasetsConfig)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rumbo.accounts import access
from rumbo.bin.registry import Kind, Step, register
from rumbo.datasets.models import Dataset
from rumbo.datasets.selectors import require_dataset


def _refuse_a_taken_name(dataset: Dataset, *, user, who: access.Acting) -> Step:
    if Dataset.objects.filter(cooperative=dataset.cooperative, key=dataset.key).exists():
        raise ValidationError(_("Ya hay otros datos llamados «%(name)s».") % {"name": dataset.name})
    return Step()


def _dataset_files(dataset: Dataset) -> list[str]:
    """Every file a dataset's versions name in the file store."""
    files = []
    for version in dataset.versions.all():
        files += [version.file, version.original, *(source.get("file") for source in version.sources)]
    return files


def _remove_files_after_commit(dataset: Dataset) -> None:
    # Only once the rows are gone for good: a rolled-back purge must leave a dataset that still has its files.
    files = _dataset_files(dataset)

    def remove():
        from rumbo.datasets import storage  # polars with it: not at every start of Rumbo

        storage.remove(files)
        storage.remove_folder(dataset)

    transaction.on_commit(remove)


def register_kinds() -> None:
    register(
        Kind(
            key="datasets",
            slug="datos",
            model=Dataset,
            heading=gettext_lazy("Datos"),
            empty=gettext_lazy("No hay datos en la papelera."),
            restored=lambda dataset: _("«%(name)s» volvió con todas sus versiones.") % {"name": dataset.name},
            check=require_dataset,
            position=40,
            on_restore=_refuse_a_taken_name,
            on_purge=_remove_files_after_commit,
            return_to="datasets:datasets",
        )
    )
