"""Loading raw records as a new dataset version (replace or append), correcting column types, the bin.

Reading and typing the file happens before any lock is taken. Then, in one transaction,
the dataset is locked, the Parquet file and the upload are written (aside, then renamed),
the version row is created and every metric over the dataset is recomputed: the version
is there with its values, or neither is.
"""

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import polars as pl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from rumbo.accounts import access
from rumbo.accounts.models import User
from rumbo.datasets import storage
from rumbo.datasets.computing import spec_of
from rumbo.datasets.models import Dataset, DatasetVersion, Mode
from rumbo.datasets.selectors import require_dataset
from rumbo.datasets.services.recompute import Recomputed, metrics_recompute
from rumbo.engine.computed.datasets import ColumnType, column_names, column_types, table_to_dataset
from rumbo.engine.computed.datasets import Dataset as Typed
from rumbo.engine.errors import RumboError
from rumbo.engine.spreadsheets.sheets import Issue, Table, read_table
from rumbo.engine.spreadsheets.value_import import name_key
from rumbo.orgs.models import Cooperative

KEPT_PROBLEMS = 50
Kind = TypeVar("Kind")  # what a correction says of a column: its type word, or nothing yet
_NAME = re.compile(r"^[\w][\w .()-]*$")
TYPE_WORDS = {
    "number": ColumnType.NUMBER, "numero": ColumnType.NUMBER, "numerica": ColumnType.NUMBER, "numeros": ColumnType.NUMBER,
    "date": ColumnType.DATE, "fecha": ColumnType.DATE, "fechas": ColumnType.DATE,
    "text": ColumnType.TEXT, "texto": ColumnType.TEXT,
}  # fmt: skip


@dataclass(frozen=True)
class Loaded:
    version: DatasetVersion
    problems: list[Issue]  # cells emptied because they did not fit their column
    recomputed: Recomputed


def clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Dé un nombre a los datos, por ejemplo «ventas» o «acopio».")})
    if len(name) > 80 or not _NAME.match(name):
        raise ValidationError(
            {
                "name": _(
                    "El nombre de los datos puede tener hasta 80 letras, números, espacios, guiones, puntos y paréntesis."
                )
            }
        )
    return name


def clean_types(types: Mapping[str, str] | None) -> dict[str, ColumnType]:
    cleaned = {}
    for column, kind in (types or {}).items():
        word = TYPE_WORDS.get(name_key(kind))
        if word is None:
            raise ValidationError(
                _("«%(kind)s» no es un tipo de columna: use número, fecha o texto (columna «%(column)s»).")
                % {"kind": kind, "column": column}
            )
        cleaned[column] = word
    return cleaned


def dataset_find(coop: Cooperative, name: str, *, deleted: bool = False) -> Dataset | None:
    manager = Dataset.all_objects if deleted else Dataset.objects
    return manager.filter(cooperative=coop, key=name_key(name)[:80]).first()


def latest_version(dataset: Dataset | None) -> DatasetVersion | None:
    return dataset.versions.order_by("-number").first() if dataset is not None and dataset.pk else None


def dataset_load(
    *,
    coop: Cooperative,
    name: str,
    data: bytes,
    filename: str,
    append: bool = False,
    types: Mapping[str, str] | None = None,
    user: User | None = None,
    membership: access.Acting | None = None,
) -> Loaded:
    """Store `data` (a spreadsheet of raw records) as the next version of the dataset `name`.

    A dataset whose metrics feed indicators of areas the acting person does not edit is
    theirs to read, not to change (403).
    """
    who = access.acting(coop, user, membership)
    name = clean_name(name)
    filename = storage.safe_filename(filename)
    cleaned = clean_types(types)
    dataset = dataset_find(coop, name, deleted=True)
    if dataset is not None and dataset.deleted_at is not None:
        raise ValidationError(
            _("Los datos «%(name)s» están en la papelera: restáurelos o use otro nombre.") % {"name": dataset.name}
        )
    if dataset is not None:
        require_dataset(who, dataset)
    previous = latest_version(dataset)
    if append and previous is None:
        raise ValidationError(
            _("No hay datos «%(name)s» a los que agregar filas: súbalos primero sin «agregar».") % {"name": name}
        )
    upload, chosen = _typed(coop, data, filename, cleaned, previous, append)
    problems = list(upload.problems)
    if append:
        assert previous is not None, "appending to no data is refused above"
        wanted = {**previous.types, **_resolve(cleaned, previous.types)}
        if wanted == previous.types:
            frame = pl.concat([storage.read_frame(previous.file), upload.frame], how="vertical")
        else:  # a type corrected while appending: every earlier file is read again with it
            frame, problems = _from_sources(coop, previous.sources, wanted)
            frame = pl.concat([frame, upload.frame], how="vertical")
            problems += upload.problems
    else:
        frame = upload.frame
    _check_records(frame, filename, dataset)
    return _store(
        coop,
        name,
        dataset,
        previous,
        frame,
        problems,
        user,
        upload=(data, filename),
        mode=Mode.APPEND if append else Mode.REPLACE,
        corrections=chosen,
        who=who,
    )


def dataset_retype(
    *, dataset: Dataset, types: Mapping[str, str], user: User | None = None, membership: access.Acting | None = None
) -> Loaded:
    """A new version with some columns read as another type, from the files as they were uploaded."""
    who = access.acting(dataset.cooperative, user, membership)
    require_dataset(who, dataset)
    previous = latest_version(dataset)
    if previous is None:
        raise ValidationError(_("«%(name)s» todavía no tiene datos.") % {"name": dataset.name})
    wanted = {**previous.types, **_resolve(clean_types(types), previous.types)}
    if wanted == previous.types:
        raise ValidationError(_("Las columnas ya tienen esos tipos; no hay nada que corregir."))
    frame, problems = _from_sources(dataset.cooperative, previous.sources, wanted)
    _check_records(frame, previous.original_name or dataset.name, dataset)
    corrections = {**previous.corrections, **{n: str(k) for n, k in wanted.items() if k != previous.types[n]}}
    return _store(
        dataset.cooperative,
        dataset.name,
        dataset,
        previous,
        frame,
        problems,
        user,
        upload=None,
        mode=Mode.RETYPE,
        corrections=corrections,
        who=who,
    )


def _typed(
    coop: Cooperative,
    data: bytes,
    filename: str,
    types: Mapping[str, str],
    previous: DatasetVersion | None,
    append: bool,
) -> tuple[Typed, dict[str, str]]:
    """The upload typed, and the corrections by hand the dataset keeps from now on.

    Appended rows are read with the dataset's types; a replacement is read afresh, except
    for the columns whose type someone corrected before.
    """
    try:
        table = read_table(data, filename, max_bytes=settings.RUMBO_UPLOAD_MAX_BYTES)
    except RumboError as error:
        raise ValidationError(error.translated(_)) from None
    kept = dict(previous.corrections) if previous is not None else {}
    if append:
        assert previous is not None, "appending to no data is refused in `dataset_load`"
        table = _renamed(table, _match_columns(table, previous, filename))
        chosen = {**kept, **{n: str(k) for n, k in _resolve(types, previous.types).items()}}
        overrides = {**previous.types, **chosen}
    else:
        columns = dict.fromkeys(column_names(table))
        kept = {n: k for n, k in kept.items() if name_key(n) in {name_key(c) for c in columns}}
        chosen = {**_resolve(kept, columns), **{n: str(k) for n, k in _resolve(types, columns).items()}}
        overrides = chosen
    try:
        typed = table_to_dataset(table, overrides, harvest_start_month=coop.harvest_start_month)
    except RumboError as error:
        raise ValidationError(error.translated(_)) from None
    if append:
        assert previous is not None, "appending to no data is refused in `dataset_load`"
        typed = Typed(typed.frame.select(list(previous.types)), typed.types, typed.problems, typed.letters)
    return typed, chosen


def _resolve(types: Mapping[str, Kind], known: Collection[str]) -> dict[str, Kind]:
    """Type corrections keyed by the dataset's own spelling of each column."""
    by_key = {name_key(name): name for name in known}
    out: dict[str, Kind] = {}
    for column, kind in types.items():
        if name_key(column) not in by_key:
            raise ValidationError(
                _("La columna «%(column)s» no existe. Columnas disponibles: %(columns)s.")
                % {"column": column, "columns": ", ".join(known)}
            )
        out[by_key[name_key(column)]] = kind
    return out


def _match_columns(table: Table, previous: DatasetVersion, filename: str) -> list[str]:
    """The previous version's name for each column of `table`; the columns must be the same ones."""
    by_key = {name_key(name): name for name in previous.types}
    names = column_names(table)
    missing = [n for k, n in by_key.items() if k not in {name_key(x) for x in names}]
    extra = [n for n in names if name_key(n) not in by_key]
    if missing or extra:
        parts = []
        if missing:
            parts.append(_("le faltan %(columns)s") % {"columns": ", ".join(f"«{c}»" for c in missing)})
        if extra:
            parts.append(_("sobran %(columns)s") % {"columns": ", ".join(f"«{c}»" for c in extra)})
        raise ValidationError(
            _("Para agregar filas, «%(file)s» debe tener las mismas columnas que «%(name)s»: %(problems)s.")
            % {"file": filename, "name": previous.dataset.name, "problems": _(" y ").join(parts)}
        )
    return [by_key[name_key(n)] for n in names]


def _renamed(table: Table, names: list[str]) -> Table:
    return replace(table, header=names)


def _from_sources(
    coop: Cooperative, sources: list[dict[str, str]], types: Mapping[str, str]
) -> tuple[pl.DataFrame, list[Issue]]:
    """Every uploaded file of a version read again with `types`, in the order they were added."""
    frames: list[pl.DataFrame] = []
    problems: list[Issue] = []
    for source in sources:
        data = storage.read_bytes(source["file"])
        try:
            table = read_table(data, source["name"], max_bytes=max(settings.RUMBO_UPLOAD_MAX_BYTES, len(data)))
        except RumboError as error:
            raise ValidationError(error.translated(_)) from None
        names = {name_key(n): n for n in types}
        table = _renamed(table, [names.get(name_key(n), n) for n in column_names(table)])
        try:
            typed = table_to_dataset(table, types, harvest_start_month=coop.harvest_start_month)
        except RumboError as error:
            raise ValidationError(error.translated(_)) from None
        frames.append(typed.frame.select(list(types)))
        problems += typed.problems
    return pl.concat(frames, how="vertical"), problems


def _check_records(frame: pl.DataFrame, filename: str, dataset: Dataset | None) -> None:
    if frame.height == 0:
        raise ValidationError(_("«%(file)s» tiene encabezados pero ninguna fila de datos.") % {"file": filename})
    kinds = column_types(frame)
    if ColumnType.DATE not in kinds.values():
        raise ValidationError(
            _(
                "«%(file)s» no tiene ninguna columna de fechas (como «Fecha» con 31/12/2025): las métricas reparten "
                "los registros por periodo y necesitan una. Columnas leídas: %(columns)s."
            )
            % {"file": filename, "columns": ", ".join(f"{n} ({_type_word(k)})" for n, k in kinds.items())}
        )
    if dataset is None or dataset.pk is None:
        return
    broken = []
    for definition in dataset.metrics.filter(kpi__deleted_at__isnull=True).select_related("kpi", "kpi__cooperative"):
        try:
            spec_of(definition, kinds, dataset.cooperative)
        except RumboError as error:
            broken.append(f"«{definition.kpi.name}»: {error.translated(_)}")
    if broken:
        raise ValidationError(
            _("Con estos datos no se podrían calcular sus métricas; corrija el archivo o las métricas. %(problems)s")
            % {"problems": " ".join(broken)}
        )


def _type_word(kind: ColumnType) -> str:
    return {ColumnType.NUMBER: _("número"), ColumnType.DATE: _("fecha"), ColumnType.TEXT: _("texto")}[kind]


def _store(
    coop: Cooperative,
    name: str,
    dataset: Dataset | None,
    previous: DatasetVersion | None,
    frame: pl.DataFrame,
    problems: list[Issue],
    user: User | None,
    *,
    upload: tuple[bytes, str] | None,
    mode: str,
    corrections: dict[str, str],
    who: access.Acting,
) -> Loaded:
    written: list[str] = []
    try:
        with transaction.atomic():
            dataset = _locked(coop, name, dataset, user)
            last = dataset.versions.aggregate(last=Max("number"))["last"] or 0
            if previous is not None and mode != Mode.REPLACE and last != previous.number:
                raise ValidationError(
                    _("Alguien subió otra versión de «%(name)s» mientras tanto; vuelva a intentarlo.")
                    % {"name": dataset.name}
                )
            number = last + 1
            storage.sweep(dataset, last)  # what a load that crashed before its commit left behind
            sources = list(previous.sources) if previous is not None and mode != Mode.REPLACE else []
            original = original_name = ""
            if upload is not None:
                data, original_name = upload
                original = storage.original_path(dataset, number, original_name)
                written.append(original)
                storage.write_bytes(data, original)
                sources.append({"file": original, "name": original_name})
            path = storage.parquet_path(dataset, number)
            written.append(path)
            storage.write_parquet(frame, path)
            version = DatasetVersion.objects.create(
                dataset=dataset,
                number=number,
                mode=mode,
                file=path,
                original=original,
                original_name=original_name or (previous.original_name if previous else ""),
                sources=sources,
                rows=frame.height,
                columns=[[n, str(k)] for n, k in column_types(frame).items()],
                corrections=corrections,
                problems=[_issue_json(p) for p in problems[:KEPT_PROBLEMS]],
                problem_count=len(problems),
                created_by=user,
            )
            # checked again under the lock: a metric defined meanwhile may feed another area now
            recomputed = metrics_recompute(coop=coop, dataset=dataset, user=user, membership=who)
    except BaseException:
        storage.remove(written)
        raise
    return Loaded(version, problems, recomputed)


def _locked(coop: Cooperative, name: str, dataset: Dataset | None, user: User | None) -> Dataset:
    """The dataset, locked until the transaction ends (created if new), so loads of it take turns."""
    if dataset is None:
        try:
            with transaction.atomic():
                dataset = Dataset(cooperative=coop, name=name, key=name_key(name)[:80], created_by=user)
                dataset._history_user = user
                dataset.save()
        except IntegrityError:
            raise ValidationError(
                _("Alguien creó los datos «%(name)s» al mismo tiempo; vuelva a intentarlo.") % {"name": name}
            ) from None
        return dataset
    return Dataset.objects.select_for_update().get(pk=dataset.pk)


def _issue_json(issue: Issue) -> dict[str, Any]:
    return {
        "template": issue.template,
        "params": {k: str(v) for k, v in issue.params.items()},
        "row": issue.row,
        "column": issue.column,
        "header": issue.header,
    }


def issue_from_json(row: dict[str, Any]) -> Issue:
    return Issue(row["template"], row["params"], row.get("row"), row.get("column"), row.get("header"))
