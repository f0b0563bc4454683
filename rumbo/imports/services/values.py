"""Importing KPI values from a spreadsheet: preview, keep the upload, commit all or nothing.

The upload page and `rumbo import values` both go through here (linkding's importer is the
model): `values_preview` reads and plans without writing; `value_import_create` keeps the
file and its preview; `values_commit` applies a kept preview, or nothing at all.
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rumbo.accounts import access
from rumbo.accounts.models import User
from rumbo.engine.errors import RumboError, gettext_noop
from rumbo.engine.numbers import format_number
from rumbo.engine.spreadsheets.sheets import Issue, read_table
from rumbo.engine.spreadsheets.value_import import parse_values
from rumbo.imports.models import ValueImport
from rumbo.imports.planning import CREATE, UNCHANGED, ValuePreview, issue_as_json, issue_from_json, plan_values
from rumbo.imports.uploads import display_name
from rumbo.kpis.choices import Source
from rumbo.kpis.services.values import ManyRecordError, NewValue, values_record_many
from rumbo.orgs.models import Cooperative

TOO_BIG = gettext_noop("«%(name)s» pesa %(size)s MB; el máximo es %(limit)s MB.")
TOO_MANY = gettext_noop(
    "«%(name)s» tiene %(count)s valores; se importan hasta %(limit)s de una vez. Divida el archivo, o cárguelo "
    "como datos en bruto (Datos) si son registros de ventas, acopio o actividades."
)
# Each value is checked and written with its own history row: beyond this a page would wait
# too long. Raw records in the hundreds of thousands are datasets, not KPI values.
MAX_VALUES = 20_000
KEPT_PROBLEMS = 1_000  # enough to fix a file; the count says how many there were


@dataclass(frozen=True)
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def size_error(name: str, size: int) -> RumboError | None:
    """The engine's own refusal for a file over RUMBO_UPLOAD_MAX_BYTES, said before reading it."""
    limit = settings.RUMBO_UPLOAD_MAX_BYTES
    if size <= limit:
        return None
    return RumboError(
        TOO_BIG, name=name, size=format_number(size / 1_048_576, 1), limit=format_number(limit / 1_048_576, 0)
    )


def values_preview(
    *, coop: Cooperative, data: bytes, filename: str, user: User | None = None, membership: access.Acting | None = None
) -> ValuePreview:
    """What importing `data` would create, change and leave alone, with every problem; writes nothing.

    `user` limits the KPIs to the areas that person may edit; without one (the command
    line) every KPI of the cooperative may receive values.
    """
    filename = display_name(filename)
    try:
        table = read_table(data, filename, max_bytes=settings.RUMBO_UPLOAD_MAX_BYTES)
    except RumboError as error:
        return ValuePreview(filename=filename, layout="", values=(), problems=(Issue.from_error(error),))
    parse = parse_values(table, harvest_start_month=coop.harvest_start_month)
    if len(parse.rows) > MAX_VALUES:
        params = {"name": filename, "count": format_number(len(parse.rows)), "limit": format_number(MAX_VALUES)}
        return ValuePreview(filename=filename, layout=parse.layout, values=(), problems=(Issue(TOO_MANY, params),))
    return plan_values(
        coop=coop, table=table, parse=parse, data=data, filename=filename, user=user, membership=membership
    )


@transaction.atomic
def value_import_create(
    *,
    coop: Cooperative,
    data: bytes,
    filename: str,
    user: User | None = None,
    membership: access.Acting | None = None,
    preview: ValuePreview | None = None,
) -> ValueImport:
    """Keep the uploaded file with its preview; a file that cannot be imported is kept too, as failed.

    `preview` is the one the caller just made of the same file for the same person, if any: it is not made again.
    """
    if (error := size_error(display_name(filename), len(data))) is not None:
        raise ValidationError(error.translated(_))
    if preview is None:
        preview = values_preview(coop=coop, data=data, filename=filename, user=user, membership=membership)
    value_import = ValueImport(
        cooperative=coop,
        filename=preview.filename,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=user,
    )
    _keep_plan(value_import, preview)
    value_import.file.save(filename, ContentFile(data), save=False)
    value_import.save()
    return value_import


def values_commit(
    *, coop: Cooperative, import_: ValueImport, user: User | None = None, membership: access.Acting | None = None
) -> ImportResult:
    """Apply a previewed import: every value or none, and only exactly what the preview showed.

    The kept file is read again; if the plan differs from the preview (someone changed a
    value, a KPI, or who may write it, in between) nothing is written and the import shows
    the new preview instead.
    """
    if import_.cooperative_id != coop.pk:
        raise ValueError("the import belongs to another cooperative")
    try:
        with transaction.atomic():
            return _commit(coop, import_, user, membership)
    except ValidationError as err:
        return ImportResult(total=import_.total, failed=1, errors=list(err.messages))


def _commit(
    coop: Cooperative, import_: ValueImport, user: User | None, membership: access.Acting | None
) -> ImportResult:
    locked = ValueImport.objects.select_for_update().get(pk=import_.pk)
    if locked.status == ValueImport.Status.COMMITTED:
        return ImportResult(total=locked.total, unchanged=locked.total, errors=[_("Esta importación ya se aplicó.")])
    with locked.file.open("rb") as handle:
        data = handle.read()
    preview = values_preview(coop=coop, data=data, filename=locked.filename, user=user, membership=membership)
    if preview.digest != locked.plan_digest:
        _keep_plan(locked, preview)
        locked.save()
        _copy(locked, import_)
        return ImportResult(
            total=preview.total,
            failed=preview.failed,
            errors=[
                _("Los valores cambiaron desde la vista previa; revise la nueva vista previa y confirme otra vez.")
            ],
        )
    if not preview.ok:
        return ImportResult(total=preview.total, failed=preview.failed, errors=[p.located(_) for p in preview.problems])
    planned = [p for p in preview.values if p.action != UNCHANGED]
    try:
        values_record_many(
            [NewValue(p.kpi, p.period, p.value, p.note, p.version) for p in planned],
            user=user,
            source=Source.IMPORT,
            source_detail=locked.filename,
            membership=membership,
        )
    except ManyRecordError as err:
        raise ValidationError(
            _("Fila %(row)s: %(reason)s") % {"row": planned[err.index].row, "reason": " ".join(err.messages)}
        ) from None
    locked.status = ValueImport.Status.COMMITTED
    locked.committed_by, locked.committed_at = user, timezone.now()
    locked.save(update_fields=["status", "committed_by", "committed_at"])
    _copy(locked, import_)
    return ImportResult(
        total=preview.total, created=preview.created, updated=preview.updated, unchanged=preview.unchanged
    )


def _keep_plan(value_import: ValueImport, preview: ValuePreview) -> None:
    value_import.layout = preview.layout
    value_import.total, value_import.failed = preview.total, preview.failed
    value_import.created, value_import.updated, value_import.unchanged = (
        preview.created,
        preview.updated,
        preview.unchanged,
    )
    value_import.problems = [issue_as_json(p) for p in preview.problems[:KEPT_PROBLEMS]]
    value_import.notices = [issue_as_json(n) for n in preview.notices]
    value_import.rows = [v.as_json() for v in preview.values]
    value_import.plan_digest = preview.digest
    value_import.status = ValueImport.Status.PREVIEWED if preview.ok else ValueImport.Status.FAILED


def _copy(source: ValueImport, target: ValueImport) -> None:
    if source is not target:
        for name in (
            "status",
            "committed_by",
            "committed_at",
            "layout",
            "total",
            "created",
            "updated",
            "unchanged",
            "failed",
            "problems",
            "notices",
            "rows",
            "plan_digest",
        ):
            setattr(target, name, getattr(source, name))


def problems_of(value_import: ValueImport) -> list[Issue]:
    return [issue_from_json(p) for p in value_import.problems]


def notices_of(value_import: ValueImport) -> list[Issue]:
    return [issue_from_json(n) for n in value_import.notices]


__all__ = ["CREATE", "ImportResult", "size_error", "value_import_create", "values_commit", "values_preview"]
