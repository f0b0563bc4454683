"""Pages for raw datasets: the list with their versions, uploading a version, correcting column types, the bin."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from rumbo.accounts.access import AreaDenied, coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.bin import selectors as bin_selectors
from rumbo.bin.registry import kind
from rumbo.bin.services import bin_delete
from rumbo.datasets import selectors
from rumbo.datasets.forms import TypesForm, UploadForm
from rumbo.datasets.models import Dataset, DatasetVersion, Mode
from rumbo.datasets.services.loading import Loaded, dataset_load, dataset_retype, issue_from_json
from rumbo.datasets.services.recompute import metrics_recompute


@coop_view(Role.VIEWER)
@require_safe
def datasets(request: CoopRequest) -> HttpResponse:
    is_admin = request.membership.role == Role.ADMIN
    can_write = request.membership.allows(Role.EDITOR)
    rights = selectors.dataset_rights(request.coop, request.membership) if can_write else None
    context = {
        "datasets": [
            (d, _current(d), _admin_only(rights.blocked.get(d.pk) if rights else None))
            for d in selectors.datasets_of(request.coop)
        ],
        "metrics": selectors.definitions_of(request.coop),
        "deleted": bin_selectors.binned_of(request.coop, kind("datasets")) if is_admin else [],
        "can_write": can_write,
        # recomputing every metric changes every area's computed indicators
        "can_recompute": can_write and rights is not None and rights.recompute_all,
    }
    return render(request, "datasets/datasets.html", context)


def _current(dataset: Dataset) -> DatasetVersion | None:
    versions = list(dataset.versions.all())
    return versions[0] if versions else None


def _admin_only(areas: list[str] | None) -> str:
    """Why the acting editor may not change a dataset («» when they may)."""
    return selectors.admin_only_text(areas) if areas else ""


@coop_view(Role.EDITOR)
def upload(request: CoopRequest) -> HttpResponse:
    initial = {"name": request.GET.get("datos", "")[:80]}
    form = UploadForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            loaded = dataset_load(
                coop=request.coop,
                name=form.cleaned_data["name"],
                data=upload.read(),
                filename=upload.name,
                append=form.cleaned_data["mode"] == Mode.APPEND,
                user=request.user,
                membership=request.membership,
            )
        except AreaDenied as denied:
            form.add_error("name", str(denied))
            return render(
                request,
                "datasets/upload.html",
                {"form": form, "names": selectors.dataset_names(request.coop)},
                status=403,
            )
        except ValidationError as err:
            for field, errors in err.error_dict.items() if hasattr(err, "error_dict") else [(None, err.messages)]:
                form.add_error(field if field in form.fields else None, errors)
        else:
            _report(request, loaded)
            return redirect("datasets:dataset_detail", coop_slug=request.coop.slug, pk=loaded.version.dataset_id)
    status = 400 if request.method == "POST" else 200
    names = selectors.dataset_names(request.coop)
    return render(request, "datasets/upload.html", {"form": form, "names": names}, status=status)


def _report(request: CoopRequest, loaded: Loaded) -> None:
    version, written = loaded.version, loaded.recomputed.written
    messages.success(
        request,
        _("Versión %(number)s de «%(name)s» guardada: %(rows)s filas.")
        % {"number": version.number, "name": version.dataset.name, "rows": version.rows},
    )
    if loaded.recomputed.metrics:
        count = len(loaded.recomputed.metrics)
        messages.info(
            request,
            ngettext(
                "Se recalculó %(n)s métrica (%(changed)s valores cambiaron).",
                "Se recalcularon %(n)s métricas (%(changed)s valores cambiaron).",
                count,
            )
            % {"n": count, "changed": written.changed},
        )
    if loaded.problems:
        messages.warning(
            request,
            ngettext(
                "%(n)s celda no encajaba en su columna y quedó vacía; vea cuáles abajo.",
                "%(n)s celdas no encajaban en su columna y quedaron vacías; vea cuáles abajo.",
                len(loaded.problems),
            )
            % {"n": len(loaded.problems)},
        )


@coop_view(Role.VIEWER)
@require_safe
def dataset_detail(request: CoopRequest, pk: int) -> HttpResponse:
    dataset = selectors.dataset_get(request.coop, pk)
    current = _current(dataset)
    can_write = request.membership.allows(Role.EDITOR)
    admin_only = _admin_only(selectors.dataset_blocked_areas(request.membership, dataset)) if can_write else ""
    can_write = can_write and not admin_only
    context = {
        "dataset": dataset,
        "current": current,
        "versions": list(dataset.versions.all()),
        "problems": [issue_from_json(p).located(_) for p in current.problems] if current else [],
        "types_form": TypesForm(columns=current.columns) if current and can_write else None,
        "metrics": selectors.definitions_of(request.coop, dataset),
        "can_write": can_write,
        "admin_only": admin_only,
    }
    return render(request, "datasets/dataset_detail.html", context)


@coop_view(Role.EDITOR)
@require_POST
def dataset_retype_view(request: CoopRequest, pk: int) -> HttpResponse:
    dataset = selectors.dataset_get(request.coop, pk)
    current = _current(dataset)
    if current is None:
        messages.error(request, _("«%(name)s» todavía no tiene datos.") % {"name": dataset.name})
        return redirect("datasets:dataset_detail", coop_slug=request.coop.slug, pk=dataset.pk)
    form = TypesForm(request.POST, columns=current.columns)
    if form.is_valid():
        try:
            loaded = dataset_retype(
                dataset=dataset, types=form.types(), user=request.user, membership=request.membership
            )
        except ValidationError as err:
            messages.error(request, " ".join(err.messages))
        else:
            _report(request, loaded)
    else:
        messages.error(request, _("Elija número, fecha o texto para cada columna."))
    return redirect("datasets:dataset_detail", coop_slug=request.coop.slug, pk=dataset.pk)


@coop_view(Role.ADMIN)
@require_POST
def dataset_remove(request: CoopRequest, pk: int) -> HttpResponse:
    dataset = selectors.dataset_get(request.coop, pk)
    bin_delete(row=dataset, user=request.user, membership=request.membership)
    messages.success(
        request,
        _("«%(name)s» se movió a la papelera; sus métricas conservan sus valores pero ya no se recalculan.")
        % {"name": dataset.name},
    )
    return redirect("datasets:datasets", coop_slug=request.coop.slug)


@coop_view(Role.EDITOR)
@require_POST
def recompute(request: CoopRequest) -> HttpResponse:
    try:
        result = metrics_recompute(coop=request.coop, user=request.user, membership=request.membership)
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
    else:
        count = len(result.metrics)
        messages.success(
            request,
            ngettext(
                "Se recalculó %(n)s métrica (%(changed)s valores cambiaron).",
                "Se recalcularon %(n)s métricas (%(changed)s valores cambiaron).",
                count,
            )
            % {"n": count, "changed": result.written.changed},
        )
    return redirect("datasets:datasets", coop_slug=request.coop.slug)
